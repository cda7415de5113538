"""A linear classifier of reviewed items (violating vs not violating) on word-family and character
n-grams, with its explanation: the features that pushed a text towards "violating".

Words are replaced by their family keys (sarap.text), so «өлтіріңдер» and «өлтірді», or «убивайте»
and «убивать», share a feature; character n-grams catch what the stemmer misses (imperative endings,
spelling variants). A linear model keeps each feature's weight readable, which is what a reviewer sees.
"""

from __future__ import annotations

import io
import pickle
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline

from sarap.text.pipeline import analyse

MIN_PER_CLASS = 2


def family_words(text: str) -> list[str]:
    """Word features: each word's family key, and pairs of neighbouring keys."""
    keys = [t.keys[0] for t in analyse(text).tokens if t.keys]
    return keys + [f"{a} {b}" for a, b in zip(keys, keys[1:], strict=False)]


def make_pipeline() -> Pipeline:
    features = FeatureUnion([
        ("w", TfidfVectorizer(analyzer=family_words, sublinear_tf=True)),
        ("c", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True)),
    ])
    model = LogisticRegression(class_weight="balanced", max_iter=2000, C=4.0)
    return Pipeline([("features", features), ("model", model)])


@dataclass(frozen=True)
class Evaluation:
    folds: int
    precision: float | None
    recall: float | None
    f1: float | None
    accuracy: float | None

    def to_dict(self) -> dict[str, Any]:
        method = f"stratified {self.folds}-fold cross-validation" if self.folds else "not enough data"
        return {"method": method,
                "precision_violating": self.precision, "recall_violating": self.recall,
                "f1_violating": self.f1, "accuracy": self.accuracy}


def class_counts(labels: Sequence[int]) -> dict[str, int]:
    counts = Counter(labels)
    return {"violating": counts.get(1, 0), "not_violating": counts.get(0, 0)}


def evaluate(texts: Sequence[str], labels: Sequence[int]) -> Evaluation:
    """Cross-validated, so the numbers are on texts the model did not see in training."""
    folds = min(5, min(Counter(labels).values()))
    if folds < 2:
        return Evaluation(0, None, None, None, None)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    predicted = cross_val_predict(make_pipeline(), list(texts), np.array(labels), cv=splitter)
    p, r, f, _ = precision_recall_fscore_support(labels, predicted, average="binary", zero_division=0)
    accuracy = float(np.mean(np.array(labels) == predicted))
    return Evaluation(folds, round(float(p), 4), round(float(r), 4), round(float(f), 4), round(accuracy, 4))


def train(texts: Sequence[str], labels: Sequence[int]) -> Pipeline:
    pipeline = make_pipeline()
    pipeline.fit(list(texts), np.array(labels))
    return pipeline


def probability(pipeline: Pipeline, text: str) -> float:
    """The model's probability that the text is violating."""
    return float(pipeline.predict_proba([text])[0][1])


def top_features(pipeline: Pipeline, text: str, k: int = 5) -> list[tuple[str, float]]:
    """The k features of this text that pushed most towards "violating" (tf-idf × coefficient)."""
    features: FeatureUnion = pipeline.named_steps["features"]
    row = features.transform([text]).tocsr()
    coef = pipeline.named_steps["model"].coef_[0]
    names = features.get_feature_names_out()
    contributions = [(str(names[j]), float(v * coef[j])) for j, v in zip(row.indices, row.data, strict=True)]
    positive = sorted((c for c in contributions if c[1] > 0), key=lambda c: -c[1])
    return [(name.replace("w__", "word: ").replace("c__", "chars: "), round(w, 4))
            for name, w in positive[:k]]


def dumps(pipeline: Pipeline) -> bytes:
    buffer = io.BytesIO()
    pickle.dump(pipeline, buffer)
    return buffer.getvalue()


def loads(blob: bytes) -> Pipeline:
    # Only models this system trained and stored in its own database are ever loaded.
    model: Pipeline = pickle.loads(blob)  # noqa: S301
    return model
