"""Events as plain rows for analysis: one `EventRow` per event, read once from the data bank.

Analysis works on these rows, not on ORM objects, so that every function is a pure function of a
list and the web app can pass the rows a visitor may read (see `rows_from_events`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from sarap.events import store
from sarap.events.models import CASUALTY_COLUMNS, VICTIM_GROUPS, Event

# A place's key: its region code, or for a place without one, its country ("KAZ" = nationwide).
NO_PLACE = "-"
# Month and quarter are known only when the date is a day or a month (a season or a year spans
# several months, and every season spans two quarters).
SUB_YEAR_PRECISIONS = ("day", "month")


@dataclass(frozen=True)
class EventRow:
    id: int
    origin: str | None
    dataset: str | None
    date_start: date
    date_end: date
    precision: str
    category: str
    action_type: str
    side: str
    meets_definition: bool | None
    certainty: str
    regions: tuple[str, ...]  # Kazakhstan's region codes, each once
    countries: tuple[str, ...]  # ISO alpha-3, each once
    places: tuple[str, ...]  # region code or country per place, each once; NO_PLACE when none
    casualties: dict[str, int | None]  # CASUALTY_COLUMNS -> count, None when not reported

    @property
    def year(self) -> int:
        return self.date_start.year

    @property
    def month(self) -> int | None:
        return self.date_start.month if self.precision in SUB_YEAR_PRECISIONS else None

    @property
    def quarter(self) -> int | None:
        return (self.date_start.month - 1) // 3 + 1 if self.precision in SUB_YEAR_PRECISIONS else None

    def count(self, column: str) -> int:
        """A casualty count with "not reported" read as 0 (sums say how many were unknown)."""
        return self.casualties.get(column) or 0

    @property
    def killed(self) -> int:
        return sum(self.count(f"killed_{g}") for g in VICTIM_GROUPS)

    @property
    def injured(self) -> int:
        return sum(self.count(f"injured_{g}") for g in VICTIM_GROUPS)

    @property
    def hostages(self) -> int:
        return self.count("hostages")

    @property
    def casualties_reported(self) -> bool:
        return any(v is not None for v in self.casualties.values())


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def to_row(event: Event) -> EventRow:
    return EventRow(
        id=event.id, origin=event.origin, dataset=event.dataset.name if event.dataset else None,
        date_start=event.date_start, date_end=event.date_end, precision=event.date_precision,
        category=event.category, action_type=event.action_type, side=event.side,
        meets_definition=event.meets_definition, certainty=event.certainty,
        regions=_unique(p.region for p in event.places),
        countries=_unique(p.country for p in event.places),
        places=_unique(p.region or p.country for p in event.places) or (NO_PLACE,),
        casualties={c: getattr(event, c) for c in CASUALTY_COLUMNS},
    )


def rows_from_events(events: Iterable[Event]) -> list[EventRow]:
    return [to_row(e) for e in events]


def load_rows(session: Session, where: store.EventFilter) -> list[EventRow]:
    """The rows of the events that match the filter, in date order."""
    return rows_from_events(store.find(session, where))
