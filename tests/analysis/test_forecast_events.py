"""Forecast series counted from the data bank (a real migrated database)."""

from __future__ import annotations

from typing import Any

import pytest

from sarap.analysis import forecast as fc
from sarap.core.errors import InvalidInput
from sarap.events import records, seed, store
from sarap.events.store import EventFilter

CATEGORY = {("physical", "perpetrators"): "armed_assault", ("verbal", "perpetrators"): "propaganda",
            ("physical", "counter_terrorism"): "counter_terrorist_operation",
            ("verbal", "counter_terrorism"): "legislation"}


def add(db, *events: tuple[str, str, str, dict[str, Any]]) -> None:
    with db.session() as session:
        dataset = store.dataset_named(session, "t", create=True)
        for start, action_type, side, extra in events:
            record, problems = records.validate({
                "date": {"start": start}, "category": CATEGORY[action_type, side], "side": side,
                "action_type": action_type, "summary": f"{action_type} {side} {start}"} | extra)
            assert problems == []
            store.create(session, record, author="t", dataset=dataset)


def attack(start: str, **extra: Any) -> tuple[str, str, str, dict[str, Any]]:
    return start, "physical", "perpetrators", extra


@pytest.fixture
def bank(db):
    add(db,
        attack("2010-03-04"), attack("2010-11-20"), attack("2013-07"), attack("2013"),
        attack("2012-05-01", meets_definition=False),
        ("2011-06-01", "verbal", "perpetrators", {}),
        ("2011-09-09", "physical", "counter_terrorism", {}),
        ("2014-02-02", "verbal", "counter_terrorism", {}),
        attack("2012-08-17", category="plot"), attack("2013-03-03", category="prison_escape"))
    return db


def test_yearly_series_counts_physical_perpetrator_events_and_fills_zero_years(bank):
    with bank.session() as session:
        series = fc.series_from_events(session, EventFilter(dataset="t"))
    # 2011, 2012 and 2014 hold only verbal, counter-terrorism or non-terrorism events: zero years.
    assert series.pairs() == [("2010", 2), ("2011", 0), ("2012", 0), ("2013", 2), ("2014", 0)]
    assert series.not_terrorism == 1
    assert series.not_attacks == 2  # a foiled plot and an escape: perpetrators' acts, no attacks


def test_quarterly_series_leaves_out_events_dated_only_to_a_year_and_says_how_many(bank):
    with bank.session() as session:
        series = fc.series_from_events(session, EventFilter(dataset="t"), freq="quarter")
    assert series.labels[0] == "2010-Q1" and series.labels[-1] == "2014-Q1"
    counted = {label: n for label, n in series.pairs() if n}
    assert counted == {"2010-Q1": 1, "2010-Q4": 1, "2013-Q3": 1}
    assert series.dropped_imprecise == 1


def test_first_and_last_extend_the_series_with_zero_years(bank):
    with bank.session() as session:
        series = fc.series_from_events(session, EventFilter(dataset="t"), first=2008, last=2016)
        narrowed = fc.series_from_events(session, EventFilter(dataset="t"), first=2011, last=2016)
    assert series.labels[0] == "2008" and series.labels[-1] == "2016" and series.events == 4
    assert narrowed.events == 2 and narrowed.outside == 2


def test_a_filter_for_other_events_is_refused(bank):
    with bank.session() as session, pytest.raises(InvalidInput, match="physical events"):
        fc.series_from_events(session, EventFilter(dataset="t", action_type="verbal"))


def test_forecast_from_the_data_bank_says_the_data_are_too_few(bank):
    with bank.session() as session:
        series = fc.series_from_events(session, EventFilter(dataset="t"))
    report = fc.forecast(series)
    assert report.trust == "insufficient"
    assert "4 events in 5 years (2010–2014)" in report.summary("en")
    assert "left out (1)" in report.summary("en")
    assert "not attacks (foiled plots, escapes, involvement abroad) are left out (2)" in report.summary("en")


def test_the_dissertation_forecast_counts_no_security_operation(db):
    seed.load(db, "dissertation-2025")
    with db.session() as session:
        series = fc.series_from_events(session, EventFilter(dataset="dissertation-2025"),
                                       first=2009, last=2012)
        foreign = store.find(session, EventFilter(dataset="dissertation-2025", text="Дағыстан"))
    assert {e.side for e in foreign} == {"counter_terrorism"}
    # 2009: only security operations and arrests abroad; 2010: an escape (no attack); 2011: the four
    # attacks; 2012: the two attacks (the blasts of rows 17 and 19 were devices being prepared)
    assert series.pairs() == [("2009", 0), ("2010", 0), ("2011", 4), ("2012", 2)]
    assert series.not_attacks == 3


def test_back_tests_run_on_the_dissertation_dataset(db):
    seed.load(db, "dissertation-2025")
    with db.session() as session:
        series = fc.series_from_events(session, EventFilter(dataset="dissertation-2025"))
    report = fc.forecast(series, backtest_steps=2)
    assert report.origins == len(series.counts) - fc.MIN_TRAIN > 0
    assert all(m.score(1) and m.score(2) for m in report.models)
    years, events = len(series.counts), series.events
    assert f"{events} events in {years} years" in report.summary("en")
    assert f"{years} жыл" in report.summary("kk") and f"{events} оқиға" in report.summary("kk")
    assert f"событий за это время: {events}" in report.summary("ru")
    assert report.trust == "low"
