"""ACLED's published CSV layouts to Sarap's object form: the 2019–2021 standard export (31 columns,
data_id … iso3, numeric inter codes), and the current export tool / API output (disorder_type,
civilian_targeting, tags, inter labels). Columns are read by name, so both share one mapping;
docs/import-mappings.md documents it per layout."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sarap.events.importers.base import Cells, ImportedRow, read_mapped

REQUIRED = ("event_id_cnty", "event_date", "year", "time_precision", "event_type",
            "sub_event_type", "actor1", "inter1", "country", "admin1", "location", "fatalities")  # fmt: skip
# Export tool: "05 June 2016"; API: "2016-06-05"; the 2019–2021 export as spreadsheets keep it:
# "9-May-20". strptime's %d also takes "9" for "09".
DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d-%B-%Y")
DATE_EXPECTED = "a date like '09 May 2020', '2020-05-09' or '9-May-20'"

P, V = "physical", "verbal"
CTO = "counter_terrorist_operation"
# sub_event_type → (category, category when state forces act, action type).
SUB_EVENTS: dict[str, tuple[str, str, str]] = {
    "armed clash": ("armed_assault", CTO, P),
    "government regains territory": (CTO, CTO, P),
    "non-state actor overtakes territory": ("armed_assault", "armed_assault", P),
    "chemical weapon": ("other", "other", P),
    "air/drone strike": ("bombing", CTO, P),
    "suicide bomb": ("suicide_attack", "suicide_attack", P),
    "shelling/artillery/missile attack": ("bombing", CTO, P),
    "remote explosive/landmine/ied": ("bombing", CTO, P),
    "grenade": ("bombing", CTO, P),
    "sexual violence": ("other", "other", P),
    "attack": ("armed_assault", "other", P),
    "abduction/forced disappearance": ("hostage_taking", "other", P),
    "peaceful protest": ("other", "other", V),
    "protest with intervention": ("other", "other", V),
    "excessive force against protesters": ("other", "other", P),
    "violent demonstration": ("other", "other", P),
    "mob violence": ("other", "other", P),
    "agreement": ("other", "other", V),
    "arrests": ("arrest", "arrest", P),
    "change to group/activity": ("other", "other", V),
    "disrupted weapons use": ("plot", CTO, P),
    "headquarters or base established": ("other", "other", V),
    "looting/property destruction": ("other", "other", P),
    "non-violent transfer of territory": ("other", "other", P),
    "other": ("other", "other", V),
}
# inter1/inter2: numeric codes 0–8 (0: no such actor), or the labels the API has returned since 2024.
INTER = {"state forces": 1, "rebel groups": 2, "rebel forces": 2, "political militias": 3,
         "militia groups": 3, "identity militias": 4, "communal militias": 4,
         "communal / identity groups": 4, "rioters": 5, "protesters": 6, "civilians": 7,
         "external/other forces": 8, "foreign / others": 8}  # fmt: skip
STATE = {1, 8}  # state forces at home, and foreign/international forces
KINDS = {1: "state_body", 2: "group", 3: "group", 4: "group", 5: "group", 6: "group", 7: "group"}
GEO_PRECISION = {1: "settlement", 2: "district", 3: "region"}
CROWD_EVENTS = {"Protests", "Riots"}
WEEK_NOTE = "ACLED time_precision 2: the date is the middle of the reported week"


def read(path: Path) -> Iterator[ImportedRow]:
    return read_mapped(path, REQUIRED, _record)


def _record(cells: Cells) -> dict[str, Any]:
    when, precision_note = _date(cells)
    inter1 = _inter(cells, "inter1")
    state = inter1 in STATE
    category, action_type = _category(cells, state)
    kind = f"{cells.text('event_type')} / {cells.text('sub_event_type')}"
    notes = [f"ACLED: {kind}", precision_note,
             cells.text("civilian_targeting"), f"Tags: {t}" if (t := cells.text("tags")) else None]
    return {
        "origin": f"acled:{cells.text('event_id_cnty') or ''}",
        "date": when,
        "places": [_place(cells)],
        "category": category,
        "action_type": action_type,
        "side": "counter_terrorism" if state else "perpetrators",
        "summary": cells.text("notes") or f"{kind}: {cells.text('actor1')}, {_where(cells)}",
        "actors": _actors(cells, inter1, _role(cells, state)),
        "casualties": {"killed": _killed(cells)},
        "sources": [{"outlet": s.strip()} for s in (cells.text("source") or "").split(";")
                    if s.strip()],
        "certainty": "confirmed",  # ACLED codes only events its sources report as happened
        # ACLED records political disorder, not terrorism as such; its demonstrations (protests,
        # riots) are never terrorism, so the GTI and forecasts must not count them.
        "meets_definition": False if cells.text("event_type") in CROWD_EVENTS else None,
        "notes": "\n".join(n for n in notes if n),
    }


def _parse_date(cells: Cells) -> date | None:
    value = cells.text("event_date") or ""
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            pass
    cells.problem("event_date", "not a date", DATE_EXPECTED)
    return None


def _date(cells: Cells) -> tuple[dict[str, Any] | None, str | None]:
    day = _parse_date(cells)
    year = cells.integer("year", "the year of event_date")
    precision = cells.integer("time_precision", "1, 2 or 3", 1, 3, "time_precision")
    if day is None:
        return None, None
    if year is not None and year != day.year:
        cells.problem("year", "year does not match event_date", f"{day.year} (from event_date)")
    text = cells.text("event_date")
    if precision == 3:  # only the month is known; ACLED put the middle or an end of it
        return {"text": text, "start": day.isoformat()[:7], "precision": "month"}, None
    note = WEEK_NOTE if precision == 2 else None
    return {"text": text, "start": day.isoformat(), "precision": "day"}, note


def _inter(cells: Cells, column: str) -> int | None:
    """The actor type code; 0 (no second actor) and an empty cell give None."""
    value = cells.text(column)
    if value is None:
        return None
    # ASCII digits only: "²".isdigit() is true, and int() of thousands of digits raises.
    if re.fullmatch(r"[0-9]{1,2}(\.0)?", value):
        code: int | None = int(float(value))
    else:
        code = INTER.get(value.casefold())
    if code is None or code not in range(0, 9):
        cells.problem(column, "unknown actor type", "0–8 (0: no actor) or its label, e.g. 'State Forces'")
        return None
    return code or None


def _category(cells: Cells, state: bool) -> tuple[str | None, str | None]:
    sub = (cells.text("sub_event_type") or "").casefold().replace("protestors", "protesters")
    if sub not in SUB_EVENTS:
        cells.problem("sub_event_type", "unknown sub-event type",
                      "one of ACLED's 25 sub-event types (2019 and later)")
        return None, None
    category, state_category, action_type = SUB_EVENTS[sub]
    return (state_category if state else category), action_type


def _where(cells: Cells) -> str:
    names = [cells.text(c) for c in ("location", "admin2", "admin1", "country")]
    return ", ".join(dict.fromkeys(n for n in names if n))


def _place(cells: Cells) -> dict[str, Any]:
    country = cells.country("country")
    precision = cells.integer("geo_precision", "1, 2 or 3", 1, 3, "geo_precision")
    return {
        "region": cells.text("admin1") if country == "KAZ" else None,  # resolved centrally
        "country": country,
        # At 2 and 3 the location is only a reference point (e.g. the provincial capital).
        "settlement": cells.text("location") if precision == 1 else None,
        "text": _where(cells),
        "latitude": cells.decimal("latitude", -90, 90),
        "longitude": cells.decimal("longitude", -180, 180),
        "geo_precision": GEO_PRECISION.get(precision or 0),
    }


def _role(cells: Cells, state: bool) -> str:
    if state:
        return "responder"
    # Crowds are not called perpetrators: ACLED records disorder, not terrorism.
    return "participant" if cells.text("event_type") in CROWD_EVENTS else "perpetrator"


def _actors(cells: Cells, inter1: int | None, role1: str) -> list[dict[str, Any]]:
    inter2 = _inter(cells, "inter2")
    sides = (("actor1", "assoc_actor_1", inter1, role1), ("actor2", "assoc_actor_2", inter2, "target"))
    actors = []
    for main, associated, inter, role in sides:
        if name := cells.text(main):
            actors.append({"name": name, "kind": KINDS.get(inter or 0, "unknown"), "role": role})
        for other in (cells.text(associated) or "").split(";"):
            if other.strip():
                actors.append({"name": other.strip(), "kind": "unknown", "role": role})
    return actors


def _killed(cells: Cells) -> dict[str, int]:
    # ACLED has no "unknown" code: 0 means none reported or none, and is kept.
    fatalities = cells.count("fatalities")
    return {} if fatalities is None else {"unknown": fatalities}
