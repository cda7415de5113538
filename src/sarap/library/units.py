"""A document's text cut into the units that search returns and content analysis counts.

Legal texts (laws, codes, decrees, …) go through sarap.library.structure: the front matter (title
and preamble), the act's own items, chapters (their headings) and items with their sub-items; the
«Ескерту» notes leave the body and become amendment entries. Other texts (articles, reports, a
dissertation), and legal texts in which the parser finds no numbered items, are cut into
paragraphs: one per non-empty line, as the readers write them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sarap.library import structure

LEGAL_KINDS = frozenset({"law", "code", "decree", "order", "programme", "concept", "convention",
                         "protocol", "agreement", "resolution", "constitution"})


@dataclass
class UnitData:
    kind: str  # front | chapter | item | subitem | paragraph
    key: str
    text: str
    first_line: int | None = None
    last_line: int | None = None
    parent_key: str | None = None
    heading: str | None = None
    indexed: bool = True  # sub-items are inside their item's text: not indexed twice


@dataclass
class Layout:
    units: list[UnitData]
    amendments: list[structure.Amendment]
    structured: bool  # True when the structure parser found chapters or items


def _lines_text(lines: list[tuple[int, str]]) -> str:
    return "\n".join(line.strip() for _, line in lines if line.strip())


def _legal(parsed: structure.Document, text: str) -> list[UnitData]:
    out: list[UnitData] = []
    front = [(n, line) for n, line in parsed.front if line.strip()]
    if front:
        out.append(UnitData("front", "front", _lines_text(front), front[0][0], front[-1][0]))
    for unit in parsed.units():
        out.append(UnitData(unit.kind, unit.key, unit.text, unit.first_line, unit.last_line,
                            parent_key=unit.parent_key or None, heading=unit.heading or None,
                            indexed=unit.kind != "subitem"))
    return out + _uncovered(parsed, text)


def _uncovered(parsed: structure.Document, text: str) -> list[UnitData]:
    """Lines the parser put in no unit and no note (e.g. after a gap in the numbering, as when an
    item was deleted): kept as line units, so that no word of the act is lost to search or counts."""
    covered = {n for n, _ in parsed.front}
    covered |= {n for unit in parsed.units() for n, _ in unit.lines}
    covered |= {n for a in parsed.amendments for n in range(a.first_line, a.last_line + 1)}
    return [UnitData("paragraph", f"line {n}", " ".join(line.split()), n, n)
            for n, line in enumerate(text.splitlines(), start=1) if line.strip() and n not in covered]


def _paragraphs(text: str) -> list[UnitData]:
    out: list[UnitData] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            out.append(UnitData("paragraph", f"paragraph {len(out) + 1}", " ".join(line.split()),
                                number, number))
    return out


def layout(text: str, kind: str, name: str) -> Layout:
    """The units and amendment entries of a document's text."""
    if kind in LEGAL_KINDS:
        parsed = structure.parse(text, name=name)
        if parsed.chapters or len(parsed.preamble_items) >= 2:
            return Layout(_legal(parsed, text), parsed.amendments, True)
    return Layout(_paragraphs(text), [], False)
