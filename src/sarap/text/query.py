"""The topic query language: parse a query, print it back, and match it against analysed texts.

    терроризм AND (Қазақстан OR Kazakhstan) NOT "учения"
    террор* NEAR/3 шабуыл

- a bare word matches its word family (sarap.text.families): «терроризм» finds терроризмге,
  террористік, терроризма, террористы;
- "an exact phrase" matches those exact forms, in that order;
- `prefix*` matches any word that begins with the prefix (at least MIN_PREFIX letters);
- `a NEAR/n b` matches when a and b occur at most n words apart, in either order;
- AND (also implied between two terms), OR, NOT, parentheses. Precedence: NOT, NEAR, AND, OR.
  Operators are written in capitals; "and" in lower case is a word.

A query that does not parse raises QuerySyntaxError, whose message names the column and shows a
caret under it. The full description with examples is docs/query-language.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sarap.core.errors import SarapError
from sarap.text import families
from sarap.text.normalise import fix_cyrillic, nfc
from sarap.text.pipeline import Analysed, AnalysedToken
from sarap.text.tokens import HASHTAG, NUMBER, WORD

MIN_PREFIX = 2
KEYWORDS = ("AND", "OR", "NOT")
_MATCHABLE = (WORD, NUMBER, HASHTAG)


class QuerySyntaxError(SarapError):
    """A query that does not parse: where (1-based column) and what was expected."""

    def __init__(self, query: str, position: int, message: str):
        self.query = query
        self.position = position
        self.column = position + 1
        super().__init__(f"query, column {self.column}: {message}\n  {query}\n  {' ' * position}^")


# --- the syntax tree --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Near:
    left: Term
    right: Term
    distance: int


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Term = Word | Prefix | Phrase
Node = Word | Prefix | Phrase | Near | Not | And | Or


def make_and(items: Sequence[Node]) -> Node:
    """AND of the items, nested ANDs flattened; one item stays itself."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, And) else (item,))
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def make_or(items: Sequence[Node]) -> Node:
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, Or) else (item,))
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


# --- lexing -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Lexeme:
    kind: str  # "(", ")", "phrase", "near", "and", "or", "not", "word", "end"
    text: str
    pos: int


_NEAR = re.compile(r"NEAR/(\d+)")
_BARE = re.compile(r"[^\s()\"]+")


def _lex(query: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    i = 0
    while i < len(query):
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Lexeme(ch, ch, i))
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError(query, i, "this quote is never closed; expected a closing \"")
            out.append(_Lexeme("phrase", query[i + 1:end], i))
            i = end + 1
        else:
            match = _BARE.match(query, i)
            assert match is not None  # a non-space, non-paren, non-quote character starts a bare run
            text = match.group(0)
            if text in KEYWORDS:
                out.append(_Lexeme(text.lower(), text, i))
            elif text.startswith("NEAR"):
                near = _NEAR.fullmatch(text)
                if not near:
                    raise QuerySyntaxError(query, i, "expected NEAR/n with a number of words, e.g. NEAR/3")
                out.append(_Lexeme("near", near.group(1), i))
            else:
                out.append(_Lexeme("word", text, i))
            i = match.end()
    out.append(_Lexeme("end", "", len(query)))
    return out


# --- parsing ----------------------------------------------------------------------------------------

def _clean(word: str) -> str:
    return fix_cyrillic(nfc(word)).lower()


