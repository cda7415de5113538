"""Response lag: days from a physical perpetrators' act to the next verbal counter-terrorism act."""

from __future__ import annotations

import pytest

from sarap.analysis import periods, response_lag
from sarap.analysis.frames import load_rows
from sarap.events import store

VERBAL = {"action_type": "verbal", "side": "counter_terrorism"}


@pytest.fixture
def lags(db, add_events):
    add_events([
        ("2016-06-05", {"region": "AKT"}),                     # attack in Aktobe
        ("2016-06-05", {**VERBAL, "region": "AST"}),           # same-day national statement
        ("2016-06-20", {**VERBAL, "region": "AKT"}),           # regional answer 15 days on
        ("2016-07-18", {"region": "ALA"}),                     # Almaty: next verbal act 2016-09-01
        ("2016-09", {**VERBAL, "region": "AST"}),              # known only to the month
        ("2016-10-01", {"side": "counter_terrorism", "region": "ALA"}),  # a physical arrest: not an answer
        ("2024-01-10", {"region": None, "country": "KAZ"}),    # nationwide, nothing after it
        ("2012-05-01", {**VERBAL, "side": "perpetrators", "category": "propaganda"}),  # not counter-terrorism
    ])
    with db.session() as session:
        return response_lag.lags(load_rows(session, store.EventFilter(dataset="t")))


def test_days_to_the_next_verbal_act_nationally_and_in_the_region(lags):
    assert len(lags) == 3  # only physical acts of the perpetrators' side
    aktobe, almaty, later = lags
    assert (aktobe.national.days, aktobe.national.approximate) == (0, False)
    assert (aktobe.regional.days, aktobe.regional.approximate) == (15, False)
    assert (almaty.national.days, almaty.national.approximate) == (45, True)  # 18 Jul -> 1 Sep (month)
    assert almaty.regional.days is None  # no verbal act in Almaty after it
    assert later.national.days is None and later.regional is None  # no region: no regional lag


def test_distribution_per_period(lags):
    table = response_lag.distribution(lags, periods.shipped()["dissertation-3.1"])
    rows = {(r["period"], r["scope"]): r for r in table.records()}
    wave = rows[("2011-2016", "national")]
    assert (wave["events"], wave["responded"], wave["no_response"]) == (2, 2, 0)
    assert (wave["median_days"], wave["min_days"], wave["max_days"]) == (22.5, 0, 45)
    assert (wave["q1_days"], wave["q3_days"], wave["approximate"]) == (11.25, 33.75, 1)
    regional = rows[("2011-2016", "regional")]
    assert (regional["events"], regional["responded"], regional["share_no_response"]) == (2, 1, 0.5)
    since = rows[("since-2017", "national")]
    assert (since["events"], since["share_no_response"], since["median_days"]) == (1, 1.0, None)
    assert rows[("since-2017", "regional")]["events"] == 0
    assert rows[("all", "national")]["events"] == 3
    assert any("approximate" in note for note in table.notes)
    assert "1 physical acts name no region: no regional lag" in table.notes


def test_per_event_table(lags):
    table = response_lag.lag_table(lags, periods.shipped()["dissertation-3.1"])
    first = table.records()[0]
    assert (first["period"], first["regions"], first["national_days"], first["regional_days"]) == (
        "2011-2016", "AKT", 0, 15)
    assert table.records()[2]["regional_approximate"] is None


def test_quartiles_of_one_lag_are_that_lag():
    one = [response_lag.Response(7)]
    assert response_lag.summary(one)[4:9] == [7, 7, 7, 7, 7]
