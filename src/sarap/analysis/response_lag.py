"""Response lag: for each physical act on the perpetrators' side, the days until the next verbal
counter-terrorism act, nationally and in the same region (§3.1 describes this response in words).

- "Next" means the first verbal counter-terrorism act whose `date_start` is on or after the
  physical act's `date_start` (a lag of 0: the same day). None when no such act follows.
- Regionally, only acts naming a region the physical act names count; a physical act with no
  region of Kazakhstan has no regional lag and is left out of the regional distribution.
- Partial dates are placed at their `date_start` (the first day they may mean). A lag that rests
  on a date known only to a month, season or year is approximate and flagged so.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sarap.analysis.aggregations import Table
from sarap.analysis.frames import EventRow
from sarap.analysis.periods import Periodisation

APPROXIMATE_NOTE = ("lags resting on a date known only to a month, season or year are approximate "
                    "(counted in `approximate`)")


@dataclass(frozen=True)
class Response:
    days: int | None  # None: no verbal counter-terrorism act followed
    event_id: int | None = None
    approximate: bool = False


@dataclass(frozen=True)
class Lag:
    event: EventRow
    national: Response
    regional: Response | None  # None: the physical act names no region


def is_trigger(row: EventRow) -> bool:
    return row.action_type == "physical" and row.side == "perpetrators"


def is_response(row: EventRow) -> bool:
    return row.action_type == "verbal" and row.side == "counter_terrorism"


def _next(event: EventRow, responses: Sequence[EventRow], starts: list[Any],
          regions: set[str] | None = None) -> Response:
    """The first response on or after the event; with `regions`, one naming any of them."""
    for answer in responses[bisect_left(starts, event.date_start):]:
        if regions is None or regions & set(answer.regions):
            rough = event.precision != "day" or answer.precision != "day"
            return Response((answer.date_start - event.date_start).days, answer.id, rough)
    return Response(None)


def lags(rows: Sequence[EventRow]) -> list[Lag]:
    """One Lag per physical perpetrators' act, in date order."""
    responses = sorted((r for r in rows if is_response(r)), key=lambda r: (r.date_start, r.id))
    starts = [r.date_start for r in responses]
    found = []
    for event in sorted((r for r in rows if is_trigger(r)), key=lambda r: (r.date_start, r.id)):
        national = _next(event, responses, starts)
        regional = _next(event, responses, starts, set(event.regions)) if event.regions else None
        found.append(Lag(event, national, regional))
    return found


def lag_table(found: Sequence[Lag], periodisation: Periodisation | None = None) -> Table:
    """Each physical act with its national and regional lag (days) and the act that answered it."""
    columns = ["event_id", "date_start", "precision", "period", "regions", "national_days",
               "national_response_id", "national_approximate", "regional_days",
               "regional_response_id", "regional_approximate"]
    table = Table("response lag per physical act", columns, notes=[APPROXIMATE_NOTE])
    for lag in found:
        period = periodisation.period_of(lag.event.date_start) if periodisation else None
        table.rows.append([
            lag.event.id, lag.event.date_start.isoformat(), lag.event.precision,
            period.code if period else None, " ".join(lag.event.regions) or None,
            *_cells(lag.national), *_cells(lag.regional)])
    return table


def _cells(response: Response | None) -> list[Any]:
    """days, responding event, approximate: empty where nothing answered."""
    if response is None or response.days is None:
        return [None, None, None]
    return [response.days, response.event_id, response.approximate]


def summary(responses: Sequence[Response]) -> list[Any]:
    """events, responded, no_response, share_no_response, median, q1, q3, min, max, approximate.
    Quartiles by the inclusive method (as numpy's default and Excel's QUARTILE.INC)."""
    days = sorted(r.days for r in responses if r.days is not None)
    missing = len(responses) - len(days)
    share = round(missing / len(responses), 3) if responses else None
    if not days:
        return [len(responses), 0, missing, share, None, None, None, None, None, 0]
    q1, _, q3 = statistics.quantiles(days, n=4, method="inclusive") if len(days) > 1 else days * 3
    return [len(responses), len(days), missing, share, statistics.median(days), q1, q3,
            days[0], days[-1], sum(r.approximate for r in responses if r.days is not None)]


SUMMARY_COLUMNS = ["events", "responded", "no_response", "share_no_response", "median_days",
                   "q1_days", "q3_days", "min_days", "max_days", "approximate"]


def distribution(found: Sequence[Lag], periodisation: Periodisation, lang: str = "en") -> Table:
    """The lag's distribution per period of the physical act, nationally and regionally, and over
    all acts ("all", which also holds acts outside every period)."""
    table = Table(f"response lag by period ({periodisation.name})",
                  ["period", "label", "scope", *SUMMARY_COLUMNS], notes=[APPROXIMATE_NOTE])
    groups: list[tuple[str, str, list[Lag]]] = [
        (p.code, p.label(lang), [lag for lag in found if p.contains(lag.event.date_start)])
        for p in periodisation.periods]
    groups.append(("all", "all physical acts", list(found)))
    for code, name, members in groups:
        table.rows.append([code, name, "national", *summary([m.national for m in members])])
        regional = [m.regional for m in members if m.regional is not None]
        table.rows.append([code, name, "regional", *summary(regional)])
    outside = sum(1 for lag in found if not periodisation.periods_of(lag.event.date_start))
    if outside:
        table.notes.append(f"{outside} physical acts fall outside every period (counted in 'all')")
    no_region = sum(1 for lag in found if lag.regional is None)
    if no_region:
        table.notes.append(f"{no_region} physical acts name no region: no regional lag")
    return table
