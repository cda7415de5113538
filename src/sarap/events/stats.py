"""Counts computed from the records, set beside the counts a dataset's source printed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from sarap.events import store
from sarap.events.models import Event


@dataclass
class Count:
    scope: str
    total: int
    verbal: int
    physical: int

    def to_dict(self) -> dict[str, Any]:
        return {"scope": self.scope, "total": self.total, "verbal": self.verbal,
                "physical": self.physical}


def _count(scope: str, events: list[Event]) -> Count:
    verbal = sum(e.action_type == "verbal" for e in events)
    physical = sum(e.action_type == "physical" for e in events)
    return Count(scope, len(events), verbal, physical)


def _inconsistency(summary: dict[str, Any]) -> str | None:
    """Why a printed summary contradicts itself (its parts do not add up to its total), or None."""
    total, verbal, physical = (summary.get(k) for k in ("total", "verbal", "physical"))
    if not (isinstance(total, int) and isinstance(verbal, int) and isinstance(physical, int)):
        return None
    if verbal + physical == total:
        return None
    return f"verbal + physical = {verbal} + {physical} = {verbal + physical} ≠ total {total}"


def dataset_stats(session: Session, name: str,
                  visible: ColumnElement[bool] | None = None) -> dict[str, Any]:
    """Counts for the whole dataset and for each origin group (the part of `origin` before
    ':'), and each printed summary with the fields where it disagrees with the records and, in
    `inconsistent`, why it contradicts itself (e.g. Кесте 2: 19 + 17 ≠ 38).
    `visible` limits the count to the events a user may read (see sarap.auth.access)."""
    dataset = store.dataset_named(session, name)
    query = select(Event).where(Event.dataset_id == dataset.id, Event.deleted.is_(False))
    events = list(session.scalars(query if visible is None else query.where(visible)))
    groups: dict[str, list[Event]] = {}
    for event in events:
        groups.setdefault((event.origin or "").split(":", 1)[0] or "(none)", []).append(event)
    counts = [_count(group, items) for group, items in sorted(groups.items())]
    whole = _count("all", events)
    printed = []
    for summary in (dataset.meta or {}).get("printed_summaries", []):
        scope = summary.get("scope", "appendix-a")
        computed = next((c for c in counts if c.scope == scope), whole)
        disagree = [k for k in ("total", "verbal", "physical")
                    if summary.get(k) is not None and summary[k] != getattr(computed, k)]
        printed.append({**summary, "compared_with": computed.scope, "disagrees_on": disagree,
                        "inconsistent": _inconsistency(summary)})
    return {"dataset": name, "version": dataset.version, "counts": [whole.to_dict()]
            + [c.to_dict() for c in counts], "printed": printed}
