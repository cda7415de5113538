"""Curated rules (data/rules.yaml) and names of listed organisations, run on a text from sarap.text.

Every rule that fires reports the spans it matched, so a reviewer sees why an item was flagged.
Counter-signals (condemning, reporting, courts, prevention) are rules too; scoring.py lowers the
score by them. Matches inside quotation marks count less: quoting a recruiter is not recruiting.
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
from sarap.text import families, query, tokens
from sarap.text.pipeline import Analysed, AnalysedToken

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"
COUNTER = "counter"
QUOTED_FACTOR = 0.3
# «…», "…", “…”, and '…' when the quote marks are not apostrophes inside a word (let's).
_QUOTES = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]|(?<!\w)'[^']+'(?!\w)")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    lang: str
    weight: float
    description: str
    query: query.Node | None = None
    pattern: re.Pattern[str] | None = None
    requires: str | None = None  # "org" or "category"
    organisations: bool = False
    kind: str | None = None  # for counter-signals: condemn, report, court, prevention, reported_speech


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


def _rule(raw: dict[str, Any]) -> Rule:
    return Rule(id=raw["id"], category=raw["category"], lang=raw.get("lang", "any"),
                weight=float(raw["weight"]),
                description=str(raw.get("description", "")),
                query=query.parse(raw["query"]) if raw.get("query") else None,
                pattern=re.compile(raw["pattern"], re.IGNORECASE) if raw.get("pattern") else None,
                requires=raw.get("requires"), organisations=bool(raw.get("organisations")),
                kind=raw.get("kind"))


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


# --- organisation names -----------------------------------------------------------------------------

def _main_keys(word: str, text_lang: str) -> set[str]:
    """The whole-word family keys (not the parts of a hyphenated word: «әл» must not match «Әл-Каеда»)."""
    return {families.family_key(word, lang) for lang in families.word_languages(word, text_lang)} | {word}


@dataclass(frozen=True)
class NamePattern:
    slug: str
    variant: NameVariant
    words: tuple[tuple[set[str], str], ...]  # per word: its family keys, its form as written


def name_patterns(named: Sequence[tuple[str, Sequence[NameVariant]]]) -> list[NamePattern]:
    out = []
    for slug, variants in named:
        for v in variants:
            words = [t for t in tokens.tokenise(v.name) if t.kind == tokens.WORD]
            if words:
                words_keys = tuple((_main_keys(t.lower, "unknown"), t.text) for t in words)
                out.append(NamePattern(slug, v, words_keys))
    return out


def _word_tokens(analysed: Analysed) -> list[AnalysedToken]:
    return [t for t in analysed.tokens if t.kind in (tokens.WORD, tokens.HASHTAG)]


def _same_word(token: AnalysedToken, keys: set[str], word: tuple[set[str], str], strict: bool) -> bool:
    """Any form of the word's family; for a strict name, exactly the form and capitalisation given."""
    if strict:
        written = word[1]
        return token.text.lower() == written.lower() and token.text[:1].isupper() == written[:1].isupper()
    return bool(keys & word[0])


def find_names(analysed: Analysed, patterns: Sequence[NamePattern]) -> list[tuple[str, Span]]:
    words = _word_tokens(analysed)
    keys = [_main_keys(t.lower.lstrip("#"), analysed.lang) for t in words]
    found: list[tuple[str, Span]] = []
    for p in patterns:
        n = len(p.words)
        for i in range(len(words) - n + 1):
            if all(_same_word(words[i + k], keys[i + k], p.words[k], p.variant.strict) for k in range(n)):
                start, end = words[i].start, words[i + n - 1].end
                found.append((p.slug, Span(start, end, analysed.text[start:end])))
    return sorted(set(found), key=lambda f: (f[1].start, f[0]))


# --- running the rules ------------------------------------------------------------------------------

def _spans(rule: Rule, analysed: Analysed) -> list[Span]:
    text = analysed.text
    if rule.pattern is not None:
        spans = []
        for m in rule.pattern.finditer(text):
            start, end = m.span()
            while start < end and not text[start].isalnum():  # the pattern's leading punctuation
                start += 1
            if start < end:
                spans.append(Span(start, end, text[start:end]))
        return spans
    if rule.query is not None:
        found = query.match(rule.query, analysed)
        if not found.matched:
            return []
        return list(dict.fromkeys(Span(h.start, h.end, text[h.start:h.end]) for h in found.hits))
    return []


def _inside_quotes(spans: Sequence[Span], text: str) -> bool:
    quoted = [m.span() for m in _QUOTES.finditer(text)]
    return bool(spans) and all(any(a < s.start and s.end < b for a, b in quoted) for s in spans)


def run(analysed: Analysed, patterns: Sequence[NamePattern]) -> RuleResult:
    names = find_names(analysed, patterns)
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
        spans = _spans(rule, analysed)
        if not spans:
            continue
        if rule.category == COUNTER:
            counters.append(Fired(rule.id, rule.kind or COUNTER, rule.weight, rule.description, tuple(spans)))
            continue
        quoted = _inside_quotes(spans, analysed.text)
        weight = rule.weight * (QUOTED_FACTOR if quoted else 1.0)
        fired.append(Fired(rule.id, rule.category, weight, rule.description, tuple(spans), quoted))
    for rule in amplifiers:
        if any(f.category == rule.category and not f.quoted for f in fired):
            spans = _spans(rule, analysed)
            if spans:
                fired.append(Fired(rule.id, rule.category, rule.weight, rule.description, tuple(spans)))
    per_category: dict[str, float] = {}
    for f in fired:
        per_category[f.category] = noisy_or([per_category.get(f.category, 0.0), f.weight])
    return RuleResult(tuple(fired), tuple(counters), per_category, noisy_or(c.weight for c in counters))
