"""Counts, casualties and ratios as a researcher checks them by hand."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from sarap.analysis import aggregations as agg
from sarap.analysis import periods
from sarap.analysis.frames import load_rows
from sarap.events import store


@pytest.fixture
def rows_of(db):
    def load():
        with db.session() as session:
            return load_rows(session, store.EventFilter(dataset="t"))

    return load


def test_years_without_events_are_zero_rows(add_events, rows_of):
    add_events([("2010-03-01", {"action_type": "verbal", "side": "counter_terrorism"}),
                ("2010-09-01", {"action_type": "verbal", "side": "counter_terrorism"}),
                ("2013-05-17", {})])
    table = agg.by_year(rows_of())
    assert table.rows == [[2010, 2, 2, 0], [2011, 0, 0, 0], [2012, 0, 0, 0], [2013, 1, 0, 1]]
    assert [r[0] for r in agg.by_year(rows_of(), span=(2009, 2014)).rows] == list(range(2009, 2015))


def test_month_and_quarter_counts_leave_out_season_and_year_dates(add_events, rows_of):
    add_events([("2012-05-17", {}), ("2012-07", {}), ("2012", {}), ("2012-spring", {})])
    months = agg.by_month(rows_of())
    assert months.rows == [[2012, 5, 1, 0, 1], [2012, 6, 0, 0, 0], [2012, 7, 1, 0, 1]]
    assert months.left_out == 2 and "2 events dated only to a season or a year" in months.notes[0]
    quarters = agg.by_quarter(rows_of())
    assert quarters.rows == [[2012, 2, 1, 0, 1], [2012, 3, 1, 0, 1]] and quarters.left_out == 2


def test_quarters_and_months_run_across_years(add_events, rows_of):
    add_events([("2011-11-30", {}), ("2012-02-01", {})])
    assert [r[:2] for r in agg.by_quarter(rows_of()).rows] == [[2011, 4], [2012, 1]]
    assert [r[:2] for r in agg.by_month(rows_of()).rows] == [[2011, 11], [2011, 12], [2012, 1], [2012, 2]]


def test_an_event_counts_once_in_each_region_it_names(add_events, rows_of):
    add_events([
        ("2012-01-01", {"places": [{"region": "ALA"}, {"region": "AST"}]}),
        ("2012-02-01", {"places": [{"region": "ALA", "settlement": "a"}, {"region": "ALA"}]}),
        ("2012-03-01", {"region": None, "country": "RUS"}),
        ("2012-04-01", {"region": None, "country": "KAZ", "action_type": "verbal",
                        "side": "counter_terrorism"}),
    ])
    table = agg.by_region(rows_of())
    by_code = {row[0]: row for row in table.rows}
    assert by_code["ALA"][2:] == [2, 0, 2] and by_code["AST"][2:] == [1, 0, 1]
    assert by_code["RUS"][1:] == ["Abroad: Russia", 1, 0, 1]
    assert by_code["KAZ"][1:] == ["Nationwide", 1, 1, 0]
    assert by_code["ATY"][2:] == [0, 0, 0]  # all 20 regions are listed
    assert len(table.rows) == 22
    assert table.notes == ["Events with places in several regions: 1 (counted once in each)"]
    assert agg.by_region(rows_of(), lang="kk").rows[3][1] == "Алматы қаласы"


def test_counts_by_category_side_and_action_type_list_every_code(add_events, rows_of):
    add_events([("2012-01-01", {}), ("2012-02-01", {}),
                ("2012-03-01", {"action_type": "verbal", "side": "counter_terrorism"})])
    category = {r[0]: r for r in agg.counts(rows_of(), "category").rows}
    assert category["armed_assault"][2] == 2 and category["legislation"][2] == 1
    assert category["bombing"][2] == 0
    assert {r[0]: r[2] for r in agg.counts(rows_of(), "side").rows} == {
        "perpetrators": 2, "counter_terrorism": 1}
    action = agg.counts(rows_of(), "action_type", lang="ru")
    assert action.rows == [["verbal", "Вербальное", 1, 1, 0], ["physical", "Физическое", 2, 0, 2]]


def test_counts_by_period_of_the_dissertation(add_events, rows_of):
    add_events([("1985-01-01", {}), ("1999-12-31", {}), ("2000-01-01", {}), ("2011", {}),
                ("2016-12-31", {}), ("2024-05-02", {"action_type": "verbal",
                                                    "side": "counter_terrorism"})])
    table = agg.by_period(rows_of(), periods.shipped()["dissertation-3.1"])
    assert [(r[0], r[4]) for r in table.rows] == [
        ("1991-1999", 1), ("2000-2010", 1), ("2011-2016", 2), ("since-2017", 1)]
    assert table.rows[-1][3] is None  # the last period is still going on
    assert table.left_out == 1 and table.notes == ["1 events fall outside every period"]


def test_casualties_by_year_and_type_of_victim(add_events, rows_of):
    add_events([
        ("2014-01-01", {"casualties": {"killed": {"civilians": 4, "security": 1},
                                       "injured": {"unknown": 5}, "hostages": 2}}),
        ("2014-06-01", {"casualties": {"killed": {"civilians": 3, "perpetrators": 2}}}),
        ("2014-07-01", {}),
        ("2016-01-01", {"casualties": {"injured": {"security": 1}}}),
    ])
    table = agg.casualties_by_year(rows_of())
    rows = {r["year"]: r for r in table.records()}
    assert list(rows) == [2014, 2015, 2016]
    y2014 = rows[2014]
    assert (y2014["events"], y2014["events_with_counts"]) == (3, 2)
    assert (y2014["killed_civilians"], y2014["killed_security"], y2014["killed_perpetrators"]) == (7, 1, 2)
    assert (y2014["killed"], y2014["injured"], y2014["injured_unknown"], y2014["hostages"]) == (10, 5, 5, 2)
    assert rows[2015]["killed"] == 0 and rows[2016]["injured_security"] == 1


def test_verbal_physical_ratio_over_time(add_events, rows_of):
    verbal = {"action_type": "verbal", "side": "counter_terrorism"}
    add_events([("2012-01-01", verbal), ("2012-02-01", verbal), ("2012-03-01", verbal),
                ("2012-04-01", {}), ("2014-01-01", verbal)])
    rows = {r["year"]: r for r in agg.verbal_physical_ratio(rows_of()).records()}
    assert (rows[2012]["verbal_per_physical"], rows[2012]["verbal_share"]) == (3.0, 0.75)
    assert rows[2013]["events"] == 0 and rows[2013]["verbal_share"] is None
    assert (rows[2014]["verbal_per_physical"], rows[2014]["verbal_share"]) == (None, 1.0)
    by_period = agg.verbal_physical_ratio(rows_of(), periodisation=periods.shipped()["dissertation-3.1"])
    assert by_period.records()[2]["verbal_per_physical"] == 4.0  # 2011-2016: 2012 and 2014


def test_cumulative_series_and_exports(add_events, rows_of, tmp_path):
    add_events([("2010-01-01", {}), ("2012-01-01", {}), ("2012-02-01", {"action_type": "verbal",
                                                                         "side": "counter_terrorism"})])
    table = agg.cumulative(agg.by_year(rows_of()))
    assert table.column("events_cumulative") == [1, 1, 3]
    assert table.column("verbal_cumulative") == [0, 0, 1]
    table.to_csv(tmp_path / "c.csv")
    with (tmp_path / "c.csv").open(encoding="utf-8-sig") as fh:
        assert list(csv.DictReader(fh))[2]["events_cumulative"] == "3"
    table.to_xlsx(tmp_path / "c.xlsx")
    sheet = load_workbook(tmp_path / "c.xlsx").active
    assert sheet is not None and sheet.cell(2, 5).value == "events_cumulative"


def test_no_events_give_empty_tables():
    assert agg.by_year([]).rows == [] and agg.by_month([]).rows == []
    assert agg.casualties_by_year([]).rows == []
