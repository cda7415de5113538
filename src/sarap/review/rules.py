"""Curated rules (data/rules.yaml) and names of listed organisations, run on a normalised text.

Every rule is a regular expression on the lower-cased text, optionally with an `unless` context (a
pattern near the match that cancels it), so all rules together cost microseconds and each firing
reports the spans it matched: a reviewer sees why an item was flagged. Counter-signals (condemning,
reporting, courts, prevention, quotation) are rules too; the calibrated model (calibration.py) lowers
the score by them. Matches inside quotation marks count less: quoting a recruiter is not recruiting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sarap.review.organisations import NameVariant

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"
COUNTER = "counter"
COUNTER_KINDS = ("condemn", "report", "court", "prevention", "reported_speech")
QUOTED_FACTOR = 0.3
DEFAULT_WINDOW = 60
# «…», "…", “…”, and '…' when the quote marks are not apostrophes inside a word (let's).
_QUOTES = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]|(?<!\w)'[^']+'(?!\w)")
_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
_SCRIPT_OF_LANG = {"kk": "cyrillic", "ru": "cyrillic", "en": "latin"}


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    lang: str
    weight: float
    description: str
    pattern: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    window: int = DEFAULT_WINDOW
    requires: str | None = None  # "org" or "category"
    organisations: bool = False
    kind: str | None = None  # for counter-signals: one of COUNTER_KINDS
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fired:
    rule: str
    category: str
    weight: float  # as counted (after the quotation discount)
    description: str
    spans: tuple[Span, ...]
    quoted: bool = False
    organisations: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "category": self.category, "weight": round(self.weight, 4),
                "description": self.description, "quoted": self.quoted,
                "organisations": list(self.organisations),
                "spans": [[s.start, s.end, s.text] for s in self.spans]}


@dataclass(frozen=True)
class RuleResult:
    fired: tuple[Fired, ...]
    counters: tuple[Fired, ...]
    per_category: dict[str, float] = field(default_factory=dict)
    counter_score: float = 0.0

    @property
    def organisations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o for f in self.fired for o in f.organisations))

    @property
    def rule_score(self) -> float:
        return max(self.per_category.values(), default=0.0)

    def counter_by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for c in self.counters:
            out[c.category] = noisy_or([out.get(c.category, 0.0), c.weight])
        return out


def _compile(raw: str | None) -> re.Pattern[str] | None:
    return re.compile(raw, re.IGNORECASE | re.UNICODE) if raw else None


def _rule(raw: dict[str, Any]) -> Rule:
    return Rule(id=raw["id"], category=raw["category"], lang=raw.get("lang", "any"),
                weight=float(raw["weight"]), description=str(raw.get("description", "")),
                pattern=_compile(raw.get("pattern")), unless=_compile(raw.get("unless")),
                window=int(raw.get("window", DEFAULT_WINDOW)), requires=raw.get("requires"),
                organisations=bool(raw.get("organisations")), kind=raw.get("kind"),
                examples=tuple(raw.get("examples") or ()), counter_examples=tuple(raw.get("not") or ()))


@cache
def rules() -> tuple[Rule, ...]:
    with RULES_FILE.open(encoding="utf-8") as fh:
        return tuple(_rule(r) for r in yaml.safe_load(fh)["rules"])


def noisy_or(weights: Iterable[float]) -> float:
    """Independent pieces of evidence: 1 − Π(1 − w). Two weak signals make more than either."""
    remaining = 1.0
    for w in weights:
        remaining *= 1.0 - w
    return 1.0 - remaining


def lowered(text: str) -> str:
    """Lower case with the same length, so spans found in it are spans of the text."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# --- organisation names -----------------------------------------------------------------------------

def _word_regex(word: str) -> str:
    """A word of a name in any inflected form: its stem and up to five more letters («Аль-Каиды»)."""
    w = re.escape(word.lower())
    if len(word) >= 5:
        return re.escape(word.lower()[:max(4, len(word) - 2)]) + r"\w{0,6}"
    return w + r"\w{0,4}"


@dataclass(frozen=True)
class NamePattern:
    slug: str
    variant: NameVariant
    regex: re.Pattern[str]


def _first_stem(word: str) -> str:
    return word.lower()[:4]


class NamePatterns(list[NamePattern]):
    """The patterns, indexed by the first four letters of their first word: most texts name no
    organisation, and a set look-up per word tells so (instead of one search per way of writing
    each name)."""

    def __init__(self, patterns: Sequence[NamePattern]):
        super().__init__(patterns)
        self.by_stem: dict[str, list[NamePattern]] = {}
        for p in patterns:
            words = _WORD.findall(p.variant.name)
            self.by_stem.setdefault(_first_stem(words[0]), []).append(p)

    def candidates(self, text: str) -> list[NamePattern]:
        seen: dict[int, NamePattern] = {}
        for word in _WORD.findall(text):
            for p in self.by_stem.get(_first_stem(word), ()):
                seen[id(p)] = p
        return list(seen.values())


