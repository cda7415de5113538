"""A linear text classifier shared by sentiment and the review queue: TF-IDF features and a logistic
regression trained with scikit-learn, saved as plain JSON and loaded without pickle.

Features: word n-grams over the output of a named *input* function (``"text"``: the normalised,
lower-cased words; ``"family_keys"``: each word's family key from the text pipeline, which folds
Kazakh and Russian inflection, so «сотқа», «соттың» count as one feature), and character n-grams
over the normalised, lower-cased text. Other packages add their own inputs with `register_input`.

Public API::

    settings = Features(word_ngrams=(1, 2), char_ngrams=(2, 5), input="family_keys", lang="kk")
    model = train(texts, labels, features=settings, C=4.0, class_weight="balanced")
    model.predict_proba(texts)   # n × len(model.classes) array, rows sum to 1
    model.predict(texts)         # the most probable class of each text
    model.explain(text, k=5)     # [(feature, contribution), …] that pushed toward the predicted class
    model.explain_batch(texts, k=5)             # the same for many texts, one feature matrix
    model.save(path)             # .json or .json.gz
    load(path)                   # a LinearModel; raises ModelFileError on a bad file
    cross_validate(texts, labels, folds=5, …)   # macro-F1 per fold and mean, via `train`
    scores(gold, predicted, classes)            # per-class P/R/F1, macro-F1, accuracy, confusion

The file holds the feature settings, each vocabulary as a list (index → term), the idf weights,
coefficients, intercepts, classes, the format version and the versions of sarap, scikit-learn and
the text pipeline it was trained with, plus free-form `meta` (e.g. a model card). Prediction is
vectorised: the texts become one sparse matrix and the scores one sparse × dense product.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

FORMAT = "sarap-linear-text-model/1"
InputFunction = Callable[[Sequence[str], str | None], list[str]]
_INPUTS: dict[str, InputFunction] = {}


class ModelFileError(ValueError):
    """A model file that cannot be read: names the file and what is wrong."""


def register_input(name: str, function: InputFunction) -> None:
    """Make a word-input function available to `Features(input=name)`. It maps (texts, lang), the
    texts normalised and lower-cased, to one string per text whose whitespace-separated tokens the
    word n-grams are built from."""
    _INPUTS[name] = function


def _normalised(texts: Sequence[str]) -> list[str]:
    from sarap.text import normalise

    return [t.lower() for t in normalise.normalise_batch(texts)]


def _text_input(texts: Sequence[str], lang: str | None) -> list[str]:
    from sarap.text import fast_tokens

    return [" ".join(fast_tokens.words(t)) for t in texts]


def _family_keys_input(texts: Sequence[str], lang: str | None) -> list[str]:
    from sarap.text import families, fast_tokens

    out = []
    for text in texts:
        words = fast_tokens.words(text)
        keys = [families.word_keys(w, lang or "unknown") for w in words]
        out.append(" ".join(k[0] if k else w for k, w in zip(keys, words, strict=True)))
    return out


register_input("text", _text_input)
register_input("family_keys", _family_keys_input)


@dataclass(frozen=True)
class Features:
    """What a model is built from. `None` for word_ngrams or char_ngrams leaves that kind out."""

    word_ngrams: tuple[int, int] | None = (1, 2)
    char_ngrams: tuple[int, int] | None = (2, 5)
    input: str = "text"  # a registered input function (see register_input)
    lang: str | None = None  # passed to the input function (family keys depend on the language)
    char_analyzer: str = "char_wb"  # "char_wb" (n-grams inside words) or "char"
    min_df: int = 2  # a term must occur in this many training texts
    max_features: int | None = None  # per kind, the most frequent kept
    sublinear_tf: bool = True

    def __post_init__(self) -> None:
        if self.word_ngrams is None and self.char_ngrams is None:
            raise ValueError("a model needs word or character n-grams")
        if self.input not in _INPUTS:
            raise ValueError(f"unknown input {self.input!r}; registered: {', '.join(sorted(_INPUTS))}")

    def words(self, texts: Sequence[str]) -> list[str]:
        return _INPUTS[self.input](texts, self.lang)

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Features:
        def pair(value: Any) -> tuple[int, int] | None:
            return None if value is None else (int(value[0]), int(value[1]))

        return Features(pair(data.get("word_ngrams")), pair(data.get("char_ngrams")), str(data["input"]),
                        data.get("lang"), str(data.get("char_analyzer", "char_wb")),
                        int(data.get("min_df", 1)), data.get("max_features"),
                        bool(data.get("sublinear_tf", True)))


def _vectoriser(kind: str, f: Features, vocabulary: list[str] | None = None) -> TfidfVectorizer:
    common: dict[str, Any] = {"sublinear_tf": f.sublinear_tf, "dtype": np.float32,
                              "vocabulary": {t: i for i, t in enumerate(vocabulary)} if vocabulary else None}
    if vocabulary is None:
        common.update(min_df=f.min_df, max_features=f.max_features)
    if kind == "word":
        assert f.word_ngrams is not None
        return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=f.word_ngrams, **common)
    assert f.char_ngrams is not None
    return TfidfVectorizer(analyzer=f.char_analyzer, lowercase=False, ngram_range=f.char_ngrams, **common)


def _versions() -> dict[str, str]:
    import sklearn

    from sarap import __version__

    versions = {"sarap": __version__, "scikit_learn": sklearn.__version__}
    try:  # the text core may stamp its pipeline; models record it so a change can be noticed
        from sarap.text import pipeline

        stamp = getattr(pipeline, "PIPELINE_VERSION", getattr(pipeline, "VERSION", "unversioned"))
        versions["text_pipeline"] = str(stamp)
    except ImportError:  # pragma: no cover
        pass
    return versions


@dataclass
class LinearModel:
    features: Features
    classes: tuple[str, ...]
    vectorisers: dict[str, TfidfVectorizer]  # "word" and/or "char", fitted
    coef: np.ndarray  # (1 for binary, else classes) × features; word features first, then char
    intercept: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=_versions)
    feature_names: np.ndarray = field(init=False, repr=False)  # index → "w:term" / "c:term"

    def __post_init__(self) -> None:
        names = [np.asarray([f"{kind[0]}:{t}" for t in vec.get_feature_names_out()], dtype=object)
                 for kind, vec in self.vectorisers.items()]
        self.feature_names = np.concatenate(names) if names else np.asarray([], dtype=object)
        if self.coef.shape[1] != len(self.feature_names):
            raise ModelFileError(f"{self.coef.shape[1]} coefficients per class for {len(self.feature_names)} "
                                 "features")

    def matrix(self, texts: Sequence[str], *, normalised: bool = False) -> sparse.csr_matrix:
        """The TF-IDF feature matrix of the texts (one row each). `normalised`: the caller has already
        run sarap.text.normalise on them (saves doing it twice in a scoring pipeline)."""
        parts = []
        normalised_texts = [t.lower() for t in texts] if normalised else _normalised(texts)
        if "word" in self.vectorisers:
            parts.append(self.vectorisers["word"].transform(self.features.words(normalised_texts)))
        if "char" in self.vectorisers:
            parts.append(self.vectorisers["char"].transform(normalised_texts))
        return sparse.hstack(parts, format="csr") if len(parts) > 1 else parts[0].tocsr()

    def decision(self, x: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(x @ self.coef.T) + self.intercept

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities, one row per text, columns in the order of `classes`."""
        if not texts:
            return np.zeros((0, len(self.classes)))
        return _probabilities(self.decision(self.matrix(texts)))

    def predict(self, texts: Sequence[str]) -> list[str]:
        probs = self.predict_proba(texts)
        return [self.classes[i] for i in probs.argmax(axis=1)] if len(texts) else []

    def explain(self, text: str, k: int = 5, label: str | None = None) -> list[tuple[str, float]]:
        """The k features of the text that pushed most toward `label` (default: the predicted class),
        with their contribution (tf-idf × coefficient, relative to the other classes' mean)."""
        return self.explain_batch([text], k, label)[0]

    def explain_batch(self, texts: Sequence[str], k: int = 5,
                      label: str | None = None) -> list[list[tuple[str, float]]]:
        """`explain` for many texts at once (one feature matrix for all)."""
        if not texts:
            return []
        x = self.matrix(texts)
        if label is None:
            targets = _probabilities(self.decision(x)).argmax(axis=1)
        else:
            targets = np.full(len(texts), self.classes.index(label))
        out = []
        for row, target in enumerate(targets):
            start, end = x.indptr[row], x.indptr[row + 1]
            cols, values = x.indices[start:end], x.data[start:end]
            pushes = values * self._weights(cols, int(target))
            top = np.argsort(-pushes)[:k]
            out.append([(str(self.feature_names[cols[i]]), round(float(pushes[i]), 4))
                        for i in top if pushes[i] > 0])
        return out

    def _weights(self, cols: np.ndarray, target: int) -> np.ndarray:
        if self.coef.shape[0] == 1:  # binary: one weight vector, toward classes[1]
            return self.coef[0, cols] * (1 if target == 1 else -1)
        rest = (self.coef[:, cols].sum(axis=0) - self.coef[target, cols]) / (len(self.classes) - 1)
        return self.coef[target, cols] - rest

    def to_dict(self) -> dict[str, Any]:
        def floats(a: np.ndarray) -> list[Any]:
            return np.round(a.astype(float), 5).tolist()

        return {"format": FORMAT, "classes": list(self.classes), "features": asdict(self.features),
                "vocabulary": {k: v.get_feature_names_out().tolist() for k, v in self.vectorisers.items()},
                "idf": {k: floats(v.idf_) for k, v in self.vectorisers.items()},
                "coef": floats(self.coef), "intercept": floats(self.intercept),
                "versions": self.versions, "meta": self.meta}

    def save(self, path: Path) -> Path:
        """Write the model as JSON; gzip-compressed when the name ends in .gz."""
        body = json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(body, mtime=0) if path.suffix == ".gz" else body)
        return path


