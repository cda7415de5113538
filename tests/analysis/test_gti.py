"""The GTI method: the research notes' worked example, the seed's windows, the rules for incidents."""

from __future__ import annotations

import math
from datetime import date

import pytest

from sarap.analysis import gti
from sarap.analysis.frames import EventRow, load_rows
from sarap.core.errors import InvalidInput
from sarap.events import seed, store

WORKED = [  # research notes §1b: years t..t-4 as (incidents, deaths, injured, hostages)
    (12, 30, 50, 2), (8, 10, 20, 0), (5, 4, 6, 0), (3, 1, 0, 0), (0, 0, 0, 0)]


def test_worked_example_reproduced_exactly():
    years = [gti.YearTotals(2023 - k, *figures) for k, figures in enumerate(WORKED)]
    raws = [t.raw(gti.TT_WEIGHTS) for t in years]
    assert raws == [128, 48, 20, 6, 0]
    weighted = gti.weighted_score(raws, gti.TT_YEAR_WEIGHTS)
    assert weighted == pytest.approx(82.0)
    assert gti.FixedBanding().score(weighted) == 4.462


@pytest.mark.parametrize(("weighted", "score"), [(0, 0.0), (1, 0.70), (10, 2.42), (100, 4.66),
                                                 (1000, 6.98), (20000, 10.0), (10**6, 10.0)])
def test_fixed_banding_anchors(weighted, score):
    assert gti.FixedBanding().score(weighted) == pytest.approx(score, abs=0.005)


def test_relative_banding_gives_top_to_the_worst_country():
    banding = gti.RelativeBanding(max_raw=1000)
    assert banding.score(1000) == 10
    assert banding.score(0) == 0
    assert banding.score(math.sqrt(1000)) == pytest.approx(5)
    with pytest.raises(InvalidInput):
        gti.RelativeBanding(max_raw=1).score(5)


def test_eras_weights_and_window():
    assert gti.window(2024) == [2023, 2022, 2021, 2020, 2019]
    assert gti.method_for(2024).weights == gti.TT_WEIGHTS
    assert gti.method_for(2017).weights == gti.GTD_WEIGHTS
    assert sum(gti.GTD_YEAR_WEIGHTS) == pytest.approx(1)
    assert gti.GTD_YEAR_WEIGHTS[0] == pytest.approx(16 / 31)


def _row(year: int, action_type: str = "physical", side: str = "perpetrators",
         meets: bool | None = True, killed: int | None = None, regions: tuple[str, ...] = ("ALA",),
         countries: tuple[str, ...] = ("KAZ",)) -> EventRow:
    return EventRow(id=year, origin=None, dataset="t", date_start=date(year, 6, 1),
                    date_end=date(year, 6, 1), precision="day", category="armed_assault",
                    action_type=action_type, side=side, meets_definition=meets, certainty="confirmed",
                    regions=regions, countries=countries, places=regions or countries,
                    casualties={"killed_civilians": killed})


def test_which_events_are_incidents():
    assert gti.is_incident(_row(2020))
    assert gti.is_incident(_row(2020, meets=None))
    assert not gti.is_incident(_row(2020, meets=False))
    assert not gti.is_incident(_row(2020, action_type="verbal"))
    assert not gti.is_incident(_row(2020, side="counter_terrorism"))


def test_scores_per_country_and_region_from_rows():
    rows = [_row(2023, killed=2), _row(2022, regions=(), countries=("RUS",)),
            _row(2021, side="counter_terrorism", killed=10)]
    countries = {s.unit: s for s in gti.by_country(rows, 2024)}
    kaz = countries["KAZ"]
    assert kaz.raws == (7, 0, 0, 0, 0)  # one incident with two dead; the operation does not count
    assert kaz.score == gti.FixedBanding().score(0.52 * 7)
    assert kaz.rank == 1 and countries["RUS"].rank == 2
    regions = {s.unit: s for s in gti.by_region(rows, 2024)}
    assert len(regions) == 20
    assert regions["ALA"].score == kaz.score and regions["AST"].score == 0


def test_verbal_only_window_scores_zero(db, add_events):
    # Like the seed's 2019-2023: statements, laws and exercises, plus a counter-terrorism arrest.
    add_events([(f"{y}-03-01", {"action_type": "verbal", "side": "counter_terrorism"})
                for y in range(2019, 2024)]
               + [("2023-11-16", {"side": "counter_terrorism", "region": "AST"})])
    with db.session() as session:
        rows = load_rows(session, store.EventFilter(dataset="t"))
    kaz = next(s for s in gti.by_country(rows, 2024) if s.unit == "KAZ")
    assert (kaz.weighted, kaz.score) == (0, 0)


@pytest.fixture
def seed_rows(db):
    seed.load(db, "dissertation-2025")
    with db.session() as session:
        return load_rows(session, store.EventFilter(dataset="dissertation-2025"))


def test_shipped_dataset_scores(seed_rows):
    def kaz(edition: int) -> gti.Score:
        return next(s for s in gti.by_country(seed_rows, edition) if s.unit == "KAZ")

    for edition in range(2012, 2018):
        assert kaz(edition).score > 0, edition
    assert kaz(2024).score == 0 and kaz(2024).weighted == 0
    # The numbers printed in docs/gti-method.md.
    assert [kaz(e).score for e in (2012, 2013, 2017, 2021)] == [3.711, 3.734, 4.118, 1.53]
    assert [t.incidents for t in kaz(2017).years] == [2, 0, 0, 0, 2]
    assert kaz(2017).raws[0] == 2 + 3 * 36  # 2016: two attacks (rows 13, 23), 36 dead


def test_security_operations_arrests_and_foiled_plots_are_no_incidents(seed_rows):
    """Dagestan's special operation of July 2009 (§3.1 line 1184, eight killed) is the Russian
    security forces' act: Russia scores 0, and no arrest, operation or foiled plot counts."""
    russia = next(s for s in gti.by_country(seed_rows, 2010) if s.unit == "RUS")
    assert (russia.score, russia.years[0].deaths, russia.years[0].incidents) == (0, 0, 0)
    incidents = [r for r in seed_rows if gti.is_incident(r)]
    assert {r.category for r in incidents} <= {"armed_assault", "suicide_attack", "hostage_taking",
                                                "bombing", "assassination", "facility_attack", "other"}
    assert all(r.side == "perpetrators" for r in incidents)
    operations = [r for r in seed_rows if r.category in ("counter_terrorist_operation", "arrest", "plot")]
    assert len(operations) >= 15 and not any(gti.is_incident(r) for r in operations)
