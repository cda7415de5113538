"""Retraining on demand: decided items become training data for a local model that joins the shipped
one, and the calibration is refitted on them; each version gets a card (data size, date, class balance,
what the queue catches at its threshold on held-out scores, intended use, limits). Stored as JSON."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.errors import InvalidInput, Problem
from sarap.review import calibration, classifier, rules
from sarap.review.batch import figures
from sarap.review.categories import violating_codes
from sarap.review.config import ReviewConfig
from sarap.review.models import NOT_VIOLATING, VIOLATING, ReviewItem, TrainedModel
from sarap.review.scoring import Scorer, shipped_calibration
from sarap.text.linear_model import Features, LinearModel

# Decided items are few: min_df 1, so a phrase seen once in a decision can count.
LOCAL_FEATURES = Features(word_ngrams=(1, 2), char_ngrams=(2, 4), input="text", min_df=1)


def training_data(session: Session) -> tuple[list[str], list[int], Counter[str]]:
    """Texts of items a human finally decided (violating or not), with 1 = violating."""
    items = session.scalars(
        select(ReviewItem)
        .where(ReviewItem.state.in_((VIOLATING, NOT_VIOLATING)), ReviewItem.text.is_not(None))
        .order_by(ReviewItem.id)
    )
    texts, labels, per_category = [], [], Counter[str]()
    for item in items:
        texts.append(item.text or "")
        labels.append(1 if item.category in violating_codes() else 0)
        per_category[item.category or ""] += 1
    return texts, labels, per_category


def _out_of_fold(texts: list[str], labels: list[int], folds: int) -> np.ndarray:
    """The local model's log-odds for each item from a model that did not see it (k-fold)."""
    from sarap.text.linear_model import folds_of

    fold = folds_of([str(y) for y in labels], folds)
    out = np.zeros(len(texts))
    for k in range(folds):
        train_rows = [i for i, f in enumerate(fold) if f != k]
        test_rows = [i for i, f in enumerate(fold) if f == k]
        if len({labels[i] for i in train_rows}) < 2 or not test_rows:
            continue
        model = classifier.train(
            [texts[i] for i in train_rows], [labels[i] for i in train_rows], features=LOCAL_FEATURES
        )
        out[test_rows] = classifier.logits(model, [texts[i] for i in test_rows])
    return out


def retrain(session: Session, *, actor: str, now: datetime | None = None) -> TrainedModel:
    """A local model on the decided items, and the calibration refitted on their out-of-fold scores
    (towards the shipped calibration: few decisions move it little). The card reports what the queue,
    with both, catches at its threshold on those held-out scores."""
    texts, labels, per_category = training_data(session)
    counts = classifier.class_counts(labels)
    short = [name for name, n in counts.items() if n < classifier.MIN_PER_CLASS]
    if short:
        raise InvalidInput(
            [
                Problem(
                    "not enough decided items",
                    file="training data",
                    column=name,
                    value=str(counts[name]),
                    expected=f"at least {classifier.MIN_PER_CLASS} items decided {name}",
                )
                for name in short
            ]
        )
    folds = min(5, min(counts.values()))
    local_oof = _out_of_fold(texts, labels, folds)
    scorer = Scorer.standalone(ReviewConfig())
    _, covers, parts = scorer.parts_many(texts)
    for p, local in zip(parts, local_oof, strict=True):
        p["local"] = float(local)
    shipped = shipped_calibration()
    refit = calibration.fit(
        calibration.matrix(parts),
        labels,
        prior=shipped,
        fitted_on={
            "data": f"out-of-fold scores of {len(texts)} decided items ({folds}-fold), "
            "prior: the shipped calibration",
            "n": len(texts),
            "positives": counts[classifier.VIOLATING],
        },
        threshold=shipped.threshold,
    )
    probabilities = refit.probabilities(calibration.matrix(parts))
    queue = figures(labels, probabilities.tolist(), (probabilities >= refit.threshold).tolist())
    local_model = classifier.train(texts, labels, features=LOCAL_FEATURES)
    version = (session.scalar(select(func.max(TrainedModel.version))) or 0) + 1
    created = now or datetime.now(UTC)
    card = model_card(version, created, actor, counts, per_category, queue, refit, folds, local_model)
    model = TrainedModel(
        version=version,
        created_at=created,
        created_by=actor,
        card=card,
        blob=classifier.to_blob(
            {"format": "sarap-review-model/1", "local": local_model.to_dict(), "calibration": refit.to_dict()}
        ),
    )
    session.add(model)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="review.model.train",
        entity="review_model",
        entity_id=version,
        detail={"items": len(texts), **counts, "queue_at_threshold": queue},
    )
    return model