def _probabilities(scores: np.ndarray) -> np.ndarray:
    if scores.shape[1] == 1:  # binary logistic regression
        p = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        return np.column_stack([1 - p, p])
    scores = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def train(texts: Sequence[str], labels: Sequence[str], *, features: Features | None = None, C: float = 4.0,
          class_weight: str | dict[str, float] | None = "balanced", max_iter: int = 1000,
          meta: dict[str, Any] | None = None) -> LinearModel:
    """Fit the vectorisers and a logistic regression (binary or multinomial) on labelled texts."""
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    if len(set(labels)) < 2:
        raise ValueError("training needs at least two classes")
    f = features or Features()
    vectorisers, parts, normalised = {}, [], _normalised(texts)
    if f.word_ngrams is not None:
        vectorisers["word"] = _vectoriser("word", f)
        parts.append(vectorisers["word"].fit_transform(f.words(normalised)))
    if f.char_ngrams is not None:
        vectorisers["char"] = _vectoriser("char", f)
        parts.append(vectorisers["char"].fit_transform(normalised))
    x = sparse.hstack(parts, format="csr") if len(parts) > 1 else parts[0].tocsr()
    lr = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter, solver="lbfgs")
    lr.fit(x, list(labels))
    return LinearModel(f, tuple(str(c) for c in lr.classes_), vectorisers, lr.coef_.astype(np.float32),
                       lr.intercept_.astype(np.float32), dict(meta or {}))


