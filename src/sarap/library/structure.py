"""The structure of a Kazakh or Russian legal text: chapters, items, sub-items, amendment notes.

Texts as published on adilet.zan.kz: chapters «1-тарау. …» / «Глава 1. …», items «5.», sub-items
«3)», and «Ескерту.» / «Сноска.» notes that record amendments. Notes are not the act's words, so
they leave the body text and become dated amendment entries. Every unit keeps its line span in the
source, so a reference ("item 10 3)") can always be shown against the text it came from.

A number at the start of a line is a unit only when it continues the numbering (5 after 4, 1 at a
chapter's start, 5-1 after 5): a wrapped line that happens to begin with "2." stays body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sarap.core.errors import Problem

CHAPTER = re.compile(r"^\s*(?:(\d+)-тарау|(?:Глава|ГЛАВА|Chapter)\s+(\d+))\.?\s*(.*)$")
ITEM = re.compile(r"^\s*(\d+)(?:-(\d+))?\.\s+\S")
SUBITEM = re.compile(r"^\s*(\d+)(?:-(\d+))?\)\s+\S")
NOTE = re.compile(r"^\s*(?:Ескерту|Сноска|Footnote)\s*\.")
# The line that opens an act's attachment ("approved by this decree"): its items number afresh.
APPROVED = re.compile(r"^\s*(бекітілген|бекiтiлген|утвержден[аыо]?|УТВЕРЖДЕН[АЫО]?)\s*$")
DAY_FIRST = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
YEAR_FIRST = re.compile(r"\b(\d{4})\.(\d{1,2})\.(\d{1,2})\b")
DECREE_NUMBER = re.compile(r"(?:№|\bN)\s*(\d+(?:-\d+)?)")
CHANGES = (  # first match wins: how the note says the unit changed
    ("new wording", ("жаңа редакцияда", "в новой редакции", "new wording")),
    ("deleted", ("алып тасталды", "алынып тасталды", "исключен", "deleted")),
    ("supplemented", ("толықтырылды", "дополнен", "supplemented")),
    ("amended", ("өзгеріс", "өзгерістер", "изменени", "amended")),
)

Number = tuple[int, int]  # (5, 0) for "5", (5, 1) for "5-1"


def _number_text(number: Number) -> str:
    return f"{number[0]}-{number[1]}" if number[1] else str(number[0])


@dataclass
class Unit:
    """A chapter, item or sub-item: its number, heading (chapters), text lines and children."""

    kind: str  # chapter | item | subitem
    number: Number
    scope: str = ""  # "" in the act's main part, "preamble " for items before the first chapter
    parent_key: str = ""
    heading: str = ""
    lines: list[tuple[int, str]] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)

    @property
    def label(self) -> str:
        return _number_text(self.number) + (")" if self.kind == "subitem" else "")

    @property
    def key(self) -> str:
        """"chapter 2", "item 10", "item 10 3)", "preamble item 1"."""
        if self.kind == "subitem":
            return f"{self.parent_key} {self.label}"
        return f"{self.scope}{self.kind} {self.label}"

    @property
    def text(self) -> str:
        return "\n".join(line.strip() for _, line in self.lines if line.strip())

    @property
    def flat_text(self) -> str:
        """The text on one line with single spaces, for phrase matching across line breaks."""
        return " ".join(self.text.split())

    @property
    def first_line(self) -> int:
        return self.lines[0][0] if self.lines else 0

    @property
    def last_line(self) -> int:
        filled = [n for n, line in self.lines if line.strip()]
        return filled[-1] if filled else self.first_line


@dataclass(frozen=True)
class Amendment:
    """One «Ескерту» note: when, by which decree, which unit, how, and the note as written."""

    date: date | None
    decree_number: str | None
    unit: str  # the unit amended: "item 5", "chapter 2 title", "title", "preamble", "appendix"...
    attached_to: str  # the unit the note follows in the text
    change: str | None
    raw: str
    first_line: int
    last_line: int


@dataclass
class Document:
    name: str
    front: list[tuple[int, str]] = field(default_factory=list)  # title and preamble lines
    preamble_items: list[Unit] = field(default_factory=list)
    chapters: list[Unit] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def items(self) -> list[Unit]:
        """The items of the chapters, in order (items before the first chapter are not counted)."""
        return [item for chapter in self.chapters for item in chapter.children]

    def units(self) -> list[Unit]:
        out: list[Unit] = []
        for top in [*self.preamble_items, *self.chapters]:
            out.append(top)
            for child in top.children:
                out.extend([child, *child.children])
        return out

    def find(self, key: str) -> Unit | None:
        """The unit with this key ("item 10", "item 10 3)", "chapter 2", "preamble item 1")."""
        wanted = " ".join(key.split())
        return next((u for u in self.units() if u.key == wanted), None)

    def amendments_of(self, key: str) -> list[Amendment]:
        return [a for a in self.amendments if a.unit == key]


def _number(match: re.Match[str]) -> Number:
    return int(match.group(1)), int(match.group(2) or 0)


def _follows(new: Number, last: Number | None) -> bool:
    """Does `new` continue a numbering whose last number is `last` (None: nothing numbered yet)?"""
    if last is None:
        return new == (1, 0)
    return new == (last[0] + 1, 0) or (new[1] > 0 and new[0] == last[0] and new[1] == last[1] + 1)


def _is_indented(line: str) -> bool:
    return line.startswith("  ") or line.startswith("\t")


class _Parser:
    def __init__(self, name: str):
        self.doc = Document(name)
        self.chapter: Unit | None = None
        self.item: Unit | None = None
        self.subitem: Unit | None = None
        self.heading_open = False
        self.in_appendix = False
        self.note: list[tuple[int, str]] | None = None
        self.note_anchor = "title"

    # -- where body lines go ----------------------------------------------------------------
    def _siblings(self) -> list[Unit]:
        return self.chapter.children if self.chapter else self.doc.preamble_items

    def _anchor(self) -> str:
        """The key of the unit a note written here follows."""
        if self.item is not None:
            return self.item.key
        if self.chapter is not None:
            return self.chapter.key + " title"
        return "appendix title" if self.in_appendix else "title"

    def body(self, number: int, line: str) -> None:
        if self.item is not None:
            if self.subitem is not None and _is_indented(line):
                self.subitem = None  # an indented paragraph after the sub-items is the item's again
            self.item.lines.append((number, line))
            if self.subitem is not None:
                self.subitem.lines.append((number, line))
        elif self.chapter is not None and self.heading_open:
            self.chapter.heading = f"{self.chapter.heading} {line.strip()}".strip()
            self.chapter.lines.append((number, line))
        elif self.chapter is None:
            self.doc.front.append((number, line))

    # -- units ------------------------------------------------------------------------------
    def try_chapter(self, number: int, line: str) -> bool:
        match = CHAPTER.match(line)
        if not match:
            return False
        value = (int(match.group(1) or match.group(2)), 0)
        last = self.doc.chapters[-1].number if self.doc.chapters else None
        if last is not None and not _follows(value, last):
            return False
        self.chapter = Unit("chapter", value, heading=match.group(3).strip(), lines=[(number, line)])
        self.doc.chapters.append(self.chapter)
        self.item = self.subitem = None
        self.heading_open = True
        return True

    def try_item(self, number: int, line: str) -> bool:
        match = ITEM.match(line)
        if not match:
            return False
        siblings = self._siblings()
        value = _number(match)
        if siblings:
            last: Number | None = siblings[-1].number
        else:  # a chapter's first item: 1, or the numbering continued from the chapter before
            earlier = [u for c in self.doc.chapters[:-1] for u in c.children]
            last = None if value == (1, 0) or not earlier else earlier[-1].number
        if not _follows(value, last):
            return False
        scope = "" if self.chapter else "preamble "
        self.item = Unit("item", value, scope=scope, lines=[(number, line)])
        siblings.append(self.item)
        self.subitem = None
        self.heading_open = False
        return True

    def try_subitem(self, number: int, line: str) -> bool:
        match = SUBITEM.match(line)
        if not match or self.item is None:
            return False
        value = _number(match)
        last = self.item.children[-1].number if self.item.children else None
        if not _follows(value, last):
            return False
        self.subitem = Unit("subitem", value, parent_key=self.item.key, lines=[(number, line)])
        self.item.children.append(self.subitem)
        self.item.lines.append((number, line))
        return True

    def _leave_item(self) -> None:
        """At an attachment's start the open item ends with its last sentence: what follows
        (the signature, "approved by decree No. …") is front matter, not the item's words."""
        if self.item is not None:
            ends = [i for i, (_, text) in enumerate(self.item.lines) if text.rstrip().endswith((".", ";"))]
            cut = ends[-1] + 1 if ends else len(self.item.lines)
            self.doc.front.extend(line for line in self.item.lines[cut:] if line[1].strip())
            del self.item.lines[cut:]
        self.item = self.subitem = None

    # -- notes ------------------------------------------------------------------------------
    def close_note(self) -> None:
        if self.note:
            self.doc.amendments.append(self._amendment(self.note, self.note_anchor))
        self.note = None

    def _amendment(self, lines: list[tuple[int, str]], anchor: str) -> Amendment:
        raw = " ".join(" ".join(text.split()) for _, text in lines).replace(" .", ".")
        when = self._date(raw, lines[0][0])
        number_at = raw.find(when[1]) + len(when[1]) if when[1] else 0
        number = DECREE_NUMBER.search(raw, number_at) or DECREE_NUMBER.search(raw)
        change = next((name for name, words in CHANGES if any(w in raw.lower() for w in words)), None)
        return Amendment(date=when[0], decree_number=number.group(1) if number else None,
                         unit=_amended_unit(raw, anchor, self.in_appendix), attached_to=anchor,
                         change=change, raw=raw, first_line=lines[0][0], last_line=lines[-1][0])

    def _date(self, raw: str, line: int) -> tuple[date | None, str]:
        found = YEAR_FIRST.search(raw)
        parts = (found.group(1), found.group(2), found.group(3)) if found else None
        if found is None and (found := DAY_FIRST.search(raw)):
            parts = (found.group(3), found.group(2), found.group(1))
        if found is None or parts is None:
            return None, ""
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2])), found.group(0)
        except ValueError:
            self.doc.problems.append(Problem("impossible date in an amendment note", file=self.doc.name,
                                             row=line, column="date", value=found.group(0),
                                             expected="a real calendar date, DD.MM.YYYY"))
            return None, found.group(0)

    def note_line(self, number: int, line: str) -> bool:
        """Feeds a line to an open note; False when the line is not part of it."""
        if self.note is None:
            return False
        ends = self.note[-1][1].rstrip().endswith(".")
        starts_unit = bool(NOTE.match(line) or CHAPTER.match(line) or ITEM.match(line)
                           or SUBITEM.match(line) or APPROVED.match(line))
        if ends or starts_unit or _is_indented(line):
            self.close_note()
            return False
        if line.strip():
            self.note.append((number, line))
        return True

    # -- the loop ---------------------------------------------------------------------------
    def feed(self, number: int, line: str) -> None:
        if self.note_line(number, line):
            return
        if NOTE.match(line):
            self.note, self.note_anchor = [(number, line)], self._anchor()
            self.heading_open = False
            return
        if not line.strip():
            if self.item is None:
                self.heading_open = False
            else:
                self.body(number, line)
            return
        if APPROVED.match(line):
            self._leave_item()
            self.in_appendix = True
            self.doc.front.append((number, line))
            return
        if self.try_chapter(number, line) or self.try_item(number, line) or self.try_subitem(number, line):
            return
        self.body(number, line)


