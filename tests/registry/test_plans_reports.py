"""Plans of measures by kind and status, and the per-region report with its exports."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sarap.core.errors import InvalidInput
from sarap.registry import exercises, reports, store


def _plans(db) -> None:
    with db.session() as session:
        for title, kind, region, deadline, status in [
            ("Азаматтарды хабардар ету", "organisational", "KGD", date(2024, 3, 1), "done"),
            ("Әуежайда оқу-жаттығу", "organisational", "KGD", date(2024, 10, 31), "planned"),
            ("Әлеуметтік жарнама", "propaganda", "KGD", date(2024, 6, 1), "planned"),
            ("Жастармен кездесу", "educational", "ALA", date(2024, 5, 1), "done"),
            ("Келесі жылға", "legal", "KGD", date(2025, 2, 1), "planned"),
        ]:
            store.add_plan(session, title=title, kind=kind, body_code="commission-region", region=region,
                           deadline=deadline, status=status, author="tester")
        exercises.add(session, exercises.NewExercise(name="Дабыл-Антитеррор-2024", when="2024-10-31",
                                                     scenario="transport", region="KGD",
                                                     bodies=["hq-region"]), author="tester")


def test_report_counts_plans_by_kind_and_status_for_region_and_period(loaded):
    _plans(loaded)
    with loaded.session() as session:
        plan = store.plans(session, store.PlanFilter(region="KGD", kind="propaganda"))[0]
        store.set_plan_status(session, plan.id, "in_progress", author="tester")
    with loaded.session() as session:
        report = reports.build(session, region="KGD", date_from=date(2024, 1, 1),
                               date_to=date(2024, 12, 31), lang="en")
        by_kind = {k.code: k.counts for k in report.kinds}
        assert by_kind["organisational"] == {"planned": 1, "in_progress": 0, "done": 1, "cancelled": 0}
        assert by_kind["propaganda"]["in_progress"] == 1
        assert by_kind["legal"]["planned"] == 0  # its deadline is in 2025
        assert by_kind["educational"]["done"] == 0  # Almaty's
        assert report.totals == {"planned": 1, "in_progress": 1, "done": 1, "cancelled": 0}
        assert [e.name for e in report.exercises] == ["Дабыл-Антитеррор-2024"]


def test_csv_and_xlsx_exports(loaded, tmp_path: Path):
    _plans(loaded)
    with loaded.session() as session:
        report = reports.build(session, region="KGD", lang="en")
        csv_path = reports.write(report, tmp_path / "report.csv")
        xlsx_path = reports.write(report, tmp_path / "report.xlsx")
    rows = list(csv.reader(csv_path.open(encoding="utf-8")))
    assert rows[0] == list(reports.HEADER)
    assert rows[3] == ["Organisational measures", "1", "0", "1", "0", "2"]
    assert rows[6] == ["total", "3", "0", "1", "0", "4"]
    assert rows[9][0] == "Дабыл-Антитеррор-2024"
    book = load_workbook(xlsx_path)
    assert book["plans"]["F7"].value == 4 and book["exercises"]["A2"].value == "Дабыл-Антитеррор-2024"


def test_plan_problems_name_the_field(loaded):
    with loaded.session() as session, pytest.raises(InvalidInput) as caught:
        store.add_plan(session, title=" ", kind="legal", body_code="atc", status="someday", measure=9,
                       region="Нарния", author="tester")
    assert [p.column for p in caught.value.problems] == ["title", "status", "region", "measure"]
