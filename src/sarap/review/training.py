"""Retraining on demand: decided items become training data; each model gets a version and a card
(data size, date, class balance, cross-validated metrics, intended use, limits)."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.errors import InvalidInput, Problem
from sarap.review import classifier, rules
from sarap.review.categories import violating_codes
from sarap.review.models import NOT_VIOLATING, VIOLATING, ReviewItem, TrainedModel


def training_data(session: Session) -> tuple[list[str], list[int], Counter[str]]:
    """Texts of items a human finally decided (violating or not), with 1 = violating."""
    items = session.scalars(select(ReviewItem).where(ReviewItem.state.in_((VIOLATING, NOT_VIOLATING)),
                                                     ReviewItem.text.is_not(None)).order_by(ReviewItem.id))
    texts, labels, per_category = [], [], Counter[str]()
    for item in items:
        texts.append(item.text or "")
        labels.append(1 if item.category in violating_codes() else 0)
        per_category[item.category or ""] += 1
    return texts, labels, per_category


def retrain(session: Session, *, actor: str, now: datetime | None = None) -> TrainedModel:
    texts, labels, per_category = training_data(session)
    counts = classifier.class_counts(labels)
    short = [name for name, n in counts.items() if n < classifier.MIN_PER_CLASS]
    if short:
        raise InvalidInput([Problem("not enough decided items", file="training data", column=name,
                                    value=str(counts[name]),
                                    expected=f"at least {classifier.MIN_PER_CLASS} items decided {name}")
                            for name in short])
    evaluation = classifier.evaluate(texts, labels)
    pipeline = classifier.train(texts, labels)
    version = (session.scalar(select(func.max(TrainedModel.version))) or 0) + 1
    created = now or datetime.now(UTC)
    card = model_card(version, created, actor, counts, per_category, evaluation.to_dict(), pipeline)
    model = TrainedModel(version=version, created_at=created, created_by=actor, card=card,
                         blob=classifier.dumps(pipeline))
    session.add(model)
    session.flush()
    audit.record(session, actor=actor, action="review.model.train", entity="review_model", entity_id=version,
                 detail={"items": len(texts), **counts, "metrics": evaluation.to_dict()})
    return model


def model_card(version: int, created: datetime, actor: str, counts: dict[str, int],
               per_category: Counter[str], metrics: dict[str, Any], pipeline: Any) -> dict[str, Any]:
    features = pipeline.named_steps["features"]
    return {
        "model": f"review-classifier v{version}",
        "version": version,
        "created_at": created.isoformat(timespec="seconds"),
        "created_by": actor,
        "data": {"items": sum(counts.values()), **counts, "per_category": dict(sorted(per_category.items())),
                 "source": "items decided by reviewers in this database (violating or not violating); "
                           "escalated and open items are left out"},
        "features": {"word_family_ngrams": len(features.transformer_list[0][1].vocabulary_),
                     "char_ngrams": len(features.transformer_list[1][1].vocabulary_),
                     "description": "tf-idf of word family keys (sarap.text) and their pairs, and of "
                                    "character 3–5-grams"},
        "algorithm": "logistic regression (scikit-learn), balanced class weights, C=4",
        "metrics": metrics,
        "rules_file_sha256": hashlib.sha256(rules.RULES_FILE.read_bytes()).hexdigest(),
        "intended_use": "ranking items for human review; a flag is never a decision",
        "limitations": "trained on few, locally decided items; texts of items purged under the retention "
                       "period are no longer available for training; metrics are cross-validated on the "
                       "same small set and will be optimistic for new kinds of text",
    }


def latest(session: Session) -> TrainedModel | None:
    return session.scalars(select(TrainedModel).order_by(TrainedModel.version.desc()).limit(1)).first()


def card_markdown(card: dict[str, Any]) -> str:
    m, d = card["metrics"], card["data"]
    lines = [f"# Model card: {card['model']}", "", f"- created: {card['created_at']} by {card['created_by']}",
             f"- algorithm: {card['algorithm']}", f"- features: {card['features']['description']}",
             f"- training items: {d['items']} ({d['violating']} violating,"
             f" {d['not_violating']} not violating)",
             f"- per category: {', '.join(f'{k} {v}' for k, v in d['per_category'].items())}",
             f"- evaluation: {m['method']}: precision {m['precision_violating']},"
             f" recall {m['recall_violating']},"
             f" F1 {m['f1_violating']}, accuracy {m['accuracy']}",
             f"- intended use: {card['intended_use']}", f"- limitations: {card['limitations']}", ""]
    return "\n".join(lines)
