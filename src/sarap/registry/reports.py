"""What was planned and done per region and period: plans by measure kind and status, and the
exercises held. Counted from the records the reader may see, never typed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from sarap.core import spreadsheet
from sarap.registry import exercises as exercises_mod
from sarap.registry import store
from sarap.registry.models import PLAN_STATUSES, Exercise

HEADER = ("measure_kind", "planned", "in_progress", "done", "cancelled", "total")


@dataclass
class KindRow:
    code: str
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PLAN_STATUSES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Report:
    region: str | None
    date_from: date | None
    date_to: date | None
    kinds: list[KindRow]
    exercises: list[Exercise]

    @property
    def totals(self) -> dict[str, int]:
        return {s: sum(k.counts[s] for k in self.kinds) for s in PLAN_STATUSES}


def build(session: Session, *, region: str | None = None, date_from: date | None = None,
          date_to: date | None = None, lang: str = "kk",
          visible_plans: ColumnElement[bool] | None = None,
          visible_exercises: ColumnElement[bool] | None = None) -> Report:
    """Plans whose deadline falls in the period (all plans when no period is given) and exercises
    held in it, for one region or the whole country."""
    rows = {k.code: KindRow(k.code, k.name(lang)) for k in store.measure_kinds(session)}
    where = store.PlanFilter(region=region, date_from=date_from, date_to=date_to)
    for plan in store.plans(session, where, visible_plans):
        rows[plan.kind.code].counts[plan.status] += 1
    held = exercises_mod.list_exercises(session, region=region, date_from=date_from, date_to=date_to,
                                        visible=visible_exercises)
    return Report(region, date_from, date_to, list(rows.values()), held)


def table(report: Report) -> list[list[object]]:
    rows: list[list[object]] = [list(HEADER)]
    for kind in report.kinds:
        rows.append([kind.name, *(kind.counts[s] for s in PLAN_STATUSES), kind.total])
    totals = report.totals
    rows.append(["total", *(totals[s] for s in PLAN_STATUSES), sum(totals.values())])
    return rows


def exercise_rows(report: Report) -> list[list[object]]:
    rows: list[list[object]] = [["exercise", "date", "region", "scenario", "event_id"]]
    rows += [[e.name, e.date_start.isoformat(), e.region or "", e.scenario, e.event_id]
             for e in report.exercises]
    return rows


def write(report: Report, path: Path) -> Path:
    """CSV (plans table, a blank line, then exercises) or XLSX (one sheet each), by suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        book = Workbook()
        plans_sheet = book.active
        assert plans_sheet is not None
        plans_sheet.title = "plans"
        for row in table(report):
            spreadsheet.append(plans_sheet, row)
        held = book.create_sheet("exercises")
        for row in exercise_rows(report):
            spreadsheet.append(held, row)
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as fh:
            out = spreadsheet.csv_writer(fh)
            out.writerows(table(report))
            out.writerow([])
            out.writerows(exercise_rows(report))
    return path
