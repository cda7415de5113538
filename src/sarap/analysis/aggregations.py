"""Counts, casualties and the verbal/physical ratio for any set of event rows, as tidy tables.

Rules a reader of the numbers needs:
- An event counts in the year, quarter or month of its `date_start`.
- Year series run from the first to the last year with events (or the span asked for), and years
  without events are rows of zeros, so gaps stay visible. Quarter and month series do the same.
- Quarter and month counts leave out events dated only to a season or a year: their month is not
  known. How many were left out is in the table's notes and `left_out`.
- An event with places in several regions counts once in each of them (so region counts can sum
  to more than the number of events); once per event however many places share a region.
- Casualty sums read "not reported" as 0; `events_with_counts` says how many events reported any.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sarap.analysis import tables
from sarap.analysis.frames import NO_PLACE, EventRow
from sarap.analysis.periods import Periodisation
from sarap.core.i18n import country_name, t
from sarap.events import regions
from sarap.events.codebook import codes, label
from sarap.events.models import CASUALTY_COLUMNS

COUNT_COLUMNS = ["events", "verbal", "physical"]
BY_KEYS = ("year", "quarter", "month", "region", "category", "action_type", "side", "period")
K = TypeVar("K", bound=Hashable)


@dataclass
class Table(tables.Table):
    """A tidy table with notes on what it leaves out or how to read it."""

    notes: list[str] = field(default_factory=list)
    left_out: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "notes": self.notes, "left_out": self.left_out}


def _split(rows: Iterable[EventRow]) -> list[int]:
    found = list(rows)
    return [len(found), sum(r.action_type == "verbal" for r in found),
            sum(r.action_type == "physical" for r in found)]


def _group(rows: Iterable[EventRow], keys_of: Callable[[EventRow], Iterable[K]]) -> dict[K, list[EventRow]]:
    groups: dict[K, list[EventRow]] = {}
    for row in rows:
        for key in keys_of(row):
            groups.setdefault(key, []).append(row)
    return groups


def _year_span(rows: Sequence[EventRow], span: tuple[int, int] | None) -> range:
    if span:
        return range(span[0], span[1] + 1)
    if not rows:
        return range(0)
    return range(min(r.year for r in rows), max(r.year for r in rows) + 1)


def by_year(rows: Sequence[EventRow], span: tuple[int, int] | None = None) -> Table:
    """Events per year of `date_start`, zeros for years without events."""
    groups = _group(rows, lambda r: [r.year])
    years = _year_span(rows, span)
    table = Table("events by year", ["year", *COUNT_COLUMNS],
                  [[y, *_split(groups.get(y, []))] for y in years])
    table.left_out = sum(1 for r in rows if r.year not in years)
    return table


def _months_between(first: tuple[int, int], last: tuple[int, int], step: int) -> list[tuple[int, int]]:
    keys, (year, part) = [], first
    while (year, part) <= last:
        keys.append((year, part))
        part += 1
        if part > 12 // step:
            year, part = year + 1, 1
    return keys


def _sub_year(rows: Sequence[EventRow], name: str, step: int) -> Table:
    def part(r: EventRow) -> int | None:
        return r.month if step == 1 else r.quarter

    known = [r for r in rows if part(r) is not None]
    groups = _group(known, lambda r: [(r.year, part(r) or 0)])
    keys = _months_between(min(groups), max(groups), step) if groups else []
    table = Table(f"events by {name}", ["year", name, *COUNT_COLUMNS],
                  [[y, p, *_split(groups.get((y, p), []))] for y, p in keys])
    table.left_out = len(rows) - len(known)
    if table.left_out:
        table.notes.append(f"{table.left_out} events dated only to a season or a year are left out "
                           f"(their {name} is not known)")
    return table


def by_quarter(rows: Sequence[EventRow]) -> Table:
    return _sub_year(rows, "quarter", 3)


def by_month(rows: Sequence[EventRow]) -> Table:
    return _sub_year(rows, "month", 1)


def place_name(key: str, lang: str = "en") -> str:
    """A region's name; KAZ means nationwide (no region given); another code a country abroad."""
    if key == NO_PLACE:
        return t("agg_no_place", lang)
    if any(r.code == key for r in regions.all_regions()):
        return regions.get(key).name(lang)
    return t("nationwide", lang) if key == "KAZ" else f"{t('abroad', lang)}: {country_name(key, lang)}"


def by_region(rows: Sequence[EventRow], lang: str = "en") -> Table:
    """Events per region (once per region an event names); places without a region count under
    their country (KAZ: nationwide). Regions without events are zero rows."""
    groups = _group(rows, lambda r: r.places)
    codes_20 = [r.code for r in regions.all_regions()]
    keys = codes_20 + sorted(k for k in groups if k not in codes_20)
    table = Table("events by region", ["region", "name", *COUNT_COLUMNS],
                  [[k, place_name(k, lang), *_split(groups.get(k, []))] for k in keys])
    several = sum(1 for r in rows if len(r.places) > 1)
    if several:
        table.notes.append(t("agg_several_regions", lang, n=several))
    return table


