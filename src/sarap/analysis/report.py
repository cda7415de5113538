"""The event-analysis report: one folder a researcher can open, cite and check.

`write_report` computes every table from the records that match a filter, draws the charts, and
writes `index.html` with the tables and charts, `charts/NAME.{svg,png,csv}` and `tables/NAME.csv`.
Nothing in it is typed in: change the records and the report changes with them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from sarap.analysis import aggregations, charts, forecast, gti, response_lag
from sarap.analysis.frames import EventRow, load_rows
from sarap.analysis.periods import Periodisation
from sarap.analysis.tables import Table
from sarap.events.store import EventFilter

EDITIONS = range(2012, 2026)
TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Section:
    name: str
    heading: str
    chart: charts.Chart | None = None
    tables: list[tuple[str, Table]] = field(default_factory=list)  # (file stem, table)
    text: list[str] = field(default_factory=list)


def backtest_table(report: forecast.ForecastReport) -> Table:
    columns = ["model", "step", "origins", "mae", "log_score", "coverage80", "coverage95", "brier"]
    rows: list[list[Any]] = [[s.model, s.step, s.origins, round(s.mae, 3), round(s.log_score, 3),
                              round(s.coverage80, 3), round(s.coverage95, 3), round(s.brier, 3)]
                             for m in report.models for s in m.scores]
    return Table(f"rolling-origin back-tests from {report.min_train} periods of training", columns, rows)


def _event_sections(rows: Sequence[EventRow], lang: str, periodisation: Periodisation) -> list[Section]:
    by_year = aggregations.by_year(rows)
    by_region = aggregations.by_region(rows, lang)
    casualties = aggregations.casualties_by_year(rows)
    lags = response_lag.lags(rows)
    return [
        Section("timeline", charts.text("timeline", lang), charts.timeline(by_year, lang, periodisation),
                [("events_by_year", by_year)]),
        Section("verbal_physical", charts.text("verbal_physical", lang),
                charts.verbal_physical(by_year, lang)),
        Section("periods", charts.text("by_period", lang), None, [
            ("events_by_period", aggregations.by_period(rows, periodisation, lang)),
            ("ratio_by_period", aggregations.verbal_physical_ratio(rows, periodisation=periodisation,
                                                                   lang=lang))]),
        Section("regions", charts.text("regions", lang), charts.region_map(by_region, lang),
                [("events_by_region", by_region)]),
        Section("categories", charts.text("by_category", lang), None,
                [("events_by_category", aggregations.by_code(rows, "category", lang))]),
        Section("casualties", charts.text("casualties", lang), charts.casualties(casualties, lang),
                [("casualties_by_year", casualties)]),
        Section("response_lag", charts.text("response_lag", lang), None,
                [("response_lag", response_lag.distribution(lags, periodisation, lang))]),
    ]


def _gti_sections(rows: list[EventRow], lang: str, editions: Sequence[int]) -> list[Section]:
    latest = editions[-1]
    method = gti.method_for(latest)
    return [Section("gti", charts.text("gti", lang), None,
                    [("gti_by_edition", gti.editions_table(gti.country_by_edition(rows, editions))),
                     (f"gti_{latest}_by_region",
                      gti.to_table(gti.by_region(rows, latest), "region", method))])]


def _forecast_section(session: Session, where: EventFilter, lang: str, horizon: int) -> Section:
    series = forecast.series_from_events(session, where)
    result = forecast.forecast(series, horizon=horizon)
    fan = charts.forecast_fan(result, lang)
    return Section("forecast", charts.text("forecast", lang), fan,
                   [("forecast", fan.data), ("backtest", backtest_table(result))], [result.summary(lang)])


def _render(folder: Path, sections: list[Section], lang: str, **context: Any) -> Path:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    tables = [{"file": stem, "title": table.title, "columns": table.columns, "rows": table.rows,
               "notes": getattr(table, "notes", [])} for s in sections for stem, table in s.tables]
    by_file = {t["file"]: t for t in tables}
    shown = [{"name": s.name, "heading": s.heading, "chart": s.chart.name if s.chart else None,
              "text": s.text, "tables": [by_file[stem] for stem, _ in s.tables]} for s in sections]
    html = env.get_template("report.html").render(
        sections=shown, lang=lang, t=lambda key: charts.text(key, lang), **context)
    index = folder / "index.html"
    index.write_text(html, encoding="utf-8")
    return index


def write_report(session: Session, where: EventFilter, folder: Path, *, periodisation: Periodisation,
                 lang: str = "kk", horizon: int = 3, editions: Sequence[int] = EDITIONS,
                 generated: date | None = None,
                 progress: Callable[[str], None] = lambda step: None) -> list[Path]:
    """Writes the report into `folder` and returns every file written, index.html first."""
    progress("events")
    rows = load_rows(session, where)
    sections = _event_sections(rows, lang, periodisation)
    progress("gti")
    sections += _gti_sections(rows, lang, editions)
    progress("forecast")
    sections.append(_forecast_section(session, where, lang, horizon))
    progress("files")
    written: list[Path] = []
    for section in sections:
        if section.chart:
            written += section.chart.save(folder / "charts")
        for stem, table in section.tables:
            (folder / "tables").mkdir(parents=True, exist_ok=True)
            table.to_csv(folder / "tables" / f"{stem}.csv")
            written.append(folder / "tables" / f"{stem}.csv")
    span = " – ".join(str(d) for d in (where.date_from, where.date_to) if d) or None
    index = _render(folder, sections, lang, scope=where.dataset or charts.text("all_data", lang),
                    date_range=span, generated=(generated or date.today()).isoformat())
    return [index, *written]
