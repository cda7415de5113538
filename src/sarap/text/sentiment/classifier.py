"""The sentiment classifiers, all `sarap.text.linear_model` models (plain JSON, no pickle):

- the shipped public models, one per language, trained on public labelled corpora
  (src/sarap/text/data/sentiment/models/{lang}-public.json.gz, its card beside it as
  {lang}-public.card.json); rebuilt by `sarap sentiment train-public`;
- local models, retrained in the data directory from the shipped sentences and the analysts'
  labels (<data dir>/sentiment/models/{lang}-v{N}.json with {lang}-v{N}.card.json).

A model's classes are its corpus's own (e.g. RuSentiment's speech and skip); its card's
`to_sentiment` maps them to positive, negative and neutral.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from sarap.core.errors import InvalidInput, Problem
from sarap.text import linear_model as lm
from sarap.text.sentiment.labels import LABELS, SHIPPED_DIR

PUBLIC_DIR = SHIPPED_DIR / "models"
MODEL_DIR = "sentiment/models"  # local models, under the data directory
TOP_FEATURES = 5
# A polarity-only (two-class) model calls a text neutral when its score is this close to 0: such a
# model has never seen neutral texts, and news or notices are mostly neither.
NEUTRAL_BAND = 0.2
LOCAL_SETTINGS: dict[str, Any] = {"word_ngrams": [1, 2], "char_ngrams": [2, 5], "input": "family_keys",
                                  "min_df": 1, "C": 10.0, "class_weight": "balanced"}
_VERSION_FILE = re.compile(r"^(?P<lang>[a-z]{2})-v(?P<version>\d+)\.json$")


@dataclass
class Model:
    name: str  # e.g. "kk-public" or "ru-v2"
    lang: str
    linear: lm.LinearModel
    card: dict[str, Any]

    @property
    def to_sentiment(self) -> dict[str, str]:
        return dict(self.card.get("to_sentiment") or {c: c for c in self.linear.classes})


@dataclass(frozen=True)
class Prediction:
    label: str  # positive, negative or neutral
    native: str  # the model's own class (e.g. "speech")
    score: float  # P(positive classes) − P(negative classes), in [-1, 1]
    probabilities: dict[str, float]  # per native class
    features: tuple[tuple[str, float], ...]  # the features that pushed most toward the native class


def predict(model: Model, texts: list[str], *, explain: bool = True) -> list[Prediction]:
    if not texts:
        return []
    probs = model.linear.predict_proba(texts)
    classes = model.linear.classes
    mapping = model.to_sentiment
    sign = np.asarray([{"positive": 1.0, "negative": -1.0}.get(mapping.get(c, c), 0.0) for c in classes])
    scores = probs @ sign
    reasons = model.linear.explain_batch(texts, TOP_FEATURES) if explain else [[] for _ in texts]
    out = []
    for row, why in zip(range(len(texts)), reasons, strict=True):
        native = classes[int(probs[row].argmax())]
        label = mapping.get(native, native)
        if "neutral" not in mapping.values() and abs(scores[row]) < NEUTRAL_BAND:
            label = "neutral"
        out.append(Prediction(label, native, round(float(scores[row]), 4),
                              {c: round(float(p), 4) for c, p in zip(classes, probs[row], strict=True)},
                              tuple(why)))
    return out


def _card(path: Path) -> dict[str, Any]:
    card_path = path.with_name(path.name.split(".")[0] + ".card.json")
    return json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}


@lru_cache(maxsize=16)
def _load(path: Path, mtime: float) -> Model:
    try:
        linear = lm.load(path)
        card = _card(path)
    except (lm.ModelFileError, OSError, ValueError) as exc:
        raise InvalidInput([Problem(f"not a readable sentiment model ({exc})", file=str(path),
                                    expected="a model written by `sarap sentiment train` or "
                                             "`train-public`")]) from None
    name = path.name.split(".")[0]
    return Model(name, name.split("-")[0], linear, card)


def load_public(lang: str, directory: Path = PUBLIC_DIR) -> Model | None:
    """The shipped model of a language trained on public data, or None when there is none."""
    path = directory / f"{lang}-public.json.gz"
    return _load(path, path.stat().st_mtime) if path.is_file() else None


def train(texts: list[str], labels: list[str], lang: str) -> lm.LinearModel:
    """A local model from one language's labelled sentences (positive, negative, neutral)."""
    missing = [label for label in LABELS if label not in labels]
    if missing:
        raise InvalidInput([Problem(f"no {lang} examples labelled {', '.join(missing)}", column="label",
                                    expected=f"examples of each of {', '.join(LABELS)}")])
    s = LOCAL_SETTINGS
    features = lm.Features(word_ngrams=tuple(s["word_ngrams"]), char_ngrams=tuple(s["char_ngrams"]),
                           input=s["input"], lang=lang, min_df=s["min_df"])
    return lm.train(texts, labels, features=features, C=s["C"], class_weight=s["class_weight"])


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


def save(linear: lm.LinearModel, lang: str, data_dir: Path, card: dict[str, Any]) -> tuple[Model, Path, Path]:
    """Writes the next local version of the language's model and its card."""
    version = (versions(data_dir, lang) or [0])[-1] + 1
    directory = model_dir(data_dir)
    path = linear.save(directory / f"{lang}-v{version}.json")
    card = {"model": path.name, "version": version, **card}
    card_path = directory / f"{lang}-v{version}.card.json"
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Model(f"{lang}-v{version}", lang, linear, card), path, card_path


def save_public(linear: lm.LinearModel, card: dict[str, Any],
                directory: Path = PUBLIC_DIR) -> tuple[Path, Path]:
    lang = card["language"]
    path = linear.save(directory / f"{lang}-public.json.gz")
    card = {**card, "file": path.name, "bytes": path.stat().st_size}
    card_path = directory / f"{lang}-public.card.json"
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path, card_path


def load_latest(data_dir: Path, lang: str) -> Model | None:
    """The newest local model of the language, or None when there is none."""
    found = versions(data_dir, lang)
    if not found:
        return None
    path = model_dir(data_dir) / f"{lang}-v{found[-1]}.json"
    return _load(path, path.stat().st_mtime)