def by_code(rows: Sequence[EventRow], field_name: str, lang: str = "en") -> Table:
    """Events per codebook value of `category`, `action_type` or `side`, every code listed."""
    book = {"category": "categories", "action_type": "action_types", "side": "sides"}[field_name]
    groups = _group(rows, lambda r: [getattr(r, field_name)])
    keys = list(codes(book)) + sorted(str(k) for k in groups if k not in codes(book))
    return Table(f"events by {field_name.replace('_', ' ')}", [field_name, "label", *COUNT_COLUMNS],
                 [[k, label(book, k, lang), *_split(groups.get(k, []))] for k in keys])


def by_period(rows: Sequence[EventRow], periodisation: Periodisation, lang: str = "en") -> Table:
    """Events per period of `date_start`; events outside every period are counted in the notes."""
    groups = _group(rows, lambda r: [p.code for p in periodisation.periods_of(r.date_start)])
    table = Table(f"events by period ({periodisation.name})",
                  ["period", "label", "start", "end", *COUNT_COLUMNS, "source"],
                  [[p.code, p.label(lang), p.start.isoformat(), p.end.isoformat() if p.end else None,
                    *_split(groups.get(p.code, [])), p.source] for p in periodisation.periods])
    table.left_out = sum(1 for r in rows if not periodisation.periods_of(r.date_start))
    if table.left_out:
        table.notes.append(f"{table.left_out} events fall outside every period")
    return table


def counts(rows: Sequence[EventRow], by: str, *, periodisation: Periodisation | None = None,
           lang: str = "en", span: tuple[int, int] | None = None) -> Table:
    """One entry point for the CLI and the web: counts by any of BY_KEYS."""
    if by == "year":
        return by_year(rows, span)
    if by in ("quarter", "month"):
        return by_quarter(rows) if by == "quarter" else by_month(rows)
    if by == "region":
        return by_region(rows, lang)
    if by == "period":
        if periodisation is None:
            raise ValueError("counts by period need a periodisation")
        return by_period(rows, periodisation, lang)
    return by_code(rows, by, lang)


def cumulative(table: Table) -> Table:
    """The same table with a running total beside each count column (for time series)."""
    counted = [c for c in table.columns if c in COUNT_COLUMNS]
    indexes = [table.columns.index(c) for c in counted]
    totals = [0] * len(counted)
    rows = []
    for row in table.rows:
        totals = [t + row[i] for t, i in zip(totals, indexes, strict=True)]
        rows.append([*row, *totals])
    return Table(f"{table.title}, cumulative", [*table.columns, *(f"{c}_cumulative" for c in counted)],
                 rows, list(table.notes), table.left_out)


def casualties_by_year(rows: Sequence[EventRow], span: tuple[int, int] | None = None) -> Table:
    """Killed and injured by type of victim, and hostages, per year of `date_start`."""
    groups = _group(rows, lambda r: [r.year])
    columns = ["year", "events", "events_with_counts", *CASUALTY_COLUMNS, "killed", "injured"]
    table = Table("casualties by year", columns)
    for year in _year_span(rows, span):
        found = groups.get(year, [])
        sums = [sum(r.count(c) for r in found) for c in CASUALTY_COLUMNS]
        table.rows.append([year, len(found), sum(r.casualties_reported for r in found), *sums,
                           sum(r.killed for r in found), sum(r.injured for r in found)])
    table.notes.append("counts not reported are read as 0; see events_with_counts")
    return table


def _ratio_row(found: list[EventRow]) -> list[Any]:
    total, verbal, physical = _split(found)
    return [total, verbal, physical, round(verbal / physical, 3) if physical else None,
            round(verbal / total, 3) if total else None]


RATIO_COLUMNS = [*COUNT_COLUMNS, "verbal_per_physical", "verbal_share"]


def verbal_physical_ratio(rows: Sequence[EventRow], *, periodisation: Periodisation | None = None,
                          lang: str = "en", span: tuple[int, int] | None = None) -> Table:
    """Verbal acts per physical act, and the verbal share of all acts, per year (or per period).
    The ratio is empty where there were no physical acts."""
    if periodisation is None:
        groups = _group(rows, lambda r: [r.year])
        return Table("verbal and physical acts by year", ["year", *RATIO_COLUMNS],
                     [[y, *_ratio_row(groups.get(y, []))] for y in _year_span(rows, span)])
    in_period = _group(rows, lambda r: [p.code for p in periodisation.periods_of(r.date_start)])
    return Table(f"verbal and physical acts by period ({periodisation.name})",
                 ["period", "label", *RATIO_COLUMNS],
                 [[p.code, p.label(lang), *_ratio_row(in_period.get(p.code, []))]
                  for p in periodisation.periods])


def action_split(rows: Sequence[EventRow]) -> Counter[str]:
    return Counter(r.action_type for r in rows)
