"""Metrics computed from the decisions themselves: precision of flags per category, agreement between
reviewers (Cohen's kappa, from sarap.analysis.agreement), and time to decision."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.analysis.agreement import cohen_kappa
from sarap.review.categories import violating_codes
from sarap.review.models import NOT_VIOLATING, STATES, VIOLATING, ReviewItem

DECIDED = (VIOLATING, NOT_VIOLATING)


def utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every time here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Precision:
    category: str
    flagged_decided: int
    confirmed: int  # decided in the category the flag suggested

    @property
    def value(self) -> float | None:
        return self.confirmed / self.flagged_decided if self.flagged_decided else None


@dataclass(frozen=True)
class Metrics:
    items: int
    by_state: dict[str, int]
    precision: list[Precision]
    precision_any: Precision  # flagged items decided in any violating category
    kappa: dict[str, Any]
    pairs: int
    hours_to_decision: dict[str, float | int | None]
    disagreements: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "by_state": self.by_state,
                "precision": {p.category: {"flagged_decided": p.flagged_decided, "confirmed": p.confirmed,
                                           "precision": p.value} for p in self.precision},
                "precision_any_violating": {"flagged_decided": self.precision_any.flagged_decided,
                                            "confirmed": self.precision_any.confirmed,
                                            "precision": self.precision_any.value},
                "kappa": self.kappa, "double_reviewed": self.pairs, "disagreements": self.disagreements,
                "hours_to_decision": self.hours_to_decision}


def reviewer_pairs(items: Sequence[ReviewItem]) -> list[tuple[str, str]]:
    """(first reviewer's outcome, second reviewer's outcome) for every confirmation given."""
    pairs = []
    for item in items:
        last_decision = None
        for d in item.decisions:
            if d.kind == "decision":
                last_decision = d
            elif d.kind == "confirmation" and last_decision is not None:
                pairs.append((last_decision.outcome, d.outcome))
    return pairs


def precision(items: Sequence[ReviewItem]) -> tuple[list[Precision], Precision]:
    decided = [i for i in items if i.flagged and i.state in DECIDED]
    per = []
    for code in violating_codes():
        mine = [i for i in decided if i.suggested_category == code]
        per.append(Precision(code, len(mine), sum(i.category == code for i in mine)))
    any_violating = Precision("any", len(decided), sum(i.category in violating_codes() for i in decided))
    return per, any_violating


def hours_to_decision(items: Sequence[ReviewItem]) -> dict[str, float | int | None]:
    hours = [(utc(i.decided_at) - utc(i.entered_at)).total_seconds() / 3600
             for i in items if i.decided_at is not None]
    if not hours:
        return {"decided": 0, "median": None, "mean": None, "max": None}
    return {"decided": len(hours), "median": round(statistics.median(hours), 2),
            "mean": round(statistics.fmean(hours), 2), "max": round(max(hours), 2)}


def compute(items: Sequence[ReviewItem]) -> Metrics:
    per, any_violating = precision(items)
    pairs = reviewer_pairs(items)
    agreement = cohen_kappa(pairs) if pairs else None
    kappa = agreement.to_dict() if agreement else {"measure": "Cohen's kappa", "value": None, "items": 0}
    if agreement and math.isnan(agreement.value):
        kappa["note"] = "undefined: every pair falls in one category"
    states = Counter(i.state for i in items)
    return Metrics(len(items), {s: states.get(s, 0) for s in STATES}, per, any_violating, kappa, len(pairs),
                   hours_to_decision(items), sum(a != b for a, b in pairs))


def items_between(session: Session, start: datetime | None = None,
                  end: datetime | None = None) -> list[ReviewItem]:
    """Items that entered the queue in [start, end)."""
    query = select(ReviewItem).order_by(ReviewItem.id)
    if start is not None:
        query = query.where(ReviewItem.entered_at >= start)
    if end is not None:
        query = query.where(ReviewItem.entered_at < end)
    return list(session.scalars(query))
