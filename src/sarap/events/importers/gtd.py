"""START's Global Terrorism Database (GTD) CSV export, 135 columns, to Sarap's object form.

The mapping is documented in docs/import-mappings.md. Codes, region names and dates are checked
again centrally (sarap.events.records); here each cell is read and its problems are named.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sarap.events.importers.base import Cells, ImportedRow, read_mapped

REQUIRED = ("eventid", "iyear", "imonth", "iday", "country_txt", "provstate", "city",
            "attacktype1", "gname", "nkill")  # fmt: skip

UNKNOWN_COUNT = (-9, -99)  # GTD's codes for "unknown"; blank means the same

# attacktype1 → category; suicide = 1 overrides with suicide_attack.
ATTACK_TYPES = {1: "assassination", 2: "armed_assault", 3: "bombing", 4: "hostage_taking",
                5: "hostage_taking", 6: "hostage_taking", 7: "facility_attack", 8: "other",
                9: "other"}  # fmt: skip
# specificity → geo_precision: GTD's coordinates at 1 are the town's, not the spot's.
SPECIFICITY = {1: "settlement", 2: "district", 3: "district", 4: "region", 5: "country"}
# targtype → actor kind for the target; the rest stay "unknown".
TARGET_KINDS = {1: "organisation", 2: "state_body", 3: "state_body", 4: "state_body",
                7: "state_body", 8: "organisation", 10: "civil_society", 12: "civil_society",
                15: "organisation", 17: "group", 22: "organisation"}  # fmt: skip
# doubtterr → (certainty, meets_definition)
DOUBT = {0: ("confirmed", True), 1: ("disputed", None), -9: ("probable", None)}
URL = re.compile(r"https?://[^\s\"'<>]+")


# GTD's older CSV extracts are Windows-1252/Latin-1, not UTF-8 (accented names: "Bogotá").
# Latin-1 decodes any byte, so it comes last.
ENCODINGS = ("cp1252", "latin-1")


def read(path: Path) -> Iterator[ImportedRow]:
    return read_mapped(path, REQUIRED, _record, fallbacks=ENCODINGS)


def _record(cells: Cells) -> dict[str, Any]:
    eventid = cells.text("eventid") or ""
    if not re.fullmatch(r"\d{12}", eventid):
        cells.problem("eventid", "not a GTD event id", "12 digits: yyyymmdd and a 4-digit number")
    certainty, meets = _doubt(cells)
    category, category_note = _category(cells)
    return {
        "origin": f"gtd:{eventid}",
        "date": _date(cells),
        "places": [_place(cells)],
        "category": category,
        "action_type": "physical",  # GTD only holds attacks that happened
        "side": "perpetrators",
        "summary": cells.text("summary") or _summary(cells),
        "actors": _perpetrators(cells) + _targets(cells),
        "casualties": _casualties(cells),
        "property_damage": _property(cells),
        "sources": _sources(cells),
        "certainty": certainty,
        "meets_definition": meets,
        "notes": _notes(cells, category_note),
    }


def _date(cells: Cells) -> dict[str, Any] | None:
    before = len(cells.problems)
    year = cells.integer("iyear", "a year from 1970 to 2100", 1970, 2100, "year")
    month = cells.integer("imonth", "0 (unknown) or 1–12", 0, 12, "month") or 0
    day = cells.integer("iday", "0 (unknown) or 1–31", 0, 31, "day") or 0
    if year is None and not cells.text("iyear"):
        cells.problem("iyear", "a year is required", "a year from 1970 to 2100")
    if year is None or len(cells.problems) > before:
        return None
    if month == 0 and day:
        cells.problem("iday", "a day without a month", "0 when imonth is 0")
        return None
    last = calendar.monthrange(year, month or 1)[1]
    if day > last:
        cells.problem("iday", f"{calendar.month_name[month]} {year} has no day {day}",
                      f"0 (unknown) or 1–{last}")
        return None
    start = date(year, month or 1, day or 1)
    precision = "day" if day else "month" if month else "year"
    iso = {"day": start.isoformat(), "month": start.isoformat()[:7], "year": str(year)}
    text = " ".join(f"{c}={cells.text(c) or ''}" for c in ("iyear", "imonth", "iday"))
    result = {"text": text, "start": iso[precision], "precision": precision}
    end = _resolution(cells) if cells.integer("extended", "0 or 1", 0, 1) == 1 else None
    if end and end < start:
        cells.problem("resolution", "the incident ends before it starts",
                      f"a date on or after {start.isoformat()}")
    elif end:
        result["end"] = end.isoformat()
    return result


def _resolution(cells: Cells) -> date | None:
    value = cells.text("resolution")
    if value is None:
        return None
    for form in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            pass
    cells.problem("resolution", "not a date", "YYYY-MM-DD or M/D/YYYY")
    return None


def _place(cells: Cells) -> dict[str, Any]:
    country = cells.country("country_txt")
    specificity = cells.integer("specificity", "1–5", 1, 5, "specificity")
    province, city = cells.given("provstate"), cells.given("city")
    return {
        # Raw name: central code resolves it to one of the 20 codes; abroad it has no code.
        "region": province if country == "KAZ" else None,
        "country": country,
        "settlement": city if specificity in (None, 1, 2) else None,
        "text": ", ".join(dict.fromkeys(w for w in (city, province, cells.text("country_txt")) if w)),
        "latitude": cells.decimal("latitude", -90, 90),
        "longitude": cells.decimal("longitude", -180, 180),
        "geo_precision": SPECIFICITY.get(specificity) if specificity else None,
    }


def _category(cells: Cells) -> tuple[str | None, str | None]:
    code = cells.integer("attacktype1", "an attack type code 1–9", 1, 9, "attack type")
    suicide = cells.integer("suicide", "0 or 1", 0, 1, "suicide")
    if suicide == 1:
        return "suicide_attack", None
    if code is None:
        if not cells.text("attacktype1"):
            cells.problem("attacktype1", "an attack type is required", "an attack type code 1–9")
        return None, None
    category = ATTACK_TYPES[code]
    note = f"GTD attack type: {cells.text('attacktype1_txt') or code}"
    return category, note if category == "other" else None


def _doubt(cells: Cells) -> tuple[str | None, bool | None]:
    value = cells.integer("doubtterr", "0, 1 or -9", -9, 1, "doubtterr")
    if value is None:
        return None, None
    if value not in DOUBT:
        cells.problem("doubtterr", "doubtterr out of range", "0, 1 or -9")
        return None, None
    return DOUBT[value]


def _summary(cells: Cells) -> str:
    attack = cells.text("attacktype1_txt") or "Attack"
    target = cells.given("target1") or cells.text("targtype1_txt")
    where = ", ".join(w for w in (cells.given("city"), cells.text("country_txt")) if w)
    return f"{attack}" + (f" on {target}" if target else "") + (f" in {where}" if where else "")


def _perpetrators(cells: Cells) -> list[dict[str, Any]]:
    names = [cells.text(c) for c in ("gname", "gname2", "gname3")]
    return [{"name": n, "kind": "unknown" if n.casefold() == "unknown" else "group",
             "role": "perpetrator"} for n in names if n]


def _targets(cells: Cells) -> list[dict[str, Any]]:
    actors = []
    for i in (1, 2, 3):
        name = cells.given(f"target{i}") or cells.given(f"targtype{i}_txt")
        kind_code = cells.integer(f"targtype{i}", "a target type code 1–22", 1, 22, "target type")
        if name:
            kind = TARGET_KINDS.get(kind_code or 0, "unknown")
            actors.append({"name": name, "kind": kind, "role": "target"})
    return actors


def _split(cells: Cells, total_column: str, perpetrator_column: str) -> dict[str, int]:
    """GTD counts victims and perpetrators together; only the perpetrators are split out."""
    total = cells.count(total_column, UNKNOWN_COUNT)
    perpetrators = cells.count(perpetrator_column, UNKNOWN_COUNT)
    result = {} if perpetrators is None else {"perpetrators": perpetrators}
    if total is not None and perpetrators is not None and perpetrators > total:
        cells.problem(perpetrator_column, "more perpetrators than the total",
                      f"at most {total_column} ({total})")
    elif total is not None:
        result["unknown"] = total - (perpetrators or 0)
    return result


def _casualties(cells: Cells) -> dict[str, Any]:
    return {
        "killed": _split(cells, "nkill", "nkillter"),
        "injured": _split(cells, "nwound", "nwoundte"),
        "hostages": cells.count("nhostkid", UNKNOWN_COUNT),
    }


def _property(cells: Cells) -> str | None:
    if cells.text("property") != "1":
        return None
    return cells.given("propcomment") or cells.given("propextent_txt") or "reported"


def _sources(cells: Cells) -> list[dict[str, Any]]:
    sources = []
    for column in ("scite1", "scite2", "scite3"):
        citation = cells.text(column)
        if citation:
            found = URL.search(citation)
            url = found.group(0).rstrip(".,;)") if found else None
            sources.append({"outlet": citation, "url": url})
    return sources


def _notes(cells: Cells, category_note: str | None) -> str | None:
    parts = [
        category_note,
        f"GTD alternative: {v}" if (v := cells.given("alternative_txt")) else None,
        f"Motive: {v}" if (v := cells.given("motive")) else None,
        f"Approximate date: {v}" if (v := cells.text("approxdate")) else None,
        "Lasted more than 24 hours; end not reported"
        if cells.text("extended") == "1" and not cells.text("resolution") else None,
    ]
    return "\n".join(p for p in parts if p) or None
