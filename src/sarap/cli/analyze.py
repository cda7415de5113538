"""`sarap analyze …`: counts, casualties, ratios and the GTI-method index from the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table as RichTable

from sarap.analysis import aggregations, charts, forecast, gti, periods, report, response_lag
from sarap.analysis.frames import EventRow, load_rows
from sarap.analysis.tables import Table
from sarap.cli.common import console, database, print_json, reports_errors
from sarap.core.errors import InvalidInput, Problem
from sarap.core.partial_dates import iso_day
from sarap.events import store
from sarap.events.codebook import LANGUAGES

app = typer.Typer(help="Event analysis: counts, casualties, verbal/physical ratio, GTI-method index.",
                  no_args_is_help=True)

BY_CHOICES = ("year", "quarter", "month", "region", "category", "action-type", "side", "period")

DatasetOpt = typer.Option(None, "--dataset", "-d", help="Only events of this dataset.")
FromOpt = typer.Option(None, "--from", help="Events that end on or after YYYY-MM-DD.")
ToOpt = typer.Option(None, "--to", help="Events that start on or before YYYY-MM-DD.")
RegionOpt = typer.Option(None, help="Region code (see `sarap regions`).")
CategoryOpt = typer.Option(None, help="Category code (see `sarap codebook`).")
ActionOpt = typer.Option(None, "--action-type", help="verbal or physical.")
SideOpt = typer.Option(None, help="perpetrators or counter_terrorism.")
OutputOpt = typer.Option(None, "--output", "-o", help="Also write the table to FILE.csv or FILE.xlsx.")
JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")
LangOpt = typer.Option("en", help="Labels in kk, ru or en.")
PeriodsOpt = typer.Option(None, "--periodisation", "--periods",
                          help="A shipped periodisation (see `sarap analyze periods`) or a YAML file.")



def _filter(dataset: str | None, date_from: str | None = None, date_to: str | None = None,
            region: str | None = None, category: str | None = None, action_type: str | None = None,
            side: str | None = None) -> store.EventFilter:
    return store.EventFilter(dataset=dataset, date_from=iso_day(date_from, "--from"),
                             date_to=iso_day(date_to, "--to"), region=region, category=category,
                             action_type=action_type, side=side)


def _rows(dataset: str | None, date_from: str | None = None, date_to: str | None = None,
          region: str | None = None, category: str | None = None, action_type: str | None = None,
          side: str | None = None) -> list[EventRow]:
    where = _filter(dataset, date_from, date_to, region, category, action_type, side)
    with database().session() as session:
        return load_rows(session, where)


def _show(table: Table, output: Path | None, as_json: bool) -> None:
    """Writes the file asked for, then prints the table for programs (--json) or people."""
    if output:
        table.write(output)
    if as_json:
        print_json(table.to_dict())
        return
    notes = getattr(table, "notes", [])
    shown = RichTable(*table.columns, title=table.title, caption="; ".join(notes) or None)
    for row in table.rows:
        shown.add_row(*("" if v is None else str(v) for v in row))
    console.print(shown)
    if output:
        console.print(f"written to {output}")


@app.command("counts")
@reports_errors
def counts(by: str = typer.Option("year", "--by", help=" | ".join(BY_CHOICES)),
           dataset: str | None = DatasetOpt, date_from: str | None = FromOpt,
           date_to: str | None = ToOpt, region: str | None = RegionOpt,
           category: str | None = CategoryOpt, action_type: str | None = ActionOpt,
           side: str | None = SideOpt, period_set: str | None = PeriodsOpt,
           output: Path | None = OutputOpt, as_json: bool = JsonOpt, lang: str = LangOpt) -> None:
    """Events counted by year, quarter, month, region, category, action type, side or period."""
    if by not in BY_CHOICES:
        raise InvalidInput([Problem("unknown grouping", column="--by", value=by,
                                    expected="one of " + ", ".join(BY_CHOICES))])
    rows = _rows(dataset, date_from, date_to, region, category, action_type, side)
    periodisation = periods.resolve(period_set) if by == "period" else None
    first, last = iso_day(date_from, "--from"), iso_day(date_to, "--to")
    span = (first.year, last.year) if first and last else None  # zero rows up to the filter's ends
    _show(aggregations.counts(rows, by.replace("-", "_"), periodisation=periodisation, lang=lang,
                              span=span), output, as_json)


@app.command("cumulative")
@reports_errors
def cumulative(dataset: str | None = DatasetOpt, date_from: str | None = FromOpt,
               date_to: str | None = ToOpt, region: str | None = RegionOpt,
               output: Path | None = OutputOpt, as_json: bool = JsonOpt) -> None:
    """Events per year with running totals."""
    rows = _rows(dataset, date_from, date_to, region)
    _show(aggregations.cumulative(aggregations.counts(rows, "year")), output, as_json)


@app.command("casualties")
@reports_errors
def casualties(dataset: str | None = DatasetOpt, date_from: str | None = FromOpt,
               date_to: str | None = ToOpt, region: str | None = RegionOpt,
               category: str | None = CategoryOpt, side: str | None = SideOpt,
               output: Path | None = OutputOpt, as_json: bool = JsonOpt) -> None:
    """Killed and injured by type of victim, and hostages, per year."""
    rows = _rows(dataset, date_from, date_to, region, category, None, side)
    _show(aggregations.casualties_by_year(rows), output, as_json)


@app.command("ratio")
@reports_errors
def ratio(dataset: str | None = DatasetOpt, date_from: str | None = FromOpt,
          date_to: str | None = ToOpt, region: str | None = RegionOpt,
          period_set: str | None = PeriodsOpt, output: Path | None = OutputOpt,
          as_json: bool = JsonOpt, lang: str = LangOpt) -> None:
    """Verbal acts per physical act, per year (or per period with --periods)."""
    rows = _rows(dataset, date_from, date_to, region)
    periodisation = periods.resolve(period_set) if period_set else None
    _show(aggregations.verbal_physical_ratio(rows, periodisation=periodisation, lang=lang),
          output, as_json)


@app.command("periods")
@reports_errors
def periods_command(period_set: str | None = PeriodsOpt, dataset: str | None = DatasetOpt,
                    date_from: str | None = FromOpt, date_to: str | None = ToOpt,
                    region: str | None = RegionOpt, output: Path | None = OutputOpt,
                    as_json: bool = JsonOpt, lang: str = LangOpt) -> None:
    """The shipped periodisations; with --periodisation, its periods, their sources and the
    events in each (counted by start date)."""
    if period_set is None:
        table = Table("periodisations", ["name", "label", "periods", "source"],
                      [[p.name, p.label(lang), len(p.periods), p.source]
                       for p in periods.shipped().values()])
        _show(table, output, as_json)
        return
    periodisation = periods.resolve(period_set)
    rows = _rows(dataset, date_from, date_to, region)
    _show(aggregations.by_period(rows, periodisation, lang), output, as_json)


@app.command("lag")
@reports_errors
def lag(dataset: str | None = DatasetOpt, date_from: str | None = FromOpt,
        date_to: str | None = ToOpt, period_set: str | None = PeriodsOpt,
        per_event: bool = typer.Option(False, "--events",
                                       help="One row per physical act instead of per period."),
        output: Path | None = OutputOpt, as_json: bool = JsonOpt, lang: str = LangOpt) -> None:
    """Days from each physical act of the perpetrators to the next verbal counter-terrorism act,
    nationally and in the same region, per period (median, quartiles, share never answered)."""
    found = response_lag.lags(_rows(dataset, date_from, date_to))
    periodisation = periods.resolve(period_set)
    table = (response_lag.lag_table(found, periodisation) if per_event
             else response_lag.distribution(found, periodisation, lang))
    _show(table, output, as_json)


def _method(edition: int, max_raw: float | None, banded_max: float) -> gti.Method:
    banding: gti.Banding = (gti.RelativeBanding(max_raw) if max_raw is not None
                            else gti.FixedBanding(banded_max))
    return gti.method_for(edition, banding)


@app.command("gti")
@reports_errors
def gti_index(edition: int = typer.Option(..., "--edition", help="GTI edition year, e.g. 2024."),
              by: str = typer.Option("country", "--scope", "--by",
                                     help="country, or region (of Kazakhstan)."),
              dataset: str | None = DatasetOpt,
              max_raw: float | None = typer.Option(
                  None, "--max-raw", help="GTD-era banding: the worst-affected country's score."),
              banded_max: float = typer.Option(20000, "--banded-max", help="Fixed banding's maximum."),
              output: Path | None = OutputOpt, as_json: bool = JsonOpt) -> None:
    """The Global Terrorism Index method (IEP) for one edition: see docs/gti-method.md.

    Only completed or attempted attacks count: no security operations, arrests or foiled plots."""
    if by not in ("country", "region"):
        raise InvalidInput([Problem("unknown grouping", column="--by", value=by,
                                    expected="country or region")])
    method = _method(edition, max_raw, banded_max)
    rows = _rows(dataset)
    scores = (gti.by_country if by == "country" else gti.by_region)(rows, edition, method)
    table = gti.to_table(scores, by, method)
    if as_json:
        if output:
            table.write(output)
        print_json(_gti_json(edition, by, method, scores))
        return
    _show(table, output, False)


def _gti_json(edition: int, by: str, method: gti.Method, scores: list[gti.Score]) -> dict[str, Any]:
    return {
        "edition": edition, "by": by, "years": gti.window(edition), "era": method.era,
        "weights": method.weights.__dict__, "year_weights": list(method.year_weights),
        "banding": {"kind": type(method.banding).__name__, **method.banding.__dict__},
        "scores": [{"unit": s.unit, "rank": s.rank, "score": s.score, "weighted": s.weighted,
                    "years": [{**t.__dict__, "raw": raw} for t, raw in zip(s.years, s.raws, strict=True)]}
                   for s in scores],
    }


@app.command("forecast")
@reports_errors
def forecast_command(dataset: str | None = DatasetOpt, date_from: str | None = FromOpt,
                     date_to: str | None = ToOpt, region: str | None = RegionOpt,
                     category: str | None = CategoryOpt,
                     freq: str = typer.Option("year", "--freq", help="year or quarter."),
                     horizon: int = typer.Option(3, min=1, max=12, help="Periods to forecast."),
                     steps: int = typer.Option(1, "--backtest-steps", min=1, max=5,
                                               help="Back-test horizons (1 = one period ahead)."),
                     chart: Path | None = typer.Option(None, "--chart",
                                                       help="Also draw the fan chart into this folder."),
                     output: Path | None = OutputOpt, as_json: bool = JsonOpt,
                     lang: str = typer.Option("kk", help="Summary and chart in kk, ru or en.")) -> None:
    """Completed or attempted attacks per year (or quarter; no security operations, arrests or
    foiled plots): back-tests of five models, the forecast with 80%/95% intervals and P(at least
    one event), and how far to trust it."""
    with database().session() as session:
        series = forecast.series_from_events(
            session, _filter(dataset, date_from, date_to, region, category), freq)
    result = forecast.forecast(series, horizon=horizon, backtest_steps=steps)
    fan = charts.forecast_fan(result, lang)
    if chart:
        for path in fan.save(chart):
            console.print(f"written {path}")
    if as_json:
        if output:
            fan.data.write(output)
        print_json({"chosen": result.chosen, "trust": result.trust, "summary": result.summaries(),
                    "forecast": fan.data.records(), "backtest": report.backtest_table(result).records()})
        return
    _show(report.backtest_table(result), None, False)
    _show(fan.data, output, False)
    console.print(result.summary(lang))


@app.command("report")
@reports_errors
def report_command(folder: Path = typer.Argument(..., help="Folder to write the report into."),
                   dataset: str | None = DatasetOpt, date_from: str | None = FromOpt,
                   date_to: str | None = ToOpt, region: str | None = RegionOpt,
                   period_set: str | None = PeriodsOpt,
                   horizon: int = typer.Option(3, min=1, max=12, help="Years to forecast."),
                   lang: str = typer.Option("kk", help="Report in kk, ru or en.")) -> None:
    """Writes an event-analysis report: index.html with every table and chart, the charts as SVG
    and PNG, and the numbers behind each chart and table as CSV."""
    if lang not in LANGUAGES:
        raise InvalidInput([Problem("unknown language", column="--lang", value=lang,
                                    expected=" or ".join(LANGUAGES))])
    where = _filter(dataset, date_from, date_to, region)
    with database().session() as session, console.status("") as status:
        written = report.write_report(session, where, folder, periodisation=periods.resolve(period_set),
                                      lang=lang, horizon=horizon,
                                      progress=lambda step: status.update(f"report: {step}…"))
    console.print(f"{len(written)} files written; open {written[0]}")
