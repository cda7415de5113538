"""Every filter of the event list and API is answered from an index (SQLite's EXPLAIN QUERY
PLAN), with the planner's statistics refreshed after an import."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.dialects import sqlite

from sarap.events import importing
from sarap.events.store import EventFilter

FILTERS = {
    "none": EventFilter(),
    "region": EventFilter(region="AKT"),
    "dataset": EventFilter(dataset="gen"),
    "dates": EventFilter(date_from=date(2015, 1, 1), date_to=date(2016, 1, 1)),
    "action type": EventFilter(action_type="verbal"),
    "side": EventFilter(side="counter_terrorism"),
    "region and dates": EventFilter(region="ALA", date_from=date(2015, 1, 1)),
}
REGIONS = ("AKT", "ALA", "ALR", "AKM", "ABY")


def _plan(db, where: EventFilter) -> list[str]:
    sql = str(where.select().compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as conn:
        return [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]


@pytest.fixture
def filled(db, tmp_path):
    if not db.is_sqlite:
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    path = tmp_path / "gen.jsonl"
    path.write_text("\n".join(json.dumps({
        "origin": f"g:{i}", "date": {"start": f"{2005 + i % 20}-{1 + i % 12:02d}"},
        "category": "armed_assault", "action_type": ("physical", "verbal")[i % 7 == 0],
        "summary": f"event {i}", "places": [{"region": REGIONS[i % len(REGIONS)]}]})
        for i in range(400)), encoding="utf-8")
    report = importing.run_import(db, path, dataset="gen", author="t")  # then ANALYZE
    assert report.created == 400, report.errors[:3]
    return db


@pytest.mark.parametrize("name", FILTERS)
def test_the_filter_uses_an_index(filled, name):
    plan = _plan(filled, FILTERS[name])
    full_scans = [line for line in plan if line.startswith("SCAN") and "INDEX" not in line
                  and "CONSTANT ROW" not in line]
    assert full_scans == [], plan


def test_statistics_exist_after_an_import(filled):
    with filled.engine.connect() as conn:
        tables = {row[0] for row in conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
    assert {"events", "event_places"} <= tables
