"""Exercises: each one is also a verbal counter-terrorism event of category "exercise" in the
event data bank, created through events.store (so it has a revision and an audit entry like any
event) or linked to the event that already records it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from sarap.auth import access
from sarap.auth.models import User
from sarap.core import audit, partial_dates
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.events import records
from sarap.events import store as events
from sarap.events.models import Dataset, Event
from sarap.registry import store
from sarap.registry.models import SCENARIOS, Body, Exercise
from sarap.registry.vocabulary import label

EXAMPLES = Path(__file__).parent / "exercises.yaml"
DATASET = "registry"  # where events created for exercises are kept
CATEGORY = "exercise"  # codebook: "Planned anti-terrorism exercise or drill, incl. its announcement"


@dataclass
class NewExercise:
    name: str
    when: str  # YYYY-MM-DD, or YYYY-MM when only the month is known
    scenario: str
    region: str | None = None
    settlement: str | None = None
    bodies: list[str] = field(default_factory=list)  # body codes
    description: str | None = None
    agency: str | None = None
    access_level: str | None = None
    event_id: int | None = None  # link this existing event instead of creating one


def _check(session: Session, new: NewExercise) -> tuple[partial_dates.PartialDate | None, str | None,
                                                         str, list[Body], list[Problem]]:
    problems: list[Problem] = []
    if not new.name.strip():
        problems.append(Problem("a value is required", column="name", expected="the exercise's name"))
    when = None
    try:
        when = partial_dates.parse_iso(new.when)
    except partial_dates.DateError as exc:
        problems.append(Problem(f"impossible or unreadable date: {exc}", column="date", value=new.when,
                                expected="YYYY-MM-DD"))
    if new.scenario not in SCENARIOS:
        problems.append(Problem("unknown scenario type", column="scenario", value=new.scenario,
                                expected="one of " + ", ".join(SCENARIOS)))
    region = store.check_region(problems, new.region)
    level = store.check_access(problems, new.access_level)
    found = {b.code: b for b in session.scalars(select(Body).where(Body.code.in_(new.bodies)))}
    for code in new.bodies:
        if code not in found:
            problems.append(Problem("unknown body", column="bodies", value=code,
                                    expected="a body code (sarap registry bodies)"))
    return when, region, level, [found[c] for c in new.bodies if c in found], problems


def event_record(new: NewExercise, region: str | None, bodies: list[Body]) -> dict[str, Any]:
    """The verbal event an exercise is: who organised it, where, when, and what was rehearsed."""
    summary = f"«{new.name.strip()}» оқу-жаттығуы ({label('scenarios', new.scenario)})."
    if new.description:
        summary += " " + new.description.strip()
    return {
        "date": {"start": new.when},
        "places": [{"region": region, "settlement": new.settlement}] if region else [],
        "category": CATEGORY, "action_type": "verbal", "side": "counter_terrorism",
        "summary": summary,
        "actors": [{"name": b.name("kk"), "kind": "state_body", "role": "organiser" if i == 0
                    else "participant"} for i, b in enumerate(bodies)],
        "certainty": "confirmed", "agency": new.agency, "access_level": new.access_level or "public",
        "notes": "Recorded through the registry of Decree 1404 (sarap registry exercises add).",
    }


OPENNESS = {"public": 0, "official": 1, "restricted": 2}


def _linked_event(session: Session, event_id: int, reader: User | None, level: str) -> Event:
    """The event an exercise records: one the user may read (else the same answer as for a missing
    one, so nothing is revealed), and no more restricted than the exercise that points at it."""
    event = events.get(session, event_id)
    if reader is not None and not access.can_read(reader, event):
        raise NotFound(f"no event with id {event_id}")
    if OPENNESS.get(event.access_level, 2) > OPENNESS.get(level, 0):
        raise InvalidInput([Problem("the exercise would be more open than the event it records",
                                    column="access_level", value=level,
                                    expected=f"{event.access_level!r} or more restricted")])
    if event.action_type != "verbal":
        raise InvalidInput([Problem("an exercise is a verbal event", column="event_id",
                                    value=str(event_id), expected="the id of a verbal event")])
    return event


def add(session: Session, new: NewExercise, *, author: str, reason: str | None = None,
        reader: User | None = None) -> Exercise:
    """Adds an exercise; `reader` is the user adding it, whose access decides which events it may link."""
    when, region, level, bodies, problems = _check(session, new)
    if problems or when is None:
        raise InvalidInput(problems)
    if new.event_id is not None:
        event = _linked_event(session, new.event_id, reader, level)
    else:
        record, invalid = records.validate(event_record(new, region, bodies))
        if record is None:
            raise InvalidInput(invalid)
        dataset = events.dataset_named(session, DATASET, create=True, title={
            "kk": "Тіркелім: оқу-жаттығулар", "ru": "Реестр: учения", "en": "Registry: exercises"})
        event = events.create(session, record, author=author, dataset=dataset,
                              reason=reason or f"exercise «{new.name.strip()}» added to the registry")
    exercise = Exercise(name=new.name.strip(), date_start=when.start, date_end=when.end,
                        date_precision=when.precision, region=region, settlement=new.settlement,
                        scenario=new.scenario, description=new.description, event_id=event.id,
                        bodies=bodies, agency=new.agency, access_level=level)
    session.add(exercise)
    session.flush()
    audit.record(session, actor=author, action="registry.exercise.create", entity="registry_exercise",
                 entity_id=exercise.id, detail={"name": exercise.name, "event_id": event.id,
                                                "linked": new.event_id is not None, "reason": reason})
    return exercise


def list_exercises(session: Session, *, region: str | None = None, date_from: date | None = None,
                   date_to: date | None = None,
                   visible: ColumnElement[bool] | None = None) -> list[Exercise]:
    query = select(Exercise).options(selectinload(Exercise.bodies))
    if visible is not None:
        query = query.where(visible)
    if region:
        query = query.where(Exercise.region == region)
    if date_from:
        query = query.where(Exercise.date_end >= date_from)
    if date_to:
        query = query.where(Exercise.date_start <= date_to)
    return list(session.scalars(query.order_by(Exercise.date_start, Exercise.id)))


def get(session: Session, exercise_id: int) -> Exercise:
    found = session.get(Exercise, exercise_id)
    if found is None:
        raise NotFound(f"no exercise with id {exercise_id}")
    return found


# -- the exercises the dissertation mentions ------------------------------------------------------

def _matching_event(session: Session, match: dict[str, Any], when: partial_dates.PartialDate
                    ) -> Event | None:
    """The dissertation's own event for an example: same dataset, category, start and words."""
    query = (select(Event).join(Dataset, Event.dataset_id == Dataset.id)
             .where(Dataset.name == match["dataset"], Event.category == CATEGORY,
                    Event.deleted.is_(False), Event.date_start == when.start,
                    func.lower(Event.summary).like(f"%{str(match['summary']).lower()}%")))
    return session.scalars(query.order_by(Event.id)).first()


@dataclass
class ExamplesReport:
    linked: int = 0
    created: int = 0
    present: int = 0


def load_examples(session: Session, *, author: str, path: Path = EXAMPLES) -> ExamplesReport:
    """Adds the shipped exercises once each; each links the dissertation's event for it when the
    event bank has that dataset, and creates the event otherwise."""
    report = ExamplesReport()
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["exercises"]:
        new = NewExercise(**{k: v for k, v in entry.items() if k != "match"})
        if session.scalar(select(Exercise.id).where(Exercise.name == new.name)) is not None:
            report.present += 1
            continue
        event = _matching_event(session, entry["match"], partial_dates.parse_iso(new.when))
        new.event_id = event.id if event else None
        add(session, new, author=author, reason="example from the dissertation (Appendix A)")
        if event:
            report.linked += 1
        else:
            report.created += 1
    return report
