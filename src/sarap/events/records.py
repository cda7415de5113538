"""Event records: validating the object form (docs/event-format.md) and moving it in and out of
the tables. The canonical record (a plain dict) is what revisions snapshot and exports write."""

from __future__ import annotations

from typing import Any

from sarap.core import partial_dates
from sarap.core.errors import Problem
from sarap.events import regions
from sarap.events.codebook import codes, default_side
from sarap.events.models import VICTIM_GROUPS, Actor, Event, Place, Source

SCALARS = ("origin", "category", "action_type", "side", "summary", "property_damage",
           "certainty", "meets_definition", "agency", "access_level", "notes")  # fmt: skip
REQUIRED = {"category": "a category code (sarap codebook)", "action_type": "verbal or physical",
            "summary": "a description of what happened"}
MAX_COUNT = 10_000_000  # above any real casualty count, below what a database integer holds
TRUE_WORDS = {"true", "yes", "1", "иә", "да", "y"}
FALSE_WORDS = {"false", "no", "0", "жоқ", "нет", "n"}


class _Checker:
    """Collects problems for one record, each naming where it is."""

    def __init__(self, file: str | None, row: int | None, column_of: Any = None):
        self.file, self.row = file, row
        self.column_of = column_of or (lambda path: path)
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, value: Any = None, expected: str | None = None) -> None:
        self.problems.append(
            Problem(message, file=self.file, row=self.row, column=self.column_of(path),
                    value=None if value is None else str(value), expected=expected)
        )

    def code(self, path: str, value: Any, field: str, *, required: bool = False) -> str | None:
        if value in (None, ""):
            if required:
                self.add(path, "a value is required", expected=_one_of(field))
            return None
        text = str(value).strip()
        if text not in codes(field):
            self.add(path, f"unknown {field[:-1].replace('_', ' ')}", text, _one_of(field))
            return None
        return text

    def count(self, path: str, value: Any) -> int | None:
        if value in (None, ""):
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            self.add(path, "not a whole number", value, "a whole number ≥ 0, or empty if unknown")
            return None
        if number < 0:
            self.add(path, "a count cannot be negative", value, "a whole number ≥ 0")
            return None
        if number > MAX_COUNT:
            self.add(path, "implausibly large", value, f"a whole number up to {MAX_COUNT:,}")
            return None
        return number

    def number(self, path: str, value: Any, low: float, high: float) -> float | None:
        if value in (None, ""):
            return None
        try:
            number = float(str(value).strip())
        except ValueError:
            self.add(path, "not a number", value, f"a decimal number from {low} to {high}")
            return None
        if not low <= number <= high:
            self.add(path, "out of range", value, f"a decimal number from {low} to {high}")
            return None
        return number


def _scalars_only(check: _Checker, raw: dict[str, Any]) -> None:
    """Fields that hold one value must not hold a list or an object (a poison record)."""
    for key in (*SCALARS, "date"):
        value = raw.get(key)
        if isinstance(value, list) or (isinstance(value, dict) and key != "date"):
            check.add(key, "must be a single value", type(value).__name__, "text, a number or empty")


def _author_coding(check: _Checker, raw: Any) -> dict[str, Any] | None:
    if raw in (None, "", {}):
        return None
    if not isinstance(raw, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str | int | float | bool))
            for k, v in raw.items()):
        check.add("author_coding", "must map names to single values", type(raw).__name__,
                  "an object such as {participants: …, place: …}")
        return None
    return raw


CORRECTION_KEYS = ("field", "author_value", "value", "reason")


def _corrections(check: _Checker, raw: Any) -> list[dict[str, Any]] | None:
    if raw in (None, "", []):
        return None
    ok = isinstance(raw, list) and all(
        isinstance(item, dict) and set(item) <= set(CORRECTION_KEYS) and isinstance(item.get("field"), str)
        and all(v is None or isinstance(v, str | int | float | bool) for v in item.values())
        for item in raw)
    if not ok:
        check.add("corrections", "must be a list of corrections", type(raw).__name__,
                  "[{field: …, author_value: …, value: …, reason: …}]")
        return None
    return list(raw)


def _within_columns(check: _Checker, record: dict[str, Any]) -> None:
    """The lengths the tables declare, checked here so that the problem names the field (and
    SQLite refuses what PostgreSQL would)."""
    tables = {"places": Place, "actors": Actor, "sources": Source}
    for path, value in flatten(record).items():
        if not isinstance(value, str):
            continue
        head, _, leaf = path.rpartition(".")
        model = tables.get(head.split("[")[0]) if head else Event
        column = model.__table__.c.get(leaf or path) if model is not None else None
        limit = getattr(column.type, "length", None) if column is not None else None
        if "\x00" in value:
            check.add(path, "holds a NUL character", value[:40], "text without NUL (\\0)")
        elif limit and len(value) > limit:
            check.add(path, f"too long ({len(value):,} characters)", value[:40] + "…",
                      f"at most {limit:,} characters")


