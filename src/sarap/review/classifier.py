"""The review classifier (violating vs not violating): the shared TF-IDF + logistic-regression text
model (sarap.text.linear_model), saved as plain JSON — never pickle.

Two models can take part in a score: the *shipped* one, trained on public labelled data in English,
Russian and team-written Kazakh (data/model/review-classifier.json.gz, its card next to it; how it is
built: scripts/train_review_model.py), and a *local* one that `sarap review retrain` fits on the
items reviewers decided. Their log-odds are inputs of the calibrated combination (calibration.py).
A linear model keeps each feature's weight readable, which is what a reviewer sees.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from sarap.text import linear_model

MODEL_DIR = Path(__file__).parent / "data" / "model"
SHIPPED = MODEL_DIR / "review-classifier.json.gz"
SHIPPED_CARD = MODEL_DIR / "MODEL_CARD.md"
VIOLATING, NOT_VIOLATING = "violating", "not_violating"
MIN_PER_CLASS = 2
LOGIT_LIMIT = 12.0

# Word 1–2-grams over the normalised words, and character 2–4-grams inside words: these carry the
# inflection (imperative -ңдар, «убей-те») that a stemmer folds away. Family keys were measured too
# (scripts/train_review_model.py): no better on held-out data, and slower.
FEATURES = linear_model.Features(word_ngrams=(1, 2), char_ngrams=(2, 4), input="text", min_df=2)


def label_names(labels: Sequence[int]) -> list[str]:
    return [VIOLATING if y else NOT_VIOLATING for y in labels]


def train(texts: Sequence[str], labels: Sequence[int], *, features: linear_model.Features | None = None,
          C: float = 4.0, meta: dict[str, Any] | None = None) -> linear_model.LinearModel:
    return linear_model.train(list(texts), label_names(labels), features=features or FEATURES, C=C,
                              class_weight="balanced", meta=meta)


def logits(model: linear_model.LinearModel, texts: Sequence[str], *, normalised: bool = False) -> np.ndarray:
    """The model's log-odds of "violating" for each text (clipped, so one text cannot dominate)."""
    if not texts:
        return np.zeros(0)
    scores = model.decision(model.matrix(list(texts), normalised=normalised))[:, 0]
    if model.classes[1] != VIOLATING:  # binary: the weight vector points to classes[1]
        scores = -scores
    return np.clip(scores, -LOGIT_LIMIT, LOGIT_LIMIT)


def explain(model: linear_model.LinearModel, text: str, k: int = 5) -> list[tuple[str, float]]:
    """The k features of this text that pushed most towards "violating" (only for texts a person sees)."""
    named = model.explain(text, k=k, label=VIOLATING)
    return [(name.replace("w:", "word: ", 1).replace("c:", "chars: ", 1), weight) for name, weight in named]


@cache
def shipped() -> linear_model.LinearModel | None:
    """The model trained on public data, shipped in the package; None if the file is missing."""
    if not SHIPPED.is_file():
        return None
    return linear_model.load(SHIPPED)


def class_counts(labels: Sequence[int]) -> dict[str, int]:
    counts = Counter(labels)
    return {VIOLATING: counts.get(1, 0), NOT_VIOLATING: counts.get(0, 0)}


def to_blob(data: dict[str, Any]) -> bytes:
    """A stored model (plain JSON, gzip-compressed) for the database."""
    return gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), mtime=0)


def from_blob(blob: bytes) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(gzip.decompress(blob))
    except (OSError, ValueError, EOFError):
        raise linear_model.ModelFileError("the stored review model is not gzip-compressed JSON (a model "
                                          "from before Sarap stored models as JSON: run 'sarap review "
                                          "retrain')") from None
    return data
