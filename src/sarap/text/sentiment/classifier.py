"""The classifier: TF-IDF word n-grams over family keys and character n-grams over the normalised
text, and a multinomial logistic regression (its probabilities are the softmax of its scores, so no
separate calibration step), one model per language.

A saved model is plain JSON (vocabularies, idf weights, coefficients), not a pickle: it loads with
no code execution, can be read and diffed, and lets every prediction name the features that pushed
it. Its model card (JSON) sits beside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from sarap.core.errors import InvalidInput, Problem
from sarap.text.sentiment.labels import LABELS
from sarap.text.sentiment.prepare import Prepared

# What the model is built from; written into every model card.
FEATURES: dict[str, Any] = {
    "word": {"input": "family keys of the words (a negated Kazakh verb adds NEG)", "ngram_range": [1, 2],
             "sublinear_tf": True, "min_df": 1},
    "char": {"input": "normalised text, lower-cased", "analyzer": "char_wb", "ngram_range": [2, 5],
             "sublinear_tf": True, "min_df": 1},
    "model": {"kind": "LogisticRegression (multinomial, lbfgs)", "C": 10.0, "class_weight": "balanced",
              "max_iter": 2000},
}
MODEL_DIR = "sentiment/models"  # under the data directory
TOP_FEATURES = 5
_VERSION_FILE = re.compile(r"^(?P<lang>[a-z]{2})-v(?P<version>\d+)\.json$")


def _word_vectoriser(vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    f = FEATURES["word"]
    return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=tuple(f["ngram_range"]),
                           sublinear_tf=f["sublinear_tf"], min_df=f["min_df"], vocabulary=vocabulary)


def _char_vectoriser(vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    f = FEATURES["char"]
    return TfidfVectorizer(analyzer=f["analyzer"], lowercase=True, ngram_range=tuple(f["ngram_range"]),
                           sublinear_tf=f["sublinear_tf"], min_df=f["min_df"], vocabulary=vocabulary)


@dataclass
class Model:
    lang: str
    classes: list[str]
    word: TfidfVectorizer
    char: TfidfVectorizer
    coef: np.ndarray  # classes × features (word features first, then character ones)
    intercept: np.ndarray
    name: str = "(not saved)"
    card: dict[str, Any] = field(default_factory=dict)

    def features(self, texts: list[Prepared]) -> sparse.csr_matrix:
        return sparse.hstack([self.word.transform([p.key_text() for p in texts]),
                              self.char.transform([p.text for p in texts])]).tocsr()

    def feature_names(self) -> list[str]:
        return ([f"word:{n}" for n in self.word.get_feature_names_out()]
                + [f"char:{n}" for n in self.char.get_feature_names_out()])


@dataclass(frozen=True)
class Prediction:
    label: str
    probabilities: dict[str, float]
    features: tuple[tuple[str, float], ...]  # the features that pushed most toward the label


def train(texts: list[Prepared], labels: list[str], lang: str) -> Model:
    """Fit the vectorisers and the model on one language's labelled texts."""
    missing = [label for label in LABELS if label not in labels]
    if missing:
        raise InvalidInput([Problem(f"no {lang} examples labelled {', '.join(missing)}", column="label",
                                    expected=f"examples of each of {', '.join(LABELS)}")])
    word, char = _word_vectoriser(), _char_vectoriser()
    x = sparse.hstack([word.fit_transform([p.key_text() for p in texts]),
                       char.fit_transform([p.text for p in texts])]).tocsr()
    m = FEATURES["model"]
    lr = LogisticRegression(C=m["C"], class_weight=m["class_weight"], max_iter=m["max_iter"])
    lr.fit(x, labels)
    return Model(lang, [str(c) for c in lr.classes_], word, char, lr.coef_, lr.intercept_)


def predict(model: Model, texts: list[Prepared]) -> list[Prediction]:
    if not texts:
        return []
    x = model.features(texts)
    scores = np.asarray(x @ model.coef.T) + model.intercept
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    names = model.feature_names()
    out = []
    for row in range(len(texts)):
        best = int(np.argmax(probs[row]))
        start, end = x.indptr[row], x.indptr[row + 1]
        cols, values = x.indices[start:end], x.data[start:end]
        pushes = values * (model.coef[best, cols] - model.coef[:, cols].mean(axis=0))
        top = np.argsort(-pushes)[:TOP_FEATURES]
        reasons = tuple((names[cols[i]], round(float(pushes[i]), 4)) for i in top if pushes[i] > 0)
        out.append(Prediction(model.classes[best],
                              {c: round(float(p), 4) for c, p in zip(model.classes, probs[row], strict=True)},
                              reasons))
    return out


def model_dir(data_dir: Path) -> Path:
    return data_dir / MODEL_DIR


def versions(data_dir: Path, lang: str) -> list[int]:
    found = []
    directory = model_dir(data_dir)
    if directory.is_dir():
        for path in directory.iterdir():
            match = _VERSION_FILE.match(path.name)
            if match and match["lang"] == lang:
                found.append(int(match["version"]))
    return sorted(found)


def _vectoriser_json(vec: TfidfVectorizer) -> dict[str, Any]:
    return {"vocabulary": {k: int(v) for k, v in vec.vocabulary_.items()}, "idf": vec.idf_.tolist()}


def save(model: Model, data_dir: Path, card: dict[str, Any]) -> tuple[Path, Path]:
    """Writes the next version of the language's model and its card; returns both paths."""
    version = (versions(data_dir, model.lang) or [0])[-1] + 1
    directory = model_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{model.lang}-v{version}.json"
    body = {"lang": model.lang, "version": version, "classes": model.classes, "features": FEATURES,
            "word": _vectoriser_json(model.word), "char": _vectoriser_json(model.char),
            "coef": model.coef.tolist(), "intercept": model.intercept.tolist()}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    card_path = directory / f"{model.lang}-v{version}.card.json"
    card = {"model": path.name, "version": version, **card}
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    model.name, model.card = f"{model.lang}-v{version}", card
    return path, card_path


def _vectoriser(data: dict[str, Any],
                make: Callable[[dict[str, int] | None], TfidfVectorizer]) -> TfidfVectorizer:
    vec = make(data["vocabulary"])
    vec.idf_ = np.asarray(data["idf"], dtype=float)
    return vec


@lru_cache(maxsize=16)
def _load(path: Path, mtime: float) -> Model:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        card_path = path.with_name(path.stem + ".card.json")
        card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
        return Model(data["lang"], data["classes"], _vectoriser(data["word"], _word_vectoriser),
                     _vectoriser(data["char"], _char_vectoriser), np.asarray(data["coef"], dtype=float),
                     np.asarray(data["intercept"], dtype=float), f"{data['lang']}-v{data['version']}", card)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput([Problem(f"not a readable sentiment model ({exc})", file=str(path),
                                    expected="a model written by `sarap sentiment train`")]) from None


def load_latest(data_dir: Path, lang: str) -> Model | None:
    """The newest saved model of the language, or None when there is none."""
    found = versions(data_dir, lang)
    if not found:
        return None
    path = model_dir(data_dir) / f"{lang}-v{found[-1]}.json"
    return _load(path, path.stat().st_mtime)
