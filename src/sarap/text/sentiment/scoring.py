"""Sentiment of a batch of texts, for monitoring and the CLI.

A text in kk, ru or en is scored by one of: the language's shipped model trained on public data
("classifier"), the newest local model retrained from the analysts' labels ("local"), or the
lexicon. "auto" takes the shipped model where its card says it beat the lexicon on public data
(macro-F1; see docs/sentiment.md), else the lexicon. Any other language (mixed, unknown, …) is
"unscored", never guessed. Each result carries its reasons: the lexicon entries found (always, so
an analyst sees the words) and, for a model, the features that pushed it toward its label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sarap.core.errors import InvalidInput, Problem
from sarap.text.sentiment import classifier, lexicon
from sarap.text.sentiment.labels import LANGUAGES
from sarap.text.sentiment.prepare import prepare_batch

UNSCORED = "unscored"
METHODS = ("auto", "lexicon", "classifier", "local")


@dataclass(frozen=True)
class SentimentResult:
    label: str  # positive, negative, neutral or unscored
    score: float | None  # -1 (negative) … 1 (positive); None when unscored
    lang: str
    method: str | None  # "classifier", "lexicon", or None when unscored
    model: str | None  # e.g. "kk-public", "ru-v2" or "lexicon-kk"
    probabilities: dict[str, float]
    matches: tuple[lexicon.Match, ...]
    features: tuple[tuple[str, float], ...]
    reason: str = ""  # why a text is unscored
    native: str | None = None  # the model's own class where it has more than ours (RuSentiment "speech")

    @property
    def scored(self) -> bool:
        return self.label != UNSCORED

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": self.score, "lang": self.lang, "method": self.method,
                "model": self.model, "probabilities": self.probabilities,
                "matches": [m.to_dict() for m in self.matches],
                "features": [{"feature": f, "push": w} for f, w in self.features], "reason": self.reason,
                "class": self.native}


def _unscored(lang: str, reason: str) -> SentimentResult:
    return SentimentResult(UNSCORED, None, lang, None, None, {}, (), (), reason)


def _model(data_dir: Path | None, lang: str, method: str) -> classifier.Model | None:
    if method == "lexicon":
        return None
    if method == "local":
        return classifier.load_latest(data_dir, lang) if data_dir is not None else None
    model = classifier.load_public(lang)
    if model is None or method == "classifier":
        return model
    return model if beats_lexicon(model.card) else None


def beats_lexicon(card: dict[str, Any]) -> bool:
    """Whether a card says its model beat the lexicon (macro-F1 on the same public data)."""
    chosen = card.get("selection", {})
    try:
        return float(chosen["classifier"]) > float(chosen["lexicon"])
    except (KeyError, TypeError, ValueError):
        return False


def sentiment_batch(texts: Sequence[str], langs: Sequence[str | None] | None = None, *,
                    data_dir: Path | None = None, method: str = "auto",
                    explain: bool = True) -> list[SentimentResult]:
    """One result per text. `langs` (kk, ru, en, or anything else for unscored; None to identify)
    are the texts' languages where the caller knows them. `method`: "auto" (the shipped model where
    its card beat the lexicon, else the lexicon), "lexicon", "classifier" (the shipped model;
    unscored where the language has none) or "local" (the newest model retrained in `data_dir`).
    `explain=False` leaves out the model's features (faster for bulk scoring)."""
    if method not in METHODS:
        raise InvalidInput([Problem("unknown method", column="method", value=method,
                                    expected=", ".join(METHODS))])
    prepared = prepare_batch(texts, langs)
    models = {lang: _model(data_dir, lang, method) for lang in LANGUAGES}
    predictions: dict[int, classifier.Prediction] = {}
    for lang, model in models.items():
        rows = [i for i, p in enumerate(prepared) if p.lang == lang and p.words]
        if model is not None and rows:
            predicted = classifier.predict(model, [texts[i] for i in rows], explain=explain)
            predictions.update(zip(rows, predicted, strict=True))
    results = []
    for i, p in enumerate(prepared):
        if p.lang not in LANGUAGES:
            results.append(_unscored(p.lang, f"no sentiment model for language {p.lang!r}"))
            continue
        if not p.words:  # empty, or only links, numbers, emoji: nothing to read a stance from
            results.append(_unscored(p.lang, "no words to score"))
            continue
        by_lexicon = lexicon.score(p)
        found = predictions.get(i)
        model = models[p.lang]
        if found is not None and model is not None:
            results.append(SentimentResult(found.label, found.score, p.lang, "classifier", model.name,
                                           found.probabilities, by_lexicon.matches, found.features,
                                           native=found.native))
        elif method in ("classifier", "local"):
            where = "shipped" if method == "classifier" else "local (retrained)"
            results.append(_unscored(p.lang, f"no {where} {p.lang} sentiment model"))
        else:
            results.append(SentimentResult(by_lexicon.label, by_lexicon.score, p.lang, "lexicon",
                                           f"lexicon-{p.lang}", {}, by_lexicon.matches, ()))
    return results


def sentiment(text: str, lang: str | None = None, *, data_dir: Path | None = None,
              method: str = "auto") -> SentimentResult:
    return sentiment_batch([text], [lang], data_dir=data_dir, method=method)[0]