def _amended_unit(raw: str, anchor: str, in_appendix: bool) -> str:
    """Which unit a note names ("5-тармаққа" → item 5); the unit it follows when it names none."""
    head = raw.split(" - ")[0].split(" – ")[0].lower()
    scope = "preamble " if anchor.startswith("preamble ") else ""
    title = any(w in head for w in ("тақыры", "заголов", "наименован", "атау", "title"))
    if found := re.search(r"(\d+(?:-\d+)?)\)\s*тармақша|подпункт\w*\s+(\d+(?:-\d+)?)\)", head):
        item = anchor.removesuffix(" title")
        return f"{item} {found.group(1) or found.group(2)})"
    if found := re.search(r"(\d+)-тарау|глав\w*\s+(\d+)", head):
        return f"chapter {found.group(1) or found.group(2)}" + (" title" if title else "")
    if found := re.search(r"(\d+(?:-\d+)?)-тармақ|пункт\w*\s+(\d+(?:-\d+)?)", head):
        return f"{scope}item {found.group(1) or found.group(2)}"
    if any(w in head for w in ("кіріспе", "преамбул")):
        return "preamble"
    if title:
        return "appendix title" if in_appendix and anchor == "appendix title" else anchor
    if any(w in head for w in ("қағида", "правил", "ереже")):
        return "appendix"
    return anchor


def parse(text: str, *, name: str = "<text>") -> Document:
    """Splits a legal text into its chapters, items and sub-items; notes become amendments."""
    parser = _Parser(name)
    for number, line in enumerate(text.splitlines(), start=1):
        parser.feed(number, line.rstrip())
    parser.close_note()
    return parser.doc