def _one_of(field: str) -> str:
    return "one of " + ", ".join(codes(field))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(check: _Checker, raw: Any) -> dict[str, Any] | None:
    if isinstance(raw, str | int):
        raw = {"start": str(raw)}
    if not isinstance(raw, dict) or not (raw.get("start") or raw.get("text")):
        check.add("date.start", "a date is required", expected="YYYY, YYYY-MM or YYYY-MM-DD")
        return None
    text = _text(raw.get("text"))
    try:
        if raw.get("start"):
            value = partial_dates.build(str(raw["start"]), _text(raw.get("end")),
                                        _text(raw.get("precision")), text)
        else:
            value = partial_dates.parse_text(str(text))
    except partial_dates.DateError as exc:
        path = "date.start" if raw.get("start") else "date.text"
        check.add(path, f"impossible or unreadable date: {exc}", raw.get("start") or text)
        return None
    return {"text": text, "start": value.start.isoformat(), "end": value.end.isoformat(),
            "precision": value.precision}


def _place(check: _Checker, i: int, raw: dict[str, Any]) -> dict[str, Any]:
    path = f"places[{i}]"
    region_text = _text(raw.get("region"))
    region = regions.resolve(region_text) if region_text else None
    if region_text and region is None:
        check.add(f"{path}.region", "unknown region", region_text,
                  "one of the 20 region codes or names (sarap regions), or a country abroad")
    country = (_text(raw.get("country")) or ("KAZ" if region or region_text else None) or "KAZ")
    if len(country) != 3 or not country.isalpha():
        check.add(f"{path}.country", "not a country code", country, "ISO 3166-1 alpha-3, e.g. KAZ")
    elif country.upper() != "KAZ" and region:
        check.add(f"{path}.region", "a region of Kazakhstan given for a place abroad", region_text,
                  "no region when country is not KAZ")
    geo = check.code(f"{path}.geo_precision", raw.get("geo_precision"), "geo_precisions")
    return {
        "region": region,
        "country": country.upper(),
        "settlement": _text(raw.get("settlement")),
        "text": _text(raw.get("text")) or (region_text if region_text != region else None),
        "latitude": check.number(f"{path}.latitude", raw.get("latitude"), -90, 90),
        "longitude": check.number(f"{path}.longitude", raw.get("longitude"), -180, 180),
        "geo_precision": geo,
    }


def _actor(check: _Checker, i: int, raw: dict[str, Any]) -> dict[str, Any] | None:
    name = _text(raw.get("name"))
    if not name:
        check.add(f"actors[{i}].name", "an actor needs a name", expected="a name, or 'unknown'")
        return None
    return {
        "name": name,
        "kind": check.code(f"actors[{i}].kind", raw.get("kind") or "unknown", "actor_kinds"),
        "role": check.code(f"actors[{i}].role", raw.get("role") or "participant", "actor_roles"),
    }


def _source(check: _Checker, i: int, raw: dict[str, Any]) -> dict[str, Any]:
    url = _text(raw.get("url"))
    if url and not url.lower().startswith(("http://", "https://")):
        check.add(f"sources[{i}].url", "not a web address", url, "an http:// or https:// URL")
    dates = {}
    for key in ("published", "accessed"):
        value = _text(raw.get(key))
        if value:
            try:
                value = partial_dates.parse_iso(value).iso()
            except partial_dates.DateError as exc:
                check.add(f"sources[{i}].{key}", str(exc), value)
                value = None
        dates[key] = value
    return {
        "url": url,
        "outlet": _text(raw.get("outlet")),
        "language": check.code(f"sources[{i}].language", raw.get("language"), "languages"),
        **dates,
    }


def _casualties(check: _Checker, raw: Any) -> dict[str, Any]:
    if raw not in (None, "") and not isinstance(raw, dict):
        check.add("casualties", "must be an object", type(raw).__name__,
                  "{killed: {...}, injured: {...}, hostages: …}")
    raw = raw if isinstance(raw, dict) else {}
    result: dict[str, Any] = {}
    for kind in ("killed", "injured"):
        groups = raw.get(kind) or {}
        if not isinstance(groups, dict):
            check.add(f"casualties.{kind}", "must be an object of counts", type(groups).__name__,
                      "{civilians: …, security: …, perpetrators: …, unknown: …}")
            groups = {}
        result[kind] = {g: check.count(f"casualties.{kind}.{g}", groups.get(g)) for g in VICTIM_GROUPS}
    result["hostages"] = check.count("casualties.hostages", raw.get("hostages"))
    return result


def _flag(check: _Checker, value: Any) -> bool | None:
    if value is None or value == "" or isinstance(value, bool):
        return value if isinstance(value, bool) else None
    word = str(value).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    check.add("meets_definition", "not a yes/no value", value, "yes, no, or empty if unknown")
    return None


def _listed(check: _Checker, raw: Any, key: str) -> list[dict[str, Any]]:
    items = raw.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        check.add(key, "must be a list of objects", type(items).__name__)
        return []
    return [item for item in items if any(v not in (None, "") for v in item.values())]


