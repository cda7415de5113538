"""The Global Terrorism Index method of the Institute for Economics and Peace (IEP), applied to
the events in the data bank, per country and per region of Kazakhstan. Steps and sources:
docs/gti-method.md.

Which events count as incidents: completed or attempted attacks, i.e. physical acts on the
perpetrators' side whose category is an attack (codebook `is_attack`: not a foiled plot, an escape,
involvement abroad or propaganda) and whose `meets_definition` is not False (true or unknown).
Verbal acts and counter-terrorism acts (arrests, special operations, foiled plots recorded as the
operation that foiled them) are not terrorist incidents and never count, as in IEP's GTI.

Edition Y scores the five years behind it, Y-5..Y-1 (GTI 2024 rests on 2019-2023), the latest
weighted most.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from sarap.analysis.frames import EventRow
from sarap.analysis.tables import Table
from sarap.core.errors import InvalidInput, Problem
from sarap.events import regions
from sarap.events.codebook import is_attack

WINDOW = 5
FIRST_TT_EDITION = 2022  # from GTI 2022 IEP uses Dragonfly TerrorismTracker instead of START's GTD


@dataclass(frozen=True)
class IndicatorWeights:
    """Weight of one incident, one death, one injury and one hostage in a year's raw score."""

    incidents: float
    deaths: float
    injuries: float
    hostages: float
    source: str


# GTI 2012 as quoted by en.wikipedia "Global Terrorism Index" (oldid=539250756). Its property-damage
# term is left out: the data bank records damage as text, and GTD's "unknown" extent scores 0.
GTD_WEIGHTS = IndicatorWeights(1, 3, 0.5, 0, "GTI 2012 (GTD era), via en.wikipedia oldid=539250756")
# IEP's GTI production code, e_WEIGHTS (GTI 2022 onwards); no property-damage term.
TT_WEIGHTS = IndicatorWeights(1, 3, 0.5, 0.5, "IEP GTI R code, e_WEIGHTS (TerrorismTracker era)")

# Latest year first. GTD era: 16, 8, 4, 2, 1 normalised (Foubert & Ruyssen 2024 replication);
# TerrorismTracker era: IEP's y_WEIGHTS, the same weights rounded.
GTD_YEAR_WEIGHTS = tuple(w / 31 for w in (16, 8, 4, 2, 1))
TT_YEAR_WEIGHTS = (0.52, 0.26, 0.13, 0.06, 0.03)


@dataclass(frozen=True)
class FixedBanding:
    """IEP's banding since GTI 2022: score = log base (banded_max+1)^(1/top) of (W+1), capped at top,
    rounded to 3 places. No terrorism gives exactly 0."""

    banded_max: float = 20_000
    top: float = 10

    def score(self, weighted: float) -> float:
        value = self.top * math.log(weighted + 1) / math.log(self.banded_max + 1)
        return round(min(self.top, max(0.0, value)), 3)


@dataclass(frozen=True)
class RelativeBanding:
    """GTD-era banding: the worst-affected country's raw score (`max_raw`) gets `top`, the lowest
    (`min_raw`) 0; r = range^(1/(2*top)) and score = 0.5*log_r(W), i.e. top*ln(W)/ln(range).
    `max_raw` must be on the same scale as W (the weighted five-year score)."""

    max_raw: float
    min_raw: float = 0
    top: float = 10

    def score(self, weighted: float) -> float:
        spread = self.max_raw - self.min_raw
        if spread <= 1:
            raise InvalidInput([Problem("the banding range must exceed 1", value=str(spread))])
        if weighted < 1:  # log undefined at 0 and negative below 1: the replication sets these to 0
            return 0.0
        return round(min(self.top, self.top * math.log(weighted) / math.log(spread)), 3)


Banding = FixedBanding | RelativeBanding


@dataclass(frozen=True)
class Method:
    era: str
    weights: IndicatorWeights
    year_weights: tuple[float, ...]
    banding: Banding


def method_for(edition: int, banding: Banding | None = None) -> Method:
    """The published weights of the edition's era. Banding defaults to IEP's fixed banding in both
    eras: the GTD-era banding needs the worst-affected country's score, which this data lacks;
    pass RelativeBanding(max_raw) to use it."""
    banding = banding or FixedBanding()
    if edition >= FIRST_TT_EDITION:
        return Method("TerrorismTracker (GTI 2022+)", TT_WEIGHTS, TT_YEAR_WEIGHTS, banding)
    return Method("GTD (GTI 2012-2021)", GTD_WEIGHTS, GTD_YEAR_WEIGHTS, banding)


def window(edition: int) -> list[int]:
    """The data years behind an edition, latest first."""
    return [edition - k for k in range(1, WINDOW + 1)]


def is_incident(row: EventRow) -> bool:
    return (row.action_type == "physical" and row.side == "perpetrators"
            and is_attack(row.category) and row.meets_definition is not False)


