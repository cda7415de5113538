"""Periodisations as data: named sets of dated periods with kk/ru/en labels and their source.

Sarap ships the dissertation's (data/periods.yaml); users write their own in a YAML file of the
same shape and pass its path wherever a periodisation name is accepted:

    periodisations:
      my-periods:
        label: {kk: ..., ru: ..., en: ...}
        source: where the division comes from
        periods:
          - code: early
            label: {kk: ..., ru: ..., en: ...}
            start: 1991-12-16
            end: 2010-12-31        # optional on the last period: still going on
            source: seed line, page or reference

Periods may leave gaps but may not overlap, and none may end before it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.core.safeload import yaml_problem

PERIODS_FILE = Path(__file__).parent / "data" / "periods.yaml"
LANGUAGES = ("kk", "ru", "en")


class _Loader(yaml.SafeLoader):
    """Reads dates as text, so that an impossible one (2010-13-01) is a message, not a crash."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass(frozen=True)
class Period:
    code: str
    labels: dict[str, str]
    start: date
    end: date | None  # None: still going on
    source: str | None = None
    quote: str | None = None

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.code

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Periodisation:
    name: str
    labels: dict[str, str]
    periods: tuple[Period, ...]
    source: str | None = None
    note: str | None = None

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.name

    def periods_of(self, day: date) -> list[Period]:
        """The period a day falls in (a list: empty in a gap; never more than one)."""
        return [p for p in self.periods if p.contains(day)]

    def period_of(self, day: date) -> Period | None:
        found = self.periods_of(day)
        return found[0] if found else None


class _Reader:
    """Collects every problem in one file, each naming the file and the field."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, field: str, message: str, value: Any = None, expected: str | None = None) -> None:
        self.problems.append(Problem(message, file=self.file, column=field,
                                     value=None if value is None else str(value), expected=expected))

    def labels(self, field: str, raw: Any) -> dict[str, str]:
        if not isinstance(raw, dict) or not any(isinstance(raw.get(k), str) for k in LANGUAGES):
            self.add(field, "labels are required", raw, "a mapping with kk, ru and/or en text")
            return {}
        return {k: str(raw[k]) for k in LANGUAGES if raw.get(k)}

    def day(self, field: str, raw: Any, *, required: bool) -> date | None:
        if raw in (None, ""):
            if required:
                self.add(field, "a date is required", expected="YYYY-MM-DD")
            return None
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            self.add(field, "not a date", raw, "YYYY-MM-DD")
            return None

    def period(self, field: str, raw: Any) -> Period | None:
        if not isinstance(raw, dict):
            self.add(field, "a period must be a mapping", type(raw).__name__)
            return None
        code = raw.get("code")
        if not code or not isinstance(code, str):
            self.add(f"{field}.code", "a period needs a code", code, "a short name, e.g. 2011-2016")
        labels = self.labels(f"{field}.label", raw.get("label"))
        start = self.day(f"{field}.start", raw.get("start"), required=True)
        end = self.day(f"{field}.end", raw.get("end"), required=False)
        if start and end and end < start:
            self.add(f"{field}.end", f"the period ends before it starts ({start.isoformat()})",
                     end.isoformat(), "an end on or after the start")
            return None
        if not (code and labels and start):
            return None
        return Period(str(code), labels, start, end, _text(raw.get("source")), _text(raw.get("quote")))

    def overlaps(self, field: str, periods: list[Period]) -> None:
        ordered = sorted(periods, key=lambda p: p.start)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if before.end is None or after.start <= before.end:
                self.add(field, f"periods {before.code!r} and {after.code!r} overlap",
                         f"{after.code} starts {after.start.isoformat()}",
                         f"a start after {before.code}'s end "
                         f"({before.end.isoformat() if before.end else 'open'})")
        codes = [p.code for p in periods]
        for code in {c for c in codes if codes.count(c) > 1}:
            self.add(field, "the same period code twice", code, "unique codes")

    def periodisation(self, name: str, raw: Any) -> Periodisation | None:
        field = f"periodisations.{name}"
        if not isinstance(raw, dict):
            self.add(field, "a periodisation must be a mapping", type(raw).__name__)
            return None
        items = raw.get("periods")
        if not isinstance(items, list) or not items:
            self.add(f"{field}.periods", "a periodisation needs periods", items, "a list of periods")
            return None
        periods = [p for i, item in enumerate(items) if (p := self.period(f"{field}.periods[{i}]", item))]
        self.overlaps(f"{field}.periods", periods)
        labels = self.labels(f"{field}.label", raw.get("label"))
        return Periodisation(name, labels, tuple(sorted(periods, key=lambda p: p.start)),
                             _text(raw.get("source")), _text(raw.get("note")))


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if value not in (None, "") else None


def load_file(path: Path) -> dict[str, Periodisation]:
    """Every periodisation in a file; InvalidInput naming the file and field of each problem."""
    path = Path(path)
    reader = _Reader(path.name)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader
    except OSError as exc:
        raise InvalidInput([Problem(f"cannot read: {exc.strerror}", file=path.name)]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([yaml_problem(path.name, exc, "periodisations as in "
                                         "analysis/data/periods.yaml")]) from None
    found = data.get("periodisations") if isinstance(data, dict) else None
    if not isinstance(found, dict) or not found:
        raise InvalidInput([Problem("no periodisations", file=path.name, column="periodisations",
                                    expected="a mapping of names to periodisations")])
    result = {str(n): p for n, raw in found.items() if (p := reader.periodisation(str(n), raw))}
    if reader.problems:
        raise InvalidInput(reader.problems)
    return result


def load_periodisation(path: Path, name: str | None = None) -> Periodisation:
    """The one periodisation in a user's file (or the one named, if it holds several)."""
    found = load_file(path)
    if name is None and len(found) == 1:
        return next(iter(found.values()))
    if name in found:
        return found[name]
    raise NotFound(f"{Path(path).name}: name one of its periodisations: {', '.join(found)}")


@cache
def shipped() -> dict[str, Periodisation]:
    """The periodisations Sarap ships (the dissertation's), by name."""
    return load_file(PERIODS_FILE)


DEFAULT = "dissertation-3.1"


def resolve(name_or_path: str | None) -> Periodisation:
    """A shipped periodisation by name, or the one in a YAML file ("FILE" or "FILE#NAME")."""
    key = name_or_path or DEFAULT
    if key in shipped():
        return shipped()[key]
    path, _, inner = key.partition("#")
    if Path(path).suffix.lower() in (".yaml", ".yml") or Path(path).exists():
        if not Path(path).is_file():
            raise NotFound(f"no periodisation file {path}")
        return load_periodisation(Path(path), inner or None)
    raise NotFound(f"no periodisation {key!r}; shipped: {', '.join(shipped())}, or a YAML file")