def validate(
    raw: dict[str, Any], *, file: str | None = None, row: int | None = None, column_of: Any = None
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The canonical record for an object-form event, or None and every problem found."""
    check = _Checker(file, row, column_of)
    if not isinstance(raw, dict):
        check.add("", "not an object", type(raw).__name__, "an event object")
        return None, check.problems
    _scalars_only(check, raw)
    if check.problems:
        return None, check.problems
    for key, expected in REQUIRED.items():
        if not _text(raw.get(key)):
            check.add(key, "a value is required", expected=expected)
    category = check.code("category", raw.get("category"), "categories")
    side = raw.get("side") or (default_side(category) if category else None)
    record: dict[str, Any] = {
        "origin": _text(raw.get("origin")),
        "date": _date(check, raw.get("date")),
        "places": [_place(check, i, p) for i, p in enumerate(_listed(check, raw, "places"))],
        "category": category,
        "action_type": check.code("action_type", raw.get("action_type"), "action_types"),
        "side": check.code("side", side, "sides", required=True),
        "summary": _text(raw.get("summary")),
        "actors": [a for i, r in enumerate(_listed(check, raw, "actors"))
                   if (a := _actor(check, i, r))],
        "casualties": _casualties(check, raw.get("casualties")),
        "property_damage": _text(raw.get("property_damage")),
        "sources": [_source(check, i, s) for i, s in enumerate(_listed(check, raw, "sources"))],
        "certainty": check.code("certainty", raw.get("certainty") or "probable", "certainties"),
        "meets_definition": _flag(check, raw.get("meets_definition")),
        "agency": _text(raw.get("agency")),
        "access_level": check.code("access_level", raw.get("access_level") or "public",
                                   "access_levels"),
        "notes": _text(raw.get("notes")),
        "author_coding": _author_coding(check, raw.get("author_coding")),
        "corrections": _corrections(check, raw.get("corrections")),
    }
    _within_columns(check, record)
    return (None, check.problems) if check.problems else (record, [])


def to_record(event: Event) -> dict[str, Any]:
    """The canonical record of a stored event (what a revision snapshots)."""
    return {
        "origin": event.origin,
        "date": {"text": event.date_text, "start": event.date_start.isoformat(),
                 "end": event.date_end.isoformat(), "precision": event.date_precision},
        "places": [{"region": p.region, "country": p.country, "settlement": p.settlement,
                    "text": p.text, "latitude": p.latitude, "longitude": p.longitude,
                    "geo_precision": p.geo_precision} for p in event.places],
        "category": event.category,
        "action_type": event.action_type,
        "side": event.side,
        "summary": event.summary,
        "actors": [{"name": a.name, "kind": a.kind, "role": a.role} for a in event.actors],
        "casualties": {
            "killed": {g: getattr(event, f"killed_{g}") for g in VICTIM_GROUPS},
            "injured": {g: getattr(event, f"injured_{g}") for g in VICTIM_GROUPS},
            "hostages": event.hostages,
        },
        "property_damage": event.property_damage,
        "sources": [{"url": s.url, "outlet": s.outlet, "language": s.language,
                     "published": s.published, "accessed": s.accessed} for s in event.sources],
        "certainty": event.certainty,
        "meets_definition": event.meets_definition,
        "agency": event.agency,
        "access_level": event.access_level,
        "notes": event.notes,
        "author_coding": event.author_coding,
        "corrections": event.corrections,
    }


def apply(event: Event, record: dict[str, Any]) -> None:
    """Set a stored event's fields and children from a canonical record."""
    from datetime import date

    for key in SCALARS:
        setattr(event, key, record.get(key))
    when = record["date"]
    event.date_text, event.date_precision = when.get("text"), when["precision"]
    event.date_start, event.date_end = date.fromisoformat(when["start"]), date.fromisoformat(when["end"])
    for kind in ("killed", "injured"):
        for group in VICTIM_GROUPS:
            setattr(event, f"{kind}_{group}", record["casualties"][kind].get(group))
    event.hostages = record["casualties"].get("hostages")
    event.author_coding, event.corrections = record.get("author_coding"), record.get("corrections")
    event.places = [Place(position=i, **p) for i, p in enumerate(record["places"])]
    event.actors = [Actor(position=i, **a) for i, a in enumerate(record["actors"])]
    event.sources = [Source(position=i, **s) for i, s in enumerate(record["sources"])]


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Field paths to leaf values: {"date.start": ..., "places[0].region": ...}."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(flatten(inner, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for i, inner in enumerate(value):
            out.update(flatten(inner, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, list[Any]]:
    """Field-level changes as {path: [before, after]}; empty values are left out of creates."""
    before, after = flatten(old or {}), flatten(new or {})
    changed = {}
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path), after.get(path)
        if a != b and not (a in (None, [], {}) and b in (None, [], {})):
            changed[path] = [a, b]
    return changed
