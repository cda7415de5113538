"""`sarap analyze periods` and `sarap analyze lag` on the dissertation's dataset."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from sarap.cli.analyze import app
from sarap.events import seed

runner = CliRunner()


def analyze(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def seeded(cli_env, db):
    seed.load(db, "dissertation-2025")
    return db


def test_periods_lists_the_shipped_ones_and_counts_events_in_each(seeded):
    listed = json.loads(analyze("periods", "--json").stdout)
    assert [r["name"] for r in listed["rows"]] == [
        "dissertation-3.1", "karin-three-stages", "dissertation-1.1-five-stages"]
    result = analyze("periods", "--periodisation", "karin-three-stages", "-d", "dissertation-2025",
                     "--json")
    assert result.exit_code == 0, result.output
    stages = {r["period"]: r for r in json.loads(result.stdout)["rows"]}
    # By hand from the dataset: 1997-2005 holds the 1999 law, the 2000 operation in Almaty and seven
    # more verbal acts (the Astana court's ban of March 2005 among them); 2006-2010 five physical
    # acts (four abroad and the 2010 escape) and six verbal; the four events of 1992-1994 fall in
    # no stage.
    assert (stages["stage-1"]["verbal"], stages["stage-1"]["physical"]) == (8, 1)
    assert (stages["stage-2"]["verbal"], stages["stage-2"]["physical"]) == (6, 5)
    assert stages["stage-3"]["events"] == 42 and stages["stage-1"]["source"] == "seeds/001 L1260"
    assert json.loads(result.stdout)["left_out"] == 4


def test_a_users_periodisation_file_and_its_errors(seeded, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("periodisations:\n  two:\n    label: {en: Two}\n    periods:\n"
                    "      - {code: a, label: {en: A}, start: 1991-01-01, end: 2010-12-31}\n"
                    "      - {code: b, label: {en: B}, start: 2010-01-01}\n", encoding="utf-8")
    result = analyze("counts", "--by", "period", "--periodisation", mine, "-d", "dissertation-2025")
    assert result.exit_code == 1
    assert "mine.yaml, column 'periodisations.two.periods': periods 'a' and 'b' overlap" in result.stderr
    assert analyze("lag", "--periodisation", "nonesuch").exit_code == 1


def test_lag_per_event_and_per_period(seeded):
    result = analyze("lag", "-d", "dissertation-2025", "--events", "--json")
    assert result.exit_code == 0, result.output
    by_date = {r["date_start"]: r for r in json.loads(result.stdout)["rows"]}
    # the next verbal act is the Counter-terrorism Committee's founding, dated only to September 2016
    aktobe = by_date["2016-06-05"]
    assert aktobe["national_days"] == (date(2016, 9, 1) - date(2016, 6, 5)).days == 88
    assert aktobe["national_approximate"] is True
    assert aktobe["regional_days"] is None  # no later verbal act in Aktobe region
    almaty = by_date["2016-07-18"]  # regional answer: a 2020 publication in Almaty
    assert almaty["regional_days"] == (date(2020, 1, 1) - date(2016, 7, 18)).days
    per_period = json.loads(analyze("lag", "-d", "dissertation-2025", "--json").stdout)
    rows = {(r["period"], r["scope"]): r for r in per_period["rows"]}
    # arrests and operations (abroad in 2011, row 20 in 2016) are the state's acts, not the
    # perpetrators' acts a response answers
    assert rows[("2011-2016", "national")]["events"] == 11
    assert rows[("2011-2016", "national")]["no_response"] == 0
    assert rows[("since-2017", "national")]["events"] == 0  # no physical act since 2017
    assert rows[("all", "national")]["events"] == 13  # 21 before the coding review (issue 15)
