"""The lexicon baseline: our own word lists, matched through word families, with negation.

Each lexicon (src/sarap/text/data/sentiment/lexicon/{kk,ru,en}.tsv) lists a term, its polarity
(positive or negative), a weight (0.5 weak, 1 ordinary, 2 strong) and where the entry comes from.
A term is matched by family (family_key: «айыптаймыз», «айыптайды» meet «айыптау»), or, when it ends
in "*", by the beginning of the written form (for words the stemmer cuts too short); a term of
several words is a phrase matched word by word («зардап шек»).

Negation turns an entry's polarity round. It is found within the entry's clause (punctuation ends
a clause): a negator up to WINDOW_BEFORE words before (ru «не», «нет», «ни»; en not, no, never,
n't), or up to WINDOW_AFTER words after (kk «емес», «жоқ»; ru «нет» as in «угрозы нет»), or inside
a Kazakh verb (-ма/-ме/-ба/-бе/-па/-пе: «сенбеймін» is «сену» negated). A "*" term matches the
written form, so it keeps the negation it spells («жол берілмей*» is negative as it stands).

The text's total is the sum of the signed weights; it is positive or negative from THRESHOLD on,
else neutral, and its score is total / sqrt(total² + ALPHA), in (-1, 1), as VADER normalises.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sarap.core.errors import InvalidInput, Problem
from sarap.text.families import family_key
from sarap.text.sentiment.labels import LANGUAGES, SHIPPED_DIR, check_lang
from sarap.text.sentiment.prepare import Prepared, Word

LEXICON_DIR = SHIPPED_DIR / "lexicon"
COLUMNS = ("term", "polarity", "weight", "origin")
THRESHOLD = 1.0
ALPHA = 4.0
WINDOW_BEFORE = 3
WINDOW_AFTER = 2
NEGATORS_BEFORE = {"kk": frozenset(), "ru": frozenset({"не", "нет", "ни"}),
                   "en": frozenset({"not", "no", "never", "t", "nobody", "nothing", "none"})}
NEGATORS_AFTER = {"kk": frozenset({"емес", "жоқ"}), "ru": frozenset({"нет"}), "en": frozenset()}


@dataclass(frozen=True)
class Entry:
    term: str
    polarity: int  # +1 or -1
    weight: float
    origin: str
    parts: tuple[tuple[str, bool], ...]  # per word: (family key, or form prefix, is it a prefix)
    line: int


@dataclass(frozen=True)
class Match:
    """One lexicon entry found in a text: the words, the entry, and what it added to the total."""

    words: str
    start: int
    end: int
    term: str
    polarity: str
    weight: float
    negated_by: str | None
    contribution: float
    origin: str

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class LexiconResult:
    label: str
    score: float
    total: float
    matches: tuple[Match, ...]


def lexicon_path(lang: str) -> Path:
    return LEXICON_DIR / f"{lang}.tsv"


def _entry(path: Path, number: int, row: list[str], lang: str) -> tuple[Entry | None, list[Problem]]:
    problems = []
    if len(row) != len(COLUMNS):
        return None, [Problem(f"{len(row)} columns", file=str(path), row=number,
                              expected="term, polarity, weight, origin separated by tabs")]
    term, polarity, weight_text, origin = (c.strip() for c in row)
    if polarity not in ("positive", "negative"):
        problems.append(Problem("unknown polarity", file=str(path), row=number, column="polarity",
                                value=polarity, expected="positive or negative"))
    try:
        weight = float(weight_text)
        if not 0 < weight <= 3:
            raise ValueError
    except ValueError:
        problems.append(Problem("bad weight", file=str(path), row=number, column="weight", value=weight_text,
                                expected="a number above 0 and at most 3"))
        weight = 0.0
    if not origin:
        problems.append(Problem("every entry needs its origin", file=str(path), row=number, column="origin"))
    parts = tuple((w[:-1], True) if w.endswith("*") else (family_key(w, lang), False)
                  for w in term.lower().split())
    if not parts or any(not p for p, _ in parts):
        problems.append(Problem("empty term", file=str(path), row=number, column="term", value=term))
    if problems:
        return None, problems
    return Entry(term, 1 if polarity == "positive" else -1, weight, origin, parts, number), []


@lru_cache(maxsize=8)
def load(lang: str, path: Path | None = None) -> tuple[Entry, ...]:
    """The entries of one language's lexicon, longest phrases first (so they win over their words)."""
    path = path or lexicon_path(check_lang(lang))
    if not path.is_file():
        raise InvalidInput([Problem("no such file", file=str(path))])
    entries, problems = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or tuple(header) != COLUMNS:
            raise InvalidInput([Problem("wrong header", file=str(path), row=1, value="\t".join(header or []),
                                        expected="\t".join(COLUMNS))])
        seen: dict[tuple[tuple[str, bool], ...], Entry] = {}
        for number, row in enumerate(reader, start=2):
            if not row or row[0].startswith("#"):
                continue
            entry, found = _entry(path, number, row, lang)
            problems += found
            if entry and entry.parts in seen:  # it could never match: the first one always would
                first = seen[entry.parts]
                problems.append(Problem(f"same family as {first.term!r} on line {first.line}", file=str(path),
                                        row=number, column="term", value=entry.term,
                                        expected="one entry per family"))
            elif entry:
                seen[entry.parts] = entry
                entries.append(entry)
    if problems:
        raise InvalidInput(problems)
    return tuple(sorted(entries, key=lambda e: -len(e.parts)))