def load(path: Path) -> LinearModel:
    """Read a model written by `LinearModel.save` (.json or .json.gz); no code is executed."""
    try:
        raw = path.read_bytes()
        data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        return from_dict(data)
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError) as exc:
        raise ModelFileError(f"{path}: not a readable linear text model ({exc})") from None


def from_dict(data: dict[str, Any]) -> LinearModel:
    if data.get("format") != FORMAT:
        raise ModelFileError(f"format {data.get('format')!r}, expected {FORMAT!r}")
    f = Features.from_dict(data["features"])
    vectorisers = {}
    for kind in ("word", "char"):
        if kind in data["vocabulary"]:
            vec = _vectoriser(kind, f, data["vocabulary"][kind])
            vec.idf_ = np.asarray(data["idf"][kind], dtype=np.float32)
            vectorisers[kind] = vec
    return LinearModel(f, tuple(data["classes"]), vectorisers, np.asarray(data["coef"], dtype=np.float32),
                       np.asarray(data["intercept"], dtype=np.float32), data.get("meta", {}),
                       data.get("versions", {}))


def scores(gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> dict[str, Any]:
    """Per-class precision/recall/F1/support, macro-F1 over `classes`, accuracy, and the confusion
    matrix (rows: gold, columns: predicted, both in the order of `classes`). A prediction outside
    `classes` (say "neutral" against two-class gold) is a miss for its gold class, counted under
    `confusion.other`."""
    index = {c: i for i, c in enumerate(classes)}
    confusion = np.zeros((len(classes), len(classes)), dtype=int)
    other = np.zeros(len(classes), dtype=int)
    for g, p in zip(gold, predicted, strict=True):
        if g in index and p in index:
            confusion[index[g], index[p]] += 1
        elif g in index:
            other[index[g]] += 1
    per_class = {}
    for c, i in index.items():
        tp, said, support = confusion[i, i], confusion[:, i].sum(), confusion[i, :].sum() + other[i]
        precision = tp / said if said else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = {"precision": round(float(precision), 4), "recall": round(float(recall), 4),
                        "f1": round(float(f1), 4), "support": int(support)}
    macro = sum(v["f1"] for v in per_class.values()) / len(classes) if classes else 0.0
    right = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {"per_class": per_class, "macro_f1": round(macro, 4),
            "accuracy": round(right / len(gold), 4) if gold else 0.0,
            "confusion": {"classes": list(classes), "matrix": confusion.tolist(), "other": other.tolist()},
            "n": len(gold)}


def folds_of(labels: Sequence[str], folds: int, seed: int = 13) -> list[int]:
    """A stratified fold number per item: each class is shuffled (seeded) and dealt round the folds."""
    by_class: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_class.setdefault(label, []).append(i)
    out = [0] * len(labels)
    rng = random.Random(seed)
    for label in sorted(by_class):
        items = by_class[label]
        rng.shuffle(items)
        for n, i in enumerate(items):
            out[i] = n % folds
    return out


def cross_validate(texts: Sequence[str], labels: Sequence[str], *, folds: int = 5, seed: int = 13,
                   classes: Sequence[str] | None = None, **train_args: Any) -> dict[str, Any]:
    """Stratified k-fold: trains on k-1 folds, scores the held-out one; returns the per-fold
    macro-F1, their mean and standard deviation, and the scores of all held-out predictions."""
    fold = folds_of(labels, folds, seed)
    predicted: list[str] = [""] * len(texts)
    per_fold = []
    names = list(classes) if classes is not None else sorted(set(labels))
    for k in range(folds):
        train_rows = [i for i, f in enumerate(fold) if f != k]
        test_rows = [i for i, f in enumerate(fold) if f == k]
        model = train([texts[i] for i in train_rows], [labels[i] for i in train_rows], **train_args)
        guess = model.predict([texts[i] for i in test_rows])
        for i, g in zip(test_rows, guess, strict=True):
            predicted[i] = g
        per_fold.append(scores([labels[i] for i in test_rows], guess, names)["macro_f1"])
    return {"folds": folds, "macro_f1_per_fold": per_fold,
            "macro_f1_mean": round(float(np.mean(per_fold)), 4),
            "macro_f1_std": round(float(np.std(per_fold)), 4), "pooled": scores(labels, predicted, names)}