class _Parser:
    def __init__(self, query: str):
        self.query = query
        self.lexemes = _lex(query)
        self.i = 0

    def peek(self) -> _Lexeme:
        return self.lexemes[self.i]

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.i]
        self.i += 1
        return lexeme

    def fail(self, lexeme: _Lexeme, message: str) -> QuerySyntaxError:
        return QuerySyntaxError(self.query, lexeme.pos, message)

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise self.fail(self.peek(), "the query is empty; expected a word, a \"phrase\" or prefix*")
        node = self.parse_or()
        if self.peek().kind != "end":
            found = self.peek()
            raise self.fail(found, f"unexpected {found.text!r}" + ("; no ( to close" if found.kind == ")"
                                                                     else ""))
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.peek().kind == "or":
            self.take()
            items.append(self.parse_and())
        return make_or(items)

    def parse_and(self) -> Node:
        items = [self.parse_not()]
        while self.peek().kind in ("and", "not", "word", "phrase", "("):
            if self.peek().kind == "and":
                self.take()
            items.append(self.parse_not())
        return make_and(items)

    def parse_not(self) -> Node:
        if self.peek().kind == "not":
            self.take()
            return Not(self.parse_not())
        return self.parse_near()

    def parse_near(self) -> Node:
        start = self.peek()
        node = self.parse_primary()
        if self.peek().kind != "near":
            return node
        near = self.take()
        if not isinstance(node, Word | Prefix | Phrase):
            raise self.fail(start, "NEAR joins two words, prefixes or phrases, not a group")
        right_start = self.peek()
        right = self.parse_primary()
        if not isinstance(right, Word | Prefix | Phrase):
            raise self.fail(right_start, "NEAR joins two words, prefixes or phrases, not a group")
        if self.peek().kind == "near":
            raise self.fail(self.peek(), "one NEAR at a time; group with AND: a NEAR/2 b AND b NEAR/2 c")
        return Near(node, right, int(near.text))

    def parse_primary(self) -> Node:
        lexeme = self.take()
        if lexeme.kind == "(":
            if self.peek().kind == ")":
                raise self.fail(self.peek(), "empty parentheses; expected a query inside")
            node = self.parse_or()
            if self.peek().kind != ")":
                raise self.fail(self.peek(), f"expected ) to close the ( at column {lexeme.pos + 1}")
            self.take()
            return node
        if lexeme.kind == "phrase":
            words = tuple(_clean(w) for w in _PHRASE_WORDS.findall(lexeme.text))
            if not words:
                raise self.fail(lexeme, "empty phrase; expected words between the quotes")
            return Phrase(words)
        if lexeme.kind == "word":
            return self.word(lexeme)
        what = "the end of the query" if lexeme.kind == "end" else repr(lexeme.text)
        raise self.fail(lexeme, f"expected a word, a \"phrase\", prefix* or (, found {what}")

    def word(self, lexeme: _Lexeme) -> Node:
        text = lexeme.text
        if "*" in text[:-1]:
            raise self.fail(lexeme, "* is allowed only at the end of a word (prefix*)")
        if text.endswith("*"):
            prefix = _clean(text[:-1])
            if len(prefix) < MIN_PREFIX or not any(ch.isalnum() for ch in prefix):
                raise self.fail(lexeme, f"a prefix needs at least {MIN_PREFIX} letters before *")
            return Prefix(prefix)
        return Word(_clean(text))


_PHRASE_WORDS = re.compile(r"[^\s.,;:!?«»()\"]+")


MAX_QUERY_CHARS = 1000  # a topic or search query is a line, not a document
MAX_QUERY_TERMS = 64
MAX_QUERY_DEPTH = 16    # parentheses and NOTs inside one another


class QueryTooComplex(QuerySyntaxError):
    """A query over one of the limits that keep one query from taking the server's time."""


def _check_limits(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooComplex(query[:60] + "…", 0, f"the query has {len(query)} characters; "
                              f"the limit is {MAX_QUERY_CHARS} (MAX_QUERY_CHARS)")
    parens = nots = terms = 0
    for lexeme in _lex(query):
        parens += (lexeme.kind == "(") - (lexeme.kind == ")")
        nots = nots + 1 if lexeme.kind == "not" else nots if lexeme.kind == "(" else 0
        terms += lexeme.kind in ("word", "phrase")
        if parens + nots > MAX_QUERY_DEPTH:
            raise QueryTooComplex(query, lexeme.pos, f"the query nests more than {MAX_QUERY_DEPTH} "
                                  "levels of ( and NOT (MAX_QUERY_DEPTH)")
        if terms > MAX_QUERY_TERMS:
            raise QueryTooComplex(query, lexeme.pos, f"the query has more than {MAX_QUERY_TERMS} "
                                  "words and phrases (MAX_QUERY_TERMS)")


@lru_cache(maxsize=4096)
def parse(query: str) -> Node:
    """The syntax tree of a query; QuerySyntaxError (column and caret) when it does not parse,
    QueryTooComplex when it is longer or deeper than the limits above."""
    _check_limits(query)
    return _Parser(query).parse()


def to_text(node: Node) -> str:
    """The query written back; parse(to_text(q)) == q."""
    if isinstance(node, Word):
        return node.text
    if isinstance(node, Prefix):
        return node.text + "*"
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Near):
        return f"{to_text(node.left)} NEAR/{node.distance} {to_text(node.right)}"
    if isinstance(node, Not):
        inner = to_text(node.item)
        return f"NOT ({inner})" if isinstance(node.item, And | Or | Near) else f"NOT {inner}"
    if isinstance(node, And):
        return " AND ".join(f"({to_text(i)})" if isinstance(i, Or) else to_text(i) for i in node.items)
    return " OR ".join(to_text(i) for i in node.items)


