"""The one place where monitoring calls the shared text pipeline (sarap.text).

Everything else in sarap.monitor asks this module for: normalised text, the language of a batch, the
words and family keys of a text, and a compiled topic query. While the text package is being built,
two things are bridged here: family keys (a Russian word is lemmatised with pymorphy3, then every
Cyrillic word goes through the Kazakh stemmer, so «террористы» → «террорист» → «террор» meets Kazakh
«террористік» → «террор»), and a small query language (AND/OR/NOT, parentheses, "exact phrase",
prefix*). When sarap.text gains its own family keys and query language, switch them in here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sarap.core.errors import InvalidInput, Problem
from sarap.text import kazakh, language, normalise, tokens

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH = frozenset("әғқңөұүһі")
_ENGLISH_ENDINGS = ("isms", "ists", "ism", "ist", "ing", "ed", "es", "s")


@dataclass(frozen=True)
class Analysis:
    text: str  # normalised
    language: str  # kk, ru, en, mixed or unknown
    words: tuple[str, ...]  # lower-cased, in order
    keys: frozenset[str]  # family keys of the words


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _english_key(word: str) -> str:
    for ending in _ENGLISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=300_000)
def family_key(word: str) -> str:
    """One key for all forms of a word in kk, ru or en (see the module docstring)."""
    word = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(word):
        return _english_key(word)
    if not any(ch in _KAZAKH for ch in word):
        parse = _morph().parse(word)[0]
        if _morph().word_is_known(word):
            word = parse.normal_form.replace("ё", "е")
    return kazakh.stem(word)


def normalise_text(text: str) -> str:
    return normalise.normalise(text)


def words_of(text: str) -> list[str]:
    return tokens.words(text)


def analyse_batch(texts: Sequence[str]) -> list[Analysis]:
    """Normalise, identify the language and find the family keys of a batch of raw texts."""
    clean = normalise.normalise_batch(texts)
    guesses = language.identify_batch(clean)
    out = []
    for text, guess in zip(clean, guesses, strict=True):
        found = tuple(tokens.words(text))
        out.append(Analysis(text, guess.lang, found, frozenset(family_key(w) for w in found)))
    return out


# --- the fallback query language ----------------------------------------------------------------

_TOKEN = re.compile(r'\s*(?:(?P<lp>\()|(?P<rp>\))|"(?P<phrase>[^"]*)"|(?P<neg>-)(?=\S)|(?P<word>[^\s()"]+))')


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False

    def matches(self, words: Sequence[str], keys: frozenset[str]) -> bool:
        if self.prefix:
            return any(w.startswith(self.word) for w in words)
        return family_key(self.word) in keys

    def keys(self) -> set[str]:
        return set() if self.prefix else {family_key(self.word)}


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]

    def matches(self, words: Sequence[str], keys: frozenset[str]) -> bool:
        n = len(self.words)
        return any(tuple(words[i:i + n]) == self.words for i in range(len(words) - n + 1))

    def keys(self) -> set[str]:
        return {family_key(w) for w in self.words}


@dataclass(frozen=True)
class Not:
    inner: Node

    def matches(self, words: Sequence[str], keys: frozenset[str]) -> bool:
        return not self.inner.matches(words, keys)

    def keys(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class All:
    parts: tuple[Node, ...]

    def matches(self, words: Sequence[str], keys: frozenset[str]) -> bool:
        return all(p.matches(words, keys) for p in self.parts)

    def keys(self) -> set[str]:
        return set().union(*(p.keys() for p in self.parts))


@dataclass(frozen=True)
class Any_:
    parts: tuple[Node, ...]

    def matches(self, words: Sequence[str], keys: frozenset[str]) -> bool:
        return any(p.matches(words, keys) for p in self.parts)

    def keys(self) -> set[str]:
        return set().union(*(p.keys() for p in self.parts))


Node = Term | Phrase | Not | All | Any_


class _Parser:
    def __init__(self, query: str):
        self.query = query
        self.items: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(query):
            match = _TOKEN.match(query, pos)
            if match is None or match.end() == pos:
                if query[pos:].strip():
                    self._fail(pos, "an unclosed quote" if '"' in query[pos:] else "a word")
                break
            kind = match.lastgroup or "word"
            value = match.group(kind) or ""
            self.items.append((kind, value, match.start(kind)))
            pos = match.end()
        self.at = 0

    def _fail(self, pos: int, expected: str) -> None:
        raise InvalidInput([Problem(f"query syntax error at position {pos + 1}", column="query",
                                    value=self.query, expected=expected)])

    def _peek(self) -> tuple[str, str, int] | None:
        return self.items[self.at] if self.at < len(self.items) else None

    def _is_op(self, name: str) -> bool:
        item = self._peek()
        return item is not None and item[0] == "word" and item[1] == name

    def parse(self) -> Node:
        if not self.items:
            self._fail(0, "at least one word")
        node = self._or()
        if self._peek() is not None:
            self._fail(self.items[self.at][2], "AND, OR or the end of the query")
        return node

    def _or(self) -> Node:
        parts = [self._and()]
        while self._is_op("OR"):
            self.at += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Any_(tuple(parts))

    def _and(self) -> Node:
        parts = [self._not()]
        while (item := self._peek()) is not None and item[0] != "rp" and not self._is_op("OR"):
            if self._is_op("AND"):
                self.at += 1
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def _not(self) -> Node:
        item = self._peek()
        if item is not None and (item[0] == "neg" or (item[0] == "word" and item[1] == "NOT")):
            self.at += 1
            return Not(self._not())
        return self._atom()

    def _atom(self) -> Node:
        item = self._peek()
        end = len(self.query)
        if item is None:
            self._fail(end, "a word, a phrase or '('")
        assert item is not None
        kind, value, pos = item
        self.at += 1
        if kind == "lp":
            node = self._or()
            if self._peek() is None or self._peek()[0] != "rp":  # type: ignore[index]
                self._fail(self._peek()[2] if self._peek() else end, "')'")  # type: ignore[index]
            self.at += 1
            return node
        if kind == "phrase":
            found = tuple(tokens.words(normalise.normalise(value)))
            if not found:
                self._fail(pos, "words inside the quotes")
            return Phrase(found)
        if kind == "word" and value not in ("AND", "OR", "NOT"):
            prefix = value.endswith("*")
            word = normalise.normalise(value.rstrip("*")).lower()
            if prefix and len(word) < 3:
                self._fail(pos, "at least 3 letters before '*'")
            return Term(word, prefix)
        self._fail(pos, "a word, a phrase or '('")
        raise AssertionError  # unreachable


@dataclass(frozen=True)
class Query:
    text: str
    root: Node

    def matches(self, analysis: Analysis) -> bool:
        return self.root.matches(analysis.words, analysis.keys)

    def matches_stored(self, text: str, terms: str) -> bool:
        """For items already in the database (normalised text and family keys stored). The text is
        split into words again only for phrases and prefixes: family keys need only the keys."""
        found = tokens.words(text) if _needs_words(self.root) else ()
        return self.root.matches(found, frozenset(terms.split()))

    def keys(self) -> set[str]:
        """Family keys the query asks for (left out of co-occurring terms)."""
        return self.root.keys()


def _needs_words(node: Node) -> bool:
    if isinstance(node, Term):
        return node.prefix
    if isinstance(node, Phrase):
        return True
    if isinstance(node, Not):
        return _needs_words(node.inner)
    return any(_needs_words(p) for p in node.parts)


def compile_query(text: str) -> Query:
    """A topic query; an error names the position where it stops making sense."""
    return Query(text, _Parser(text).parse())
