"""One score per text from the rules, the classifier and the counter-signals, with its reasons.

    rules     R = max over categories of the category's noisy-or of its fired rules
    model     M = the classifier's probability of "violating" (when a model has been trained)
    combined  C = 1 − (1 − R)(1 − model_weight·M): the model alone can reach at most model_weight
    counter   K = noisy-or of the counter-signals (condemning, reporting, courts, prevention)
    score       = C · (1 − counter_strength·K)

A score is a request for attention, never a decision: it decides only whether a monitoring item
enters the queue, and the reasons (rules with their spans, top features, counter-signals) go with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sklearn.pipeline import Pipeline
from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.review import classifier, organisations, rules
from sarap.review.config import ReviewConfig
from sarap.review.models import TrainedModel
from sarap.text.pipeline import analyse

_MODELS: dict[tuple[str, int], Pipeline] = {}  # (database, version) → loaded model


@dataclass(frozen=True)
class Scored:
    text: str  # normalised (the spans refer to it)
    lang: str
    score: float
    rule_score: float
    model_score: float | None
    counter_score: float
    category: str | None
    flagged: bool
    model_version: int | None
    reasons: dict[str, Any]


@dataclass(frozen=True)
class ActiveModel:
    version: int
    pipeline: Pipeline


def latest_model(session: Session) -> ActiveModel | None:
    row = session.scalars(select(TrainedModel).order_by(TrainedModel.version.desc()).limit(1)).first()
    if row is None:
        return None
    key = (str(session.get_bind().engine.url), row.version)
    if key not in _MODELS:
        _MODELS[key] = classifier.loads(row.blob)
    return ActiveModel(row.version, _MODELS[key])


class Scorer:
    """Scores texts against the current organisation list and the latest trained model."""

    def __init__(self, session: Session, config: ReviewConfig):
        organisations.ensure_loaded(session)
        self.config = config
        self.patterns = rules.name_patterns(
            [(o.slug, organisations.variants(o)) for o in organisations.listed(session, active_only=True)])
        self.model = latest_model(session)

    def score(self, text: str) -> Scored:
        analysed = analyse(text)
        result = rules.run(analysed, self.patterns)
        rule_score = max(result.per_category.values(), default=0.0)
        category = max(result.per_category, key=lambda c: result.per_category[c]) if rule_score else None
        model_score, features = None, []
        if self.model is not None:
            model_score = classifier.probability(self.model.pipeline, analysed.text)
            features = classifier.top_features(self.model.pipeline, analysed.text)
        combined = rules.noisy_or([rule_score, self.config.model_weight * (model_score or 0.0)])
        score = combined * (1.0 - self.config.counter_strength * result.counter_score)
        reasons = {"rules": [f.to_dict() for f in result.fired],
                   "counter_signals": [c.to_dict() for c in result.counters],
                   "features": [{"feature": n, "weight": w} for n, w in features],
                   "organisations": list(result.organisations),
                   "per_category": {k: round(v, 4) for k, v in result.per_category.items()},
                   "combined": round(combined, 4)}
        return Scored(analysed.text, analysed.lang, round(score, 4), round(rule_score, 4),
                      None if model_score is None else round(model_score, 4), round(result.counter_score, 4),
                      category, score >= self.config.threshold,
                      None if self.model is None else self.model.version, reasons)
