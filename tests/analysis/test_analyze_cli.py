"""`sarap analyze …` against the real test database, on the sub-app itself."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from sarap.analysis.frames import load_rows
from sarap.cli.analyze import app
from sarap.core.db import Database
from sarap.events import seed, store

runner = CliRunner()


def analyze(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def seeded(cli_env, db: Database) -> Database:
    seed.load(db, "dissertation-2025")
    return db


def _by(table: dict, key: str) -> dict:
    return {row[key]: row for row in table["rows"]}


def test_counts_by_year_of_table_a1_rows(seeded):
    # Hand counts of table А.1 (origin "appendix-a:…") alone.
    with seeded.session() as session:
        rows = load_rows(session, store.EventFilter(dataset="dissertation-2025"))
    table_rows = [r for r in rows if (r.origin or "").startswith("appendix-a:")]
    assert len(table_rows) == 38
    assert sum(r.action_type == "verbal" for r in table_rows) == 22
    assert sum(r.action_type == "physical" for r in table_rows) == 16

    def physical_verbal(year):
        found = [r for r in table_rows if r.year == year]
        return (sum(r.action_type == "physical" for r in found),
                sum(r.action_type == "verbal" for r in found))

    assert physical_verbal(2011) == (5, 0)
    # Rows 14-17 and 19; row 13 sits among the 2012 rows but is dated 18 July 2016.
    assert physical_verbal(2012) == (5, 0)
    assert physical_verbal(2016) == (3, 2)


def test_counts_cli_by_year_json_and_files(seeded, tmp_path):
    result = analyze("counts", "--by", "year", "--dataset", "dissertation-2025", "--json")
    assert result.exit_code == 0, result.output
    years = _by(json.loads(result.stdout), "year")
    assert list(years) == list(range(1992, 2026))  # empty years are zero rows
    assert years[1995]["events"] == 0
    # 2016: the founding of the Counter-terrorism Committee (§3.1 line 1232) is the third verbal act
    assert years[2016]["physical"] == 3 and years[2016]["verbal"] == 3
    # The whole dataset adds the §3.1 events to the table's: 2011 has two more physical acts abroad
    # and the special operation of 3 December.
    assert years[2011]["physical"] == 8

    out_csv, out_xlsx = tmp_path / "y.csv", tmp_path / "y.xlsx"
    assert analyze("counts", "--dataset", "dissertation-2025", "-o", out_csv).exit_code == 0
    with out_csv.open(encoding="utf-8-sig") as f:
        written = list(csv.DictReader(f))
    assert written[0]["year"] == "1992" and len(written) == 34
    assert analyze("counts", "--by", "side", "-d", "dissertation-2025", "-o", out_xlsx).exit_code == 0
    sheet = load_workbook(out_xlsx).active
    assert sheet is not None and sheet.cell(2, 1).value == "side"


def test_counts_by_quarter_region_and_filters(seeded):
    quarter = json.loads(analyze("counts", "--by", "quarter", "-d", "dissertation-2025",
                                 "--json").stdout)
    # Nine events are dated only to a year and one (row 20) to a season (L1160 is dated to its month).
    assert quarter["left_out"] == 10 and "10 events" in quarter["notes"][0]
    assert quarter["rows"][0]["year"] == 1992 and quarter["rows"][0]["quarter"] == 1
    region = _by(json.loads(analyze("counts", "--by", "region", "-d", "dissertation-2025",
                                    "--json").stdout), "region")
    assert region["AKT"]["physical"] == 3  # rows 8, 9 and 23 (Aktobe)
    assert region["RUS"]["events"] == 3  # events abroad under their country
    physical = json.loads(analyze("counts", "--by", "category", "-d", "dissertation-2025",
                                  "--action-type", "physical", "--from", "2016-01-01",
                                  "--to", "2016-12-31", "--json").stdout)
    assert sum(r["events"] for r in physical["rows"]) == 3


def test_casualties_ratio_cumulative(seeded):
    casualties = _by(json.loads(analyze("casualties", "-d", "dissertation-2025", "--json").stdout),
                     "year")
    assert casualties[2016]["killed"] == 36 and casualties[1992]["hostages"] == 30
    ratio = _by(json.loads(analyze("ratio", "-d", "dissertation-2025", "--json").stdout), "year")
    assert ratio[2012]["verbal_per_physical"] == 0 and ratio[2020]["verbal_per_physical"] is None
    cumulative = json.loads(analyze("cumulative", "-d", "dissertation-2025", "--json").stdout)
    assert cumulative["rows"][-1]["events_cumulative"] == 66


def test_gti_cli(seeded):
    result = analyze("gti", "--edition", "2024", "-d", "dissertation-2025", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["years"] == [2023, 2022, 2021, 2020, 2019]
    kaz = next(s for s in data["scores"] if s["unit"] == "KAZ")
    assert kaz["score"] == 0
    old = json.loads(analyze("gti", "--edition", "2017", "--by", "region", "-d", "dissertation-2025",
                             "--json").stdout)
    assert old["scores"][0]["unit"] == "AKT" and old["scores"][0]["score"] > 0
    shown = analyze("gti", "--edition", "2017", "-d", "dissertation-2025")
    assert shown.exit_code == 0 and "KAZ" in shown.stdout


def test_bad_input_is_a_message(seeded):
    for args in (("counts", "--by", "week"), ("counts", "--from", "yesterday"),
                 ("gti", "--edition", "2024", "--by", "city"), ("counts", "-o", "x.pdf")):
        result = analyze(*args)
        assert result.exit_code == 1, args


def test_tables_for_people(seeded):
    result = analyze("counts", "--by", "action-type", "-d", "dissertation-2025")
    assert result.exit_code == 0
    assert "physical" in result.stdout and "verbal" in result.stdout
    assert analyze("casualties", "-d", "dissertation-2025").exit_code == 0
    assert analyze("ratio", "-d", "dissertation-2025", "--periods", "dissertation-3.1").exit_code == 0


def test_forecast_cli_prints_back_tests_forecast_and_summary(seeded, tmp_path):
    result = analyze("forecast", "-d", "dissertation-2025", "--json", "--horizon", "2",
                     "--chart", tmp_path / "fan")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout[result.stdout.index("{"):])
    assert [row["period"] for row in data["forecast"]][-2:] == ["2026", "2027"]
    assert {row["model"] for row in data["backtest"]} == {"naive", "mean", "poisson_trend",
                                                         "negbin_trend", "ses"}
    assert data["trust"] == "low" and "2026" in data["summary"]["en"]
    assert (tmp_path / "fan" / "forecast.svg").exists()
    shown = analyze("forecast", "-d", "dissertation-2025", "--lang", "ru")
    assert shown.exit_code == 0 and "naive" in shown.stdout
    refused = analyze("forecast", "--freq", "month")
    assert refused.exit_code == 1 and "year or quarter" in refused.output
