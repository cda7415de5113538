"""Content analysis: how often a dictionary's concepts occur in a text, per word form and per
structural unit, with keyword-in-context lines, the way the dissertation's Figure 3 counts
"words related to terrorism" in a law (терроризм 1, террористік 3, терроризмге 5, терроризмді 1).

A concept is a set of terms per language (see data/concepts.yaml for the syntax). Each word of a
text counts at most once per concept: a phrase and a single word of the same concept that overlap
are one occurrence (the longer term wins).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sarap.core.errors import InvalidInput, Problem
from sarap.library import terms

SHIPPED = Path(__file__).parent / "data" / "concepts.yaml"
KWIC_WIDTH = 8  # words of context on each side


@dataclass(frozen=True)
class Pattern:
    """One term compiled for one language: per word, the family key or (=form) the exact form."""

    source: str
    parts: tuple[tuple[str, str], ...]  # ("key", k) or ("form", f)

    def matches(self, words: list[terms.Word], i: int) -> bool:
        if i + len(self.parts) > len(words):
            return False
        return all((w.key == value) if how == "key" else (w.lower == value)
                   for (how, value), w in zip(self.parts, words[i:i + len(self.parts)], strict=True))


@dataclass
class Concept:
    code: str
    label: dict[str, str]
    origin: str
    terms: dict[str, list[str]]

    def name(self, lang: str = "kk") -> str:
        return self.label.get(lang) or self.label.get("en") or self.code

    def patterns(self, lang: str) -> list[Pattern]:
        """Longest first, so that a phrase wins over the single word inside it."""
        sources = self.terms.get(lang) or [t for ts in self.terms.values() for t in ts]
        compiled = []
        for source in sources:
            parts = []
            for word in terms.words(terms.clean(source.lstrip("=")), lang):
                parts.append(("form", word.lower) if source.startswith("=") else ("key", word.key))
            if parts:
                compiled.append(Pattern(source, tuple(parts)))
        return sorted(compiled, key=lambda p: -len(p.parts))


def load(path: Path | None = None) -> list[Concept]:
    """The shipped dictionary, or a user's YAML file in the same layout."""
    path = path or SHIPPED
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput([Problem("cannot read the concept dictionary", file=where, value=str(exc),
                                    expected="a YAML file with a 'concepts' list")]) from None
    entries = data.get("concepts") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InvalidInput([Problem("no concepts list", file=where, column="concepts",
                                    expected="concepts: a list of {code, label, terms: {kk: [...]}}")])
    out, problems = [], []
    for number, entry in enumerate(entries, start=1):
        code = entry.get("code") if isinstance(entry, dict) else None
        given = entry.get("terms") if isinstance(entry, dict) else None
        if not code or not isinstance(given, dict) or not any(given.values()):
            problems.append(Problem("a concept needs a code and terms", file=where, row=number,
                                    column="terms", expected="code: … and terms: {kk: [words], ru: …}"))
            continue
        out.append(Concept(str(code), dict(entry.get("label") or {}), str(entry.get("origin") or ""),
                           {str(k): [str(t) for t in (v or [])] for k, v in given.items()}))
    if problems:
        raise InvalidInput(problems)
    return out


def select(concepts: list[Concept], codes: list[str] | None) -> list[Concept]:
    if not codes:
        return concepts
    known = {c.code: c for c in concepts}
    missing = [c for c in codes if c not in known]
    if missing:
        raise InvalidInput([Problem("unknown concept", column="--concepts", value=", ".join(missing),
                                    expected="one of " + ", ".join(known))])
    return [known[c] for c in codes]


# -- counting ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Occurrence:
    concept: str
    unit: str
    form: str  # the words as written, lower-cased
    start: int  # word index in the unit
    end: int


def occurrences(concept: Concept, unit: str, words: list[terms.Word], lang: str) -> list[Occurrence]:
    patterns = concept.patterns(lang)
    found: list[Occurrence] = []
    i = 0
    while i < len(words):
        pattern = next((p for p in patterns if p.matches(words, i)), None)
        if pattern is None:
            i += 1
            continue
        n = len(pattern.parts)
        found.append(Occurrence(concept.code, unit, " ".join(w.lower for w in words[i:i + n]), i, i + n))
        i += n
    return found


@dataclass
class ConceptCount:
    concept: Concept
    total: int = 0
    forms: Counter[str] = field(default_factory=Counter)
    units: Counter[str] = field(default_factory=Counter)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"concept": self.concept.code, "label": self.concept.name(lang), "total": self.total,
                "forms": dict(self.forms.most_common()), "units": dict(self.units)}


@dataclass
class TextCount:
    """The counts of one text (a document, a version, a file): per concept, form and unit."""

    name: str
    words: int
    counts: list[ConceptCount]
    hits: list[Occurrence]

    def by_code(self) -> dict[str, ConceptCount]:
        return {c.concept.code: c for c in self.counts}

    def per_thousand(self, code: str) -> float:
        return round(1000 * self.by_code()[code].total / self.words, 2) if self.words else 0.0


def count_units(name: str, units: list[tuple[str, str]], lang: str, concepts: list[Concept]) -> TextCount:
    """Counts over units given as (unit key, text); texts are expected normalised (terms.clean)."""
    counts = [ConceptCount(c) for c in concepts]
    hits: list[Occurrence] = []
    total_words = 0
    for key, text in units:
        words = terms.words(text, lang)
        total_words += len(words)
        for count in counts:
            for occ in occurrences(count.concept, key, words, lang):
                count.total += 1
                count.forms[occ.form] += 1
                count.units[key] += 1
                hits.append(occ)
    return TextCount(name, total_words, counts, hits)


# -- keyword in context --------------------------------------------------------------------------

@dataclass(frozen=True)
class KwicLine:
    unit: str
    left: str
    keyword: str
    right: str

    def to_dict(self) -> dict[str, str]:
        return {"unit": self.unit, "left": self.left, "keyword": self.keyword, "right": self.right}


def kwic(units: list[tuple[str, str]], lang: str, concept: Concept,
         width: int = KWIC_WIDTH) -> list[KwicLine]:
    """Every occurrence of a concept with `width` words on each side, as written."""
    lines = []
    for key, text in units:
        words = terms.words(text, lang)
        for occ in occurrences(concept, key, words, lang):
            left = words[max(0, occ.start - width):occ.start]
            right = words[occ.end:occ.end + width]
            lines.append(KwicLine(
                key, " ".join(text[left[0].start:words[occ.start].start].split()) if left else "",
                " ".join(text[words[occ.start].start:words[occ.end - 1].end].split()),
                " ".join(text[words[occ.end - 1].end:right[-1].end].split()) if right else ""))
    return lines