def name_patterns(named: Sequence[tuple[str, Sequence[NameVariant]]]) -> NamePatterns:
    """One pattern per way of writing a name. A strict name counts only written exactly as given,
    capitals included (it is also an everyday phrase); a cased one may inflect but keeps its capitals."""
    out = []
    for slug, variants in named:
        for v in variants:
            words = _WORD.findall(v.name)
            if not words:
                continue
            if v.strict:
                body = r"[\s\-–—]+".join(re.escape(w) for w in words)
                regex = re.compile(rf"(?<!\w){body}(?!\w)")
            elif v.cased:
                body = r"[\s\-–—]+".join(re.escape(w[:max(4, len(w) - 2)] if len(w) >= 5 else w) + r"\w{0,6}"
                                         for w in words)
                regex = re.compile(rf"(?<!\w){body}(?!\w)")
            else:
                body = r"[\s\-–—]+".join(_word_regex(w) for w in words)
                regex = re.compile(rf"(?<![\w\-]){body}(?!\w)", re.IGNORECASE)
            out.append(NamePattern(slug, v, regex))
    return NamePatterns(out)


def find_names(text: str, patterns: Sequence[NamePattern]) -> list[tuple[str, Span]]:
    if isinstance(patterns, NamePatterns):
        patterns = patterns.candidates(text)
    found: set[tuple[str, Span]] = set()
    for p in patterns:
        for m in p.regex.finditer(text):
            found.add((p.slug, Span(m.start(), m.end(), text[m.start():m.end()])))
    return sorted(found, key=lambda f: (f[1].start, f[0]))


# --- running the rules ------------------------------------------------------------------------------

def _spans(rule: Rule, text: str, low: str) -> list[Span]:
    if rule.pattern is None:
        return []
    spans = []
    for m in rule.pattern.finditer(low):
        start, end = m.span()
        while start < end and not low[start].isalnum():  # the pattern's leading punctuation
            start += 1
        if start >= end:
            continue
        if rule.unless is not None:
            window = low[max(0, start - rule.window):end + rule.window]
            if rule.unless.search(window):
                continue
        spans.append(Span(start, end, text[start:end]))
    return spans


def _inside_quotes(spans: Sequence[Span], text: str) -> bool:
    quoted = [m.span() for m in _QUOTES.finditer(text)]
    return bool(spans) and all(any(a < s.start and s.end < b for a, b in quoted) for s in spans)


def run(text: str, patterns: Sequence[NamePattern]) -> RuleResult:
    """All rules on a normalised text (spans refer to it)."""
    low = lowered(text)
    scripts = {"cyrillic": bool(_CYRILLIC.search(low)), "latin": bool(_LATIN.search(low))}
    names = find_names(text, patterns)
    fired: list[Fired] = []
    counters: list[Fired] = []
    amplifiers: list[Rule] = []
    for rule in rules():
        if rule.requires == "category":
            amplifiers.append(rule)
            continue
        if rule.organisations:
            if names:
                slugs = tuple(dict.fromkeys(n for n, _ in names))
                fired.append(Fired(rule.id, rule.category, rule.weight, rule.description,
                                   tuple(s for _, s in names), organisations=slugs))
            continue
        if rule.requires == "org" and not names:
            continue
        if not scripts.get(_SCRIPT_OF_LANG.get(rule.lang, ""), True):
            continue  # a Kazakh or Russian pattern cannot match a text without Cyrillic letters
        spans = _spans(rule, text, low)
        if not spans:
            continue
        if rule.category == COUNTER:
            counters.append(Fired(rule.id, rule.kind or COUNTER, rule.weight, rule.description, tuple(spans)))
            continue
        quoted = _inside_quotes(spans, text)
        weight = rule.weight * (QUOTED_FACTOR if quoted else 1.0)
        fired.append(Fired(rule.id, rule.category, weight, rule.description, tuple(spans), quoted))
    for rule in amplifiers:
        if any(f.category == rule.category and not f.quoted for f in fired):
            spans = _spans(rule, text, low)
            if spans:
                fired.append(Fired(rule.id, rule.category, rule.weight, rule.description, tuple(spans)))
    per_category: dict[str, float] = {}
    for f in fired:
        per_category[f.category] = noisy_or([per_category.get(f.category, 0.0), f.weight])
    return RuleResult(tuple(fired), tuple(counters), per_category, noisy_or(c.weight for c in counters))


def matches(rule: Rule, text: str) -> bool:
    """Whether the rule's own pattern (with its context) fires on a text: for the examples' tests."""
    from sarap.text.normalise import normalise

    normal = normalise(text)
    return bool(_spans(rule, normal, lowered(normal)))