# --- matching ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    """One matched term in one text: the term as written in the query and its character span."""

    term: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    matched: bool
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class _Doc:
    tokens: tuple[AnalysedToken, ...]  # the tokens a query can hit, in order


def _body(token: AnalysedToken) -> str:
    return token.lower[1:] if token.kind == HASHTAG else token.lower


def _term_spans(term: Term, doc: _Doc) -> list[tuple[int, int]]:
    """Token index spans [first, last] where the term occurs."""
    toks = doc.tokens
    if isinstance(term, Word):
        keys = set(families.query_keys(term.text))
        return [(i, i) for i, t in enumerate(toks)
                if (keys and keys.intersection(t.keys)) or _body(t) == term.text]
    if isinstance(term, Prefix):
        return [(i, i) for i, t in enumerate(toks) if _body(t).startswith(term.text)]
    n = len(term.words)
    return [(i, i + n - 1) for i in range(len(toks) - n + 1)
            if all(_body(toks[i + k]) == term.words[k] for k in range(n))]


def _hits(spans: Iterable[tuple[int, int]], term: Node, doc: _Doc) -> list[Hit]:
    label = to_text(term)
    return [Hit(label, doc.tokens[a].start, doc.tokens[b].end) for a, b in spans]


def _eval(node: Node, doc: _Doc) -> tuple[bool, list[Hit]]:
    if isinstance(node, Word | Prefix | Phrase):
        spans = _term_spans(node, doc)
        return bool(spans), _hits(spans, node, doc)
    if isinstance(node, Near):
        left, right = _term_spans(node.left, doc), _term_spans(node.right, doc)
        pairs = [(a, b) for a in left for b in right
                 if max(a[0], b[0]) - min(a[1], b[1]) <= node.distance and a != b]
        hits = _hits(dict.fromkeys(a for a, _ in pairs), node.left, doc)
        hits += _hits(dict.fromkeys(b for _, b in pairs), node.right, doc)
        return bool(pairs), hits
    if isinstance(node, Not):
        matched, _ = _eval(node.item, doc)
        return not matched, []
    results = [_eval(item, doc) for item in node.items]
    matched = all(r[0] for r in results) if isinstance(node, And) else any(r[0] for r in results)
    hits = [h for ok, hs in results if ok for h in hs] if matched else []
    return matched, hits


def _doc(analysed: Analysed) -> _Doc:
    return _Doc(tuple(t for t in analysed.tokens if t.kind in _MATCHABLE))


def match(query: str | Node, analysed: Analysed) -> Match:
    """Whether the text matches, and the terms that hit with their spans (in text order)."""
    node = parse(query) if isinstance(query, str) else query
    matched, hits = _eval(node, _doc(analysed))
    unique = sorted(dict.fromkeys(hits), key=lambda h: (h.start, h.end, h.term))
    return Match(matched, tuple(unique))


def matches(query: str | Node, analysed: Analysed) -> bool:
    return match(query, analysed).matched


def match_batch(query: str | Node, batch: Sequence[Analysed]) -> list[Match]:
    node = parse(query) if isinstance(query, str) else query
    return [match(node, a) for a in batch]


def matches_batch(query: str | Node, batch: Sequence[Analysed]) -> list[bool]:
    return [m.matched for m in match_batch(query, batch)]
