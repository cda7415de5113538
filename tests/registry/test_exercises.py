"""An exercise is a verbal counter-terrorism event in the event bank, with revision and audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sarap.core import audit
from sarap.core.audit import AuditEntry
from sarap.core.errors import InvalidInput
from sarap.events import seed
from sarap.events import store as events
from sarap.registry import exercises


def test_adding_an_exercise_creates_its_verbal_event(loaded):
    new = exercises.NewExercise(name="Тест-Антитеррор-2025", when="2025-03-14", scenario="hostage_taking",
                                region="Қарағанды облысы", bodies=["hq-region", "atc"], agency="KNB",
                                access_level="official")
    with loaded.session() as session:
        exercise = exercises.add(session, new, author="tester")
        event_id = exercise.event_id
    with loaded.session() as session:
        event = events.get(session, event_id)
        assert (event.category, event.action_type, event.side) == ("exercise", "verbal", "counter_terrorism")
        assert event.date_start.isoformat() == "2025-03-14" and event.places[0].region == "KGD"
        assert "Тест-Антитеррор-2025" in event.summary and "Кепілге алу" in event.summary
        assert [(a.name, a.role) for a in event.actors][0] == (
            "Облыстың терроризмге қарсы күрес жөніндегі жедел штабы", "organiser")
        assert (event.agency, event.access_level) == ("KNB", "official")
        assert [r.action for r in events.history(session, event_id)] == ["create"]
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
        assert actions[-2:] == ["event.create", "registry.exercise.create"]
        assert audit.verify(session).ok


def test_bad_fields_are_named_and_nothing_is_written(loaded):
    new = exercises.NewExercise(name="X", when="2024-11-31", scenario="parade", region="Атлантида",
                                bodies=["no-such-body"])
    with loaded.session() as session, pytest.raises(InvalidInput) as caught:
        exercises.add(session, new, author="tester")
    assert [p.column for p in caught.value.problems] == ["date", "scenario", "region", "bodies"]
    with loaded.session() as session:
        assert exercises.list_exercises(session) == []
        assert events.find(session, events.EventFilter(category="exercise")) == []


def test_dissertation_exercises_link_their_existing_events(loaded):
    seed.load(loaded, "dissertation-2025")
    with loaded.session() as session:
        report = exercises.load_examples(session, author="tester")
    assert (report.linked, report.created) == (6, 0)
    with loaded.session() as session:
        found = {e.name: e for e in exercises.list_exercises(session)}
        naiza = events.get(session, found["Найза-Антитеррор 2024"].event_id)
        assert naiza.origin == "appendix-a:36" and naiza.dataset.name == "dissertation-2025"
        assert events.get(session, found["Дабыл-Антитеррор-2024"].event_id).origin == "appendix-a:35"
        assert exercises.load_examples(session, author="tester").present == 6


def test_without_the_dissertation_dataset_the_examples_create_events(loaded):
    with loaded.session() as session:
        report = exercises.load_examples(session, author="tester")
    assert (report.linked, report.created) == (0, 6)
    with loaded.session() as session:
        naiza = next(e for e in exercises.list_exercises(session) if e.name == "Найза-Антитеррор 2024")
        event = events.get(session, naiza.event_id)
        assert event.dataset.name == "registry" and event.places[0].region == "KZY"