def _fits(word: Word, part: tuple[str, bool]) -> bool:
    text, is_prefix = part
    return word.lower.startswith(text) if is_prefix else text in word.keys


def _negator(words: tuple[Word, ...], first: int, entry: Entry, lang: str) -> str | None:
    """The word that negates the entry found at words[first:], if any (see the module docstring). A
    word matched by its written form (a "*" term) keeps the negation it spells."""
    last = first + len(entry.parts) - 1
    clause = words[first].clause
    for w, (_, is_prefix) in zip(words[first:last + 1], entry.parts, strict=True):
        if w.negated and not is_prefix:
            return w.text
    for w in words[max(0, first - WINDOW_BEFORE):first]:
        if w.clause == clause and w.lower in NEGATORS_BEFORE[lang]:
            return w.text
    for w in words[last + 1:last + 1 + WINDOW_AFTER]:
        if w.clause == clause and w.lower in NEGATORS_AFTER[lang]:
            return w.text
    return None


Index = tuple[dict[str, tuple[Entry, ...]], tuple[Entry, ...]]


def _index(entries: tuple[Entry, ...]) -> Index:
    """Entries by the family key of their first word, and those whose first word is a prefix; both
    keep the longest-first order. Saves trying every entry at every word of a large batch."""
    by_key: dict[str, list[Entry]] = {}
    for entry in entries:
        first, is_prefix = entry.parts[0]
        if not is_prefix:
            by_key.setdefault(first, []).append(entry)
    return ({k: tuple(v) for k, v in by_key.items()}, tuple(e for e in entries if e.parts[0][1]))


@lru_cache(maxsize=8)
def _shipped_index(lang: str) -> Index:
    return _index(load(lang))


def _candidates(word: Word, index: Index) -> list[Entry]:
    by_key, prefixed = index
    found = [e for key in word.keys for e in by_key.get(key, ())]
    found += [e for e in prefixed if word.lower.startswith(e.parts[0][0])]
    return sorted(found, key=lambda e: -len(e.parts))


def _matches(prepared: Prepared, index: Index) -> list[Match]:
    words, lang = prepared.words, prepared.lang
    used: set[int] = set()
    found = []
    for i in range(len(words)):
        if i in used:
            continue
        for entry in _candidates(words[i], index):
            n = len(entry.parts)
            span = range(i, i + n)
            if i + n > len(words) or used.intersection(span):
                continue
            if not all(_fits(words[j], part) for j, part in zip(span, entry.parts, strict=True)):
                continue
            negator = _negator(words, i, entry, lang)
            sign = -1 if negator else 1
            start, end = words[i].start, words[i + n - 1].end
            found.append(Match(prepared.text[start:end], start, end, entry.term,
                               "positive" if entry.polarity > 0 else "negative", entry.weight, negator,
                               sign * entry.polarity * entry.weight, entry.origin))
            used.update(span)
            break
    return found


def label_of(total: float, threshold: float = THRESHOLD) -> str:
    if total >= threshold:
        return "positive"
    if total <= -threshold:
        return "negative"
    return "neutral"


def score(prepared: Prepared, threshold: float = THRESHOLD) -> LexiconResult:
    """The lexicon's verdict on one prepared text of a language with a lexicon (kk, ru, en)."""
    if prepared.lang not in LANGUAGES:
        raise ValueError(f"no lexicon for language {prepared.lang!r}")
    matches = _matches(prepared, _shipped_index(prepared.lang))
    total = sum(m.contribution for m in matches)
    return LexiconResult(label_of(total, threshold), round(total / math.sqrt(total * total + ALPHA), 4),
                         total, tuple(matches))
