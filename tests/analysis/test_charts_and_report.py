"""Charts (SVG read back as XML: title, axis labels, region names) and the event-analysis report
written by `sarap analyze report` for the shipped dissertation dataset."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sarap.analysis import aggregations, charts, forecast, periods
from sarap.analysis.frames import load_rows
from sarap.cli.analyze import app
from sarap.core.db import Database
from sarap.events import regions, seed, store

SVG = "{http://www.w3.org/2000/svg}"
runner = CliRunner()


@pytest.fixture
def seeded(cli_env, db: Database) -> Database:
    seed.load(db, "dissertation-2025")
    return db


def _words(svg: str) -> list[str]:
    """Every text element's words, as a reader of the picture sees them."""
    root = ET.fromstring(svg)
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


def _rows(db: Database):
    with db.session() as session:
        return load_rows(session, store.EventFilter(dataset="dissertation-2025"))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_time_charts_are_titled_and_labelled_in_each_language(seeded, lang):
    by_year = aggregations.by_year(_rows(seeded))
    shown = _words(charts.timeline(by_year, lang, periods.resolve(None)).svg())
    assert charts.text("timeline", lang) in shown
    assert charts.text("year", lang) in shown and charts.text("events", lang) in shown
    assert "2011–2016" in shown  # the shaded period of the 2011-2016 wave
    bars = _words(charts.verbal_physical(by_year, lang).svg())
    assert {charts.text(k, lang) for k in ("verbal_physical", "verbal", "physical", "year")} <= set(bars)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_region_map_names_all_twenty_regions_with_their_counts(seeded, lang):
    chart = charts.region_map(aggregations.by_region(_rows(seeded), lang), lang)
    root = ET.fromstring(chart.svg())
    labels = {g.get("id"): " ".join("".join(g.itertext()).split()) for g in root.iter(f"{SVG}g")
              if (g.get("id") or "").startswith("region-")}
    assert len(labels) == 20
    assert labels["region-AST"] == f"{regions.get('AST').name(lang)} 16"
    assert labels["region-AKT"] == f"{regions.get('AKT').name(lang)} 3"
    assert charts.text("regions", lang) in _words(chart.svg())


def test_fan_chart_shows_the_history_and_the_intervals(seeded):
    with seeded.session() as session:
        series = forecast.series_from_events(session, store.EventFilter(dataset="dissertation-2025"))
    result = forecast.forecast(series, horizon=3)
    chart = charts.forecast_fan(result, "en")
    shown = _words(chart.svg())
    assert {"Observed", "80% interval", "95% interval", "Forecast (median)"} <= set(shown)
    assert "2028" in shown  # three years after the last year with events
    assert chart.data.column("period")[-3:] == ["2026", "2027", "2028"]
    ahead = chart.data.rows[-1]
    assert ahead[1] is None and ahead[4] <= ahead[3] <= ahead[5]  # low80 <= median <= high80


def test_charts_are_reproducible_files(seeded, tmp_path):
    paths = charts.casualties(aggregations.casualties_by_year(_rows(seeded)), "kk").save(tmp_path / "a")
    again = charts.casualties(aggregations.casualties_by_year(_rows(seeded)), "kk").save(tmp_path / "b")
    assert [p.suffix for p in paths] == [".svg", ".png", ".csv"]
    assert paths[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]


def _csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    return {row[next(iter(row))]: row for row in rows}


def test_report_recomputes_the_dissertation_numbers(seeded, tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", str(out), "-d", "dissertation-2025", "--lang", "en"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    for heading in ("Events by year", "Events by region", "GTI-method index (Kazakhstan)",
                    "Forecast – physical acts by perpetrators", 'id="table-backtest"'):
        assert heading in html
    for name in ("timeline", "verbal_physical", "regions", "casualties", "forecast"):
        assert all((out / "charts" / f"{name}.{s}").exists() for s in ("svg", "png", "csv"))
        assert f'src="charts/{name}.svg"' in html
    # hand counts of table А.1 and §3.1 (see test_analyze_cli): 2011 had 8 physical acts,
    # 2016 three physical and three verbal, Aktobe three physical, 36 killed in 2016
    years = _csv(out / "tables" / "events_by_year.csv")
    assert years["2011"]["physical"] == "8"
    assert (years["2016"]["physical"], years["2016"]["verbal"]) == ("3", "3")
    assert _csv(out / "tables" / "events_by_region.csv")["AKT"]["physical"] == "3"
    assert _csv(out / "tables" / "casualties_by_year.csv")["2016"]["killed"] == "36"
    gti_scores = _csv(out / "tables" / "gti_by_edition.csv")
    assert float(gti_scores["2024"]["score"]) == 0 and gti_scores["2024"]["data_years"] == "2019-2023"
    assert float(gti_scores["2017"]["score"]) > 0  # the years behind GTI 2017 include Aktobe 2016
    assert "2019-2023" in html and "physical" in html.lower()
