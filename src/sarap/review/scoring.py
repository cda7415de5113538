"""One score per text from the rules, the official list, the classifier and the counter-signals, with
its reasons. The parts are combined by one calibrated model (calibration.py): any part can carry a
text over the threshold — a rule hit, a call next to a listed name, or a confident classifier alone —
and counter-signals (condemning, reporting, courts, prevention, quotation) pull it back.

Texts in languages the scorer does not cover (Arabic script, other scripts, non-English Latin) get no
score but the category "language_not_covered" and a reason in kk/ru/en (coverage.py).

A score is a request for attention, never a decision. Scoring is batched: `score_many` normalises,
runs the rules and the classifier over many texts at once; the classifier's explanation (its top
features) is computed only for texts a person will see (`explain=True`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.review import calibration, classifier, organisations, rules
from sarap.review.config import ReviewConfig
from sarap.review.coverage import NOT_COVERED, Coverage, coverage
from sarap.review.models import TrainedModel
from sarap.text import linear_model
from sarap.text.normalise import normalise_batch

_LOCAL: dict[tuple[str, int, str], LocalModel] = {}  # (database, version, created) → loaded model
FALLBACK_CATEGORY = "threat_to_life"
ORG_CATEGORY = "listed_org_propaganda"


@dataclass(frozen=True)
class Scored:
    text: str  # normalised (the spans refer to it)
    lang: str
    score: float
    rule_score: float
    model_score: float | None  # the classifier's probability of "violating" (shipped and local together)
    counter_score: float
    category: str | None
    flagged: bool
    model_version: int | None  # the local (reviewer-trained) model's version, if one took part
    reasons: dict[str, Any]
    covered: bool = True


@dataclass(frozen=True)
class LocalModel:
    version: int
    model: linear_model.LinearModel | None
    calibration: calibration.Calibration


def _load_local(row: TrainedModel) -> LocalModel:
    data = classifier.from_blob(row.blob)
    model = linear_model.from_dict(data["local"]) if data.get("local") else None
    return LocalModel(row.version, model, calibration.Calibration.from_dict(data["calibration"]))


def latest_model(session: Session) -> LocalModel | None:
    row = session.scalars(select(TrainedModel).order_by(TrainedModel.version.desc()).limit(1)).first()
    if row is None:
        return None
    # the creation time too: a database emptied and refilled (tests, a restore) reuses version numbers
    key = (str(session.get_bind().engine.url), row.version, row.created_at.isoformat())
    if key not in _LOCAL:
        _LOCAL[key] = _load_local(row)
    return _LOCAL[key]


def shipped_calibration() -> calibration.Calibration:
    model = classifier.shipped()
    if model is None or "calibration" not in model.meta:
        return calibration.RULES_ONLY
    return calibration.Calibration.from_dict(model.meta["calibration"])


def parts_of(
    result: rules.RuleResult, model_logit: float | None, local_logit: float | None, lang: str
) -> dict[str, float]:
    """The inputs of the calibrated model for one text."""
    parts = {
        "rules": result.rule_score,
        "model": model_logit or 0.0,
        "local": local_logit or 0.0,
        "org": 1.0 if result.organisations else 0.0,
        "lang_ru": 1.0 if lang == "ru" else 0.0,
        "lang_kk": 1.0 if lang == "kk" else 0.0,
    }
    parts.update(result.counter_by_kind())
    return parts


def _category(result: rules.RuleResult) -> tuple[str, str]:
    if result.per_category:
        return max(result.per_category, key=lambda c: result.per_category[c]), "rules"
    return (ORG_CATEGORY if result.organisations else FALLBACK_CATEGORY), "classifier"


class Scorer:
    """Scores texts against the current organisation list, the shipped classifier and the latest
    reviewer-trained model, with one calibrated combination."""

    def __init__(self, session: Session, config: ReviewConfig):
        organisations.ensure_loaded(session)
        named = [
            (o.slug, organisations.variants(o))
            for o in organisations.listed(session, active_only=True)
            if organisations.counts_for_rules(o)
        ]
        self._setup(config, rules.name_patterns(named), classifier.shipped(), latest_model(session))

    @classmethod
    def standalone(
        cls,
        config: ReviewConfig,
        *,
        model: linear_model.LinearModel | None = None,
        calibrated: calibration.Calibration | None = None,
    ) -> Scorer:
        """A scorer on the shipped list and a given (default: the shipped) model, without a database."""
        scorer = cls.__new__(cls)
        scorer._setup(
            config,
            rules.name_patterns(organisations.shipped_named()),
            model if model is not None else classifier.shipped(),
            None,
            calibrated,
        )
        return scorer

    def _setup(
        self,
        config: ReviewConfig,
        patterns: list[rules.NamePattern],
        shipped: linear_model.LinearModel | None,
        local: LocalModel | None,
        calibrated: calibration.Calibration | None = None,
    ) -> None:
        self.config = config
        self.patterns = patterns
        self.shipped = shipped
        self.model = local
        self.calibration = calibrated or (local.calibration if local else shipped_calibration())

    def parts_many(self, texts: Sequence[str]) -> tuple[list[str], list[Coverage], list[dict[str, float]]]:
        """The calibrated model's inputs for each text (for fitting the calibration)."""
        normal = normalise_batch(texts)
        covers = [coverage(t) for t in normal]
        base = self._logits(self.shipped, normal)
        out = [
            parts_of(
                rules.run(t, self.patterns), None if base is None else float(base[i]), None, covers[i].lang
            )
            for i, t in enumerate(normal)
        ]
        return normal, covers, out

    @property
    def threshold(self) -> float:
        """The configured threshold, or the one calibrated with the model."""
        return self.calibration.threshold if self.config.threshold is None else self.config.threshold

    def score(self, text: str, *, explain: bool = True) -> Scored:
        return self.score_many([text], explain=explain)[0]

    def score_many(self, texts: Sequence[str], *, explain: bool = False) -> list[Scored]:
        normal = normalise_batch(texts)
        covers = [coverage(t) for t in normal]
        rows = [i for i, c in enumerate(covers) if c.covered]
        base = self._logits(self.shipped, [normal[i] for i in rows])
        local = self._logits(self.model.model if self.model else None, [normal[i] for i in rows])
        out: list[Scored | None] = [None] * len(texts)
        for n, i in enumerate(rows):
            out[i] = self._one(
                normal[i],
                covers[i],
                None if base is None else float(base[n]),
                None if local is None else float(local[n]),
                explain,
            )
        for i, c in enumerate(covers):
            if not c.covered:
                out[i] = self._not_covered(normal[i], c)
        return [s for s in out if s is not None]

    @staticmethod
    def _logits(model: linear_model.LinearModel | None, texts: list[str]) -> np.ndarray | None:
        if model is None:
            return None
        return classifier.logits(model, texts, normalised=True)

    def _not_covered(self, text: str, cover: Coverage) -> Scored:
        reasons = {
            "language": cover.to_dict(),
            "rules": [],
            "counter_signals": [],
            "features": [],
            "organisations": [],
            "per_category": {},
        }
        return Scored(text, cover.lang, 0.0, 0.0, None, 0.0, NOT_COVERED, False, None, reasons, covered=False)

    def _one(
        self, text: str, cover: Coverage, base: float | None, local: float | None, explain: bool
    ) -> Scored:
        result = rules.run(text, self.patterns)
        parts = parts_of(result, base, local, cover.lang)
        score = self.calibration.probability(parts)
        flagged = score >= self.threshold
        suggested, source = _category(result)
        # a category is suggested for a flag or a rule hit; a calm text gets none
        category = suggested if result.fired or flagged else None
        model_logit = (base or 0.0) + (local or 0.0)
        model_score = None if base is None and local is None else 1.0 / (1.0 + np.exp(-model_logit))
        reasons: dict[str, Any] = {
            "language": cover.to_dict(),
            "rules": [f.to_dict() for f in result.fired],
            "counter_signals": [c.to_dict() for c in result.counters],
            "features": [],
            "organisations": list(result.organisations),
            "per_category": {k: round(v, 4) for k, v in result.per_category.items()},
            "contributions": self.calibration.contributions(parts),
            "category_from": source,
        }
        if explain:
            reasons["features"] = self._features(text)
        return Scored(
            text,
            cover.lang,
            round(score, 4),
            round(result.rule_score, 4),
            None if model_score is None else round(float(model_score), 4),
            round(result.counter_score, 4),
            category,
            flagged,
            self.model.version if self.model else None,
            reasons,
        )

    def _features(self, text: str) -> list[dict[str, Any]]:
        found: dict[str, float] = {}
        for model in (self.shipped, self.model.model if self.model else None):
            if model is not None:
                for name, weight in classifier.explain(model, text):
                    found[name] = round(found.get(name, 0.0) + weight, 4)
        top = sorted(found.items(), key=lambda kv: -kv[1])[:5]
        return [{"feature": n, "weight": w} for n, w in top if w > 0]
