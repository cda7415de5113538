"""Loading the bodies, duties and measure kinds of Decree 1404 from its parsed text.

decree_1404.yaml names each body and measure and points to the item it comes from with a phrase;
the phrase must occur in that item of the parsed decree, so the registry never claims a duty the
text does not hold. One bad reference refuses the whole load, naming the YAML line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.errors import InvalidInput, Problem
from sarap.library.structure import Document, Unit, parse
from sarap.registry.models import BODY_KINDS, LEVELS, Body, Duty, Measure, MeasureKind

HERE = Path(__file__).parent
MAPPING = HERE / "decree_1404.yaml"


class _LineLoader(yaml.SafeLoader):
    """Keeps each mapping's line (as "__line__") so that problems can name it."""


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping  # type: ignore[return-value]


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class LoadReport:
    bodies: int
    duties: int
    measure_kinds: int
    measures: int
    chapters: int
    items: int


class _Checker:
    def __init__(self, doc: Document, file: str):
        self.doc, self.file = doc, file
        self.problems: list[Problem] = []

    def unit(self, entry: dict[str, Any], where: str) -> Unit | None:
        """The item an entry points to, when its phrase occurs there; else records a problem."""
        ref = str(entry.get("item") or "").strip()
        unit = self.doc.find(f"item {ref}") if ref else None
        line = entry.get("__line__")
        if unit is None:
            self.problems.append(Problem("no such item in the decree", file=self.file, row=line,
                                         column=f"{where}.item", value=ref,
                                         expected="an item of the Rules, e.g. 18 or 10 3)"))
            return None
        phrase = str(entry.get("phrase") or "")
        if phrase and _flat(phrase) not in _flat(unit.flat_text):
            self.problems.append(Problem(
                f"item {ref} (lines {unit.first_line}–{unit.last_line} of {self.doc.name}) does not "
                "contain the phrase", file=self.file, row=line, column=f"{where}.phrase", value=phrase,
                expected="words that occur in that item"))
            return None
        return unit

    def code(self, entry: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> None:
        if entry.get(key) not in allowed:
            self.problems.append(Problem(f"unknown {key}", file=self.file, row=entry.get("__line__"),
                                         column=f"{where}.{key}", value=str(entry.get(key)),
                                         expected="one of " + ", ".join(allowed)))


def _text(unit: Unit, entry: dict[str, Any]) -> dict[str, str]:
    """The decree's words: the whole sub-item, or the phrase for an aim inside a longer item."""
    if unit.kind == "subitem":
        kk = unit.flat_text.removeprefix(f"{unit.label} ").rstrip(";.")
    else:
        kk = " ".join(str(entry.get("phrase") or unit.flat_text).split())
    # ru and en are the team's translations kept beside the decree's words; kk is never translated.
    return {"kk": kk, **{lang: str(entry[lang]).strip() for lang in ("ru", "en") if entry.get(lang)}}


def read_mapping(mapping: Path = MAPPING) -> tuple[dict[str, Any], Document, str]:
    data: dict[str, Any] = yaml.load(mapping.read_text(encoding="utf-8"), Loader=_LineLoader)
    source = mapping.parent / str(data.get("source"))
    text = source.read_text(encoding="utf-8")
    return data, parse(text, name=source.name), hashlib.sha256(text.encode()).hexdigest()


def check(data: dict[str, Any], doc: Document, file: str) -> list[Problem]:
    """Every problem of the mapping against the parsed decree (empty: it loads)."""
    checker = _Checker(doc, file)
    codes = {b.get("code") for b in data.get("bodies", [])}
    for i, body in enumerate(data.get("bodies", [])):
        where = f"bodies[{i}]"
        checker.unit(body, where)
        checker.code(body, "kind", BODY_KINDS, where)
        checker.code(body, "level", LEVELS, where)
        if body.get("parent") and body["parent"] not in codes:
            checker.problems.append(Problem("parent is not a body of this file", file=file,
                                            row=body.get("__line__"), column=f"{where}.parent",
                                            value=str(body["parent"]), expected="the code of a body"))
        for j, duty in enumerate(body.get("duties") or []):
            checker.unit(duty, f"{where}.duties[{j}]")
    for i, kind in enumerate(data.get("measure_kinds", [])):
        checker.unit(kind, f"measure_kinds[{i}]")
        for j, measure in enumerate(kind.get("measures") or []):
            checker.unit(measure, f"measure_kinds[{i}].measures[{j}]")
    return checker.problems


def _ref(entry: dict[str, Any]) -> str:
    return " ".join(str(entry["item"]).split())


def load(session: Session, *, author: str, mapping: Path = MAPPING) -> LoadReport:
    """Brings the decree's bodies and measure kinds up to date (running it again changes nothing
    but the duties' and measures' rows, which are rewritten from the text)."""
    data, doc, digest = read_mapping(mapping)
    problems = check(data, doc, mapping.name)
    if problems:
        raise InvalidInput(problems)
    bodies = {b.code: b for b in session.scalars(select(Body))}
    duties = 0
    for entry in data["bodies"]:
        body = bodies.get(entry["code"]) or Body(code=entry["code"], access_level="public")
        body.names, body.kind, body.level = dict(entry["names"]), entry["kind"], entry["level"]
        body.decree_item = _ref(entry)
        body.parent = bodies.get(entry["parent"]) if entry.get("parent") else None
        body.duties = [_duty(doc, d, i) for i, d in enumerate(entry.get("duties") or [])]
        duties += len(body.duties)
        session.add(body)
        bodies[body.code] = body
    kinds = {k.code: k for k in session.scalars(select(MeasureKind))}
    measures = 0
    for position, entry in enumerate(data["measure_kinds"]):
        kind = kinds.get(entry["code"]) or MeasureKind(code=entry["code"])
        kind.names, kind.position, kind.decree_item = dict(entry["names"]), position, _ref(entry)
        kind.measures = [_measure(doc, m, i) for i, m in enumerate(entry.get("measures") or [])]
        measures += len(kind.measures)
        session.add(kind)
    session.flush()
    report = LoadReport(len(data["bodies"]), duties, len(data["measure_kinds"]), measures,
                        len(doc.chapters), len(doc.items()))
    audit.record(session, actor=author, action="registry.load_decree", entity="registry",
                 entity_id="decree-1404", detail={**report.__dict__, "source_sha256": digest})
    return report


def _duty(doc: Document, entry: dict[str, Any], position: int) -> Duty:
    unit = doc.find(f"item {_ref(entry)}")
    assert unit is not None  # checked before
    return Duty(position=position, text=_text(unit, entry), decree_item=_ref(entry),
                first_line=unit.first_line, last_line=unit.last_line)


def _measure(doc: Document, entry: dict[str, Any], position: int) -> Measure:
    unit = doc.find(f"item {_ref(entry)}")
    assert unit is not None
    return Measure(position=position, text=_text(unit, entry), decree_item=_ref(entry),
                   first_line=unit.first_line, last_line=unit.last_line)