@dataclass(frozen=True)
class YearTotals:
    year: int
    incidents: int = 0
    deaths: int = 0
    injuries: int = 0
    hostages: int = 0

    def raw(self, weights: IndicatorWeights) -> float:
        return (weights.incidents * self.incidents + weights.deaths * self.deaths
                + weights.injuries * self.injuries + weights.hostages * self.hostages)


def year_totals(year: int, incidents: Iterable[EventRow]) -> YearTotals:
    """Sums one year's incidents. Deaths and injuries include perpetrators (as GTD's nkill does);
    an unreported count adds 0 rather than dropping the incident, so the incident still counts."""
    items = [r for r in incidents if r.year == year]
    return YearTotals(year, len(items), sum(r.killed for r in items),
                      sum(r.injured for r in items), sum(r.hostages for r in items))


def weighted_score(raws: list[float], year_weights: tuple[float, ...]) -> float:
    """Σ w_k · raw_k, latest year first."""
    if len(raws) != len(year_weights):
        raise InvalidInput([Problem(f"{len(year_weights)} yearly scores needed", value=str(len(raws)))])
    return sum(w * raw for w, raw in zip(year_weights, raws, strict=True))


@dataclass(frozen=True)
class Score:
    unit: str  # country code or region code
    edition: int
    years: tuple[YearTotals, ...]  # latest first
    raws: tuple[float, ...]
    weighted: float
    score: float
    rank: int = 0


def score_unit(unit: str, edition: int, incidents: list[EventRow], method: Method) -> Score:
    years = tuple(year_totals(y, incidents) for y in window(edition))
    raws = tuple(t.raw(method.weights) for t in years)
    weighted = weighted_score(list(raws), method.year_weights)
    return Score(unit, edition, years, raws, round(weighted, 6), method.banding.score(weighted))


def _ranked(scores: list[Score]) -> list[Score]:
    """Highest score first; equal scores share the best rank (IEP: ties = "min")."""
    ordered = sorted(scores, key=lambda s: (-s.score, s.unit))
    return [replace(s, rank=1 + sum(o.score > s.score for o in ordered)) for s in ordered]


def _score_units(units: Iterable[str], rows: list[EventRow], edition: int, method: Method,
                 where: Callable[[EventRow], tuple[str, ...]]) -> list[Score]:
    # An incident in several places counts in full in each country (or region) it touched.
    incidents = [r for r in rows if is_incident(r)]
    return _ranked([score_unit(u, edition, [r for r in incidents if u in where(r)], method)
                    for u in units])


def by_country(rows: list[EventRow], edition: int, method: Method | None = None) -> list[Score]:
    """Scores for every country where any event took place, and always Kazakhstan."""
    units = {"KAZ", *(c for r in rows for c in r.countries)}
    return _score_units(sorted(units), rows, edition, method or method_for(edition),
                        lambda r: r.countries)


def by_region(rows: list[EventRow], edition: int, method: Method | None = None) -> list[Score]:
    """Scores for the 20 regions of Kazakhstan (our extension; IEP scores countries only).
    Incidents in Kazakhstan with no region given count in no region."""
    units = [r.code for r in regions.all_regions()]
    return _score_units(units, rows, edition, method or method_for(edition), lambda r: r.regions)


def to_table(scores: list[Score], by: str, method: Method) -> Table:
    edition = scores[0].edition if scores else 0
    years = window(edition)
    title = (f"GTI-method scores, edition {edition} (data {years[-1]}-{years[0]}), by {by}; "
             f"{method.era}")
    columns = [by, "rank", "score", "weighted", *(f"raw_{y}" for y in years),
               *(f"incidents_{y}" for y in years)]
    rows = [[s.unit, s.rank, s.score, s.weighted, *s.raws, *(t.incidents for t in s.years)]
            for s in scores]
    return Table(title, columns, rows)


def country_by_edition(rows: list[EventRow], editions: Iterable[int], country: str = "KAZ") -> list[Score]:
    """One country's score in each edition (each with that edition's published method)."""
    return [next(s for s in by_country(rows, edition) if s.unit == country) for edition in editions]


def editions_table(scores: list[Score]) -> Table:
    """A country's scores by edition, with the data years and incidents behind each."""
    columns = ["edition", "data_years", "incidents", "deaths", "injuries", "hostages", "weighted", "score"]
    rows = [[s.edition, f"{s.years[-1].year}-{s.years[0].year}", sum(t.incidents for t in s.years),
             sum(t.deaths for t in s.years), sum(t.injuries for t in s.years),
             sum(t.hostages for t in s.years), s.weighted, s.score] for s in scores]
    unit = scores[0].unit if scores else ""
    return Table(f"GTI-method score of {unit} by edition", columns, rows)