def model_card(
    version: int,
    created: datetime,
    actor: str,
    counts: dict[str, int],
    per_category: Counter[str],
    queue: dict[str, Any],
    calibrated: calibration.Calibration,
    folds: int,
    local: LinearModel,
) -> dict[str, Any]:
    method = f"stratified {folds}-fold cross-validation of the local model, scored by the whole queue"
    return {
        "model": f"review-classifier v{version}",
        "version": version,
        "created_at": created.isoformat(timespec="seconds"),
        "created_by": actor,
        "data": {
            "items": sum(counts.values()),
            **counts,
            "per_category": dict(sorted(per_category.items())),
            "source": "items decided by reviewers in this database (violating or not violating); "
            "escalated and open items are left out",
        },
        "features": {
            "word_ngrams": len(local.vectorisers["word"].vocabulary_) if "word" in local.vectorisers else 0,
            "char_ngrams": len(local.vectorisers["char"].vocabulary_) if "char" in local.vectorisers else 0,
            "description": "tf-idf of words and their pairs, and of character 2–4-grams inside words",
        },
        "algorithm": "logistic regression (scikit-learn), balanced class weights, C=4, saved as JSON; "
        "combined "
        "with the rules, the official list, the shipped classifier and the counter-signals by a "
        "calibration refitted on the decisions",
        "calibration": calibrated.to_dict(),
        "metrics": {
            "method": method,
            "threshold": calibrated.threshold,
            "precision_violating": queue["precision"],
            "recall_violating": queue["recall"],
            "f1_violating": queue["f1"],
            "auc": queue["auc"],
            "confusion": queue["confusion"],
        },
        "shipped_model": shipped_card_summary(),
        "rules_file_sha256": hashlib.sha256(rules.RULES_FILE.read_bytes()).hexdigest(),
        "intended_use": "ranking items for human review; a flag is never a decision",
        "limitations": "the figures are what the queue catches at its threshold on the decided items, each "
        "scored by a local model that did not see it; items decided by this team are not a "
        "random sample, and texts of items purged under the retention period are no longer "
        "available for training",
    }


def shipped_card_summary() -> dict[str, Any]:
    model = classifier.shipped()
    if model is None:
        return {"file": None}
    card = model.meta.get("card", {})
    return {
        "file": classifier.SHIPPED.name,
        "trained_at": card.get("trained_at"),
        "queue_at_threshold": card.get("queue_at_threshold"),
    }


def latest(session: Session) -> TrainedModel | None:
    return session.scalars(select(TrainedModel).order_by(TrainedModel.version.desc()).limit(1)).first()


def card_markdown(card: dict[str, Any]) -> str:
    m, d = card["metrics"], card["data"]
    f1 = m.get("f1_violating")
    lines = [
        f"# Model card: {card['model']}",
        "",
        f"- created: {card['created_at']} by {card['created_by']}",
        f"- algorithm: {card['algorithm']}",
        f"- features: {card['features']['description']}",
        f"- training items: {d['items']} ({d['violating']} violating, {d['not_violating']} not violating)",
        f"- per category: {', '.join(f'{k} {v}' for k, v in d['per_category'].items())}",
        f"- what the queue catches at its threshold {m.get('threshold')} ({m['method']}): precision "
        f"{m['precision_violating']}, recall {m['recall_violating']}, F1 {f1}, AUC {m.get('auc')}",
        f"- intended use: {card['intended_use']}",
        f"- limitations: {card['limitations']}",
        "",
    ]
    return "\n".join(lines)
