"""Search in kk, ru and en through word families, with "exact phrases", metadata filters, and
snippets whose hits are marked; one result per structural unit (an item, a paragraph, a title).

The query: words (each stands for its family: «терроризм» finds терроризмге, террористік …),
"quoted phrases" (these exact forms, in this order), `a OR b`, and `-word` or `NOT word` to exclude.
All other words must occur (AND). The database (FTS5 or PostgreSQL) picks the units that hold the
families; phrases, hit counts and snippets are then worked out here in Python, so both databases
return the same results in the same order.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.auth.models import User
from sarap.core.errors import InvalidInput, Problem
from sarap.library import index, store, terms
from sarap.library.models import LibraryDocument, LibraryUnit

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
SNIPPET_BEFORE = 12  # words of context before the first hit
SNIPPET_WORDS = 36  # words in a snippet


@dataclass(frozen=True)
class Term:
    text: str
    keys: frozenset[str] = frozenset()  # a word family
    phrase: tuple[str, ...] = ()  # exact lower-cased forms, in order
    phrase_keys: tuple[frozenset[str], ...] = ()


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=list)  # AND of ORs
    excluded: list[Term] = field(default_factory=list)

    def key_query(self) -> index.KeyQuery:
        def clause(term: Term) -> index.KeyClause:
            return index.KeyClause(any_of=term.keys, together=term.phrase_keys)

        return index.KeyQuery(tuple(tuple(clause(t) for t in group) for group in self.groups),
                              tuple(clause(t) for t in self.excluded))

    def terms(self) -> list[Term]:
        return [t for group in self.groups for t in group]


def _word_terms(raw: str, langs: str | None) -> list[Term]:
    found = terms.words(terms.clean(raw), "kk")
    return [Term(w.lower, keys=terms.keys_for_query(w.lower, langs)) for w in found]


def _phrase_term(raw: str, langs: str | None) -> Term | None:
    found = terms.words(terms.clean(raw), "kk")
    if not found:
        return None
    forms = tuple(w.lower for w in found)
    return Term(raw, phrase=forms, phrase_keys=tuple(terms.keys_for_query(f, langs) for f in forms))


def parse_query(text: str, lang: str | None = None) -> Query:
    """Parses a query; a language narrows the families to that language's."""
    langs = lang or None
    query = Query()
    join_next, negate_next = False, False
    for match in _TOKEN.finditer(text):
        phrase, word = match.group(1), match.group(2)
        if word in ("OR", "НЕМЕСЕ", "ИЛИ"):
            join_next = bool(query.groups)
            continue
        if word in ("NOT", "ЕМЕС", "НЕ"):
            negate_next = True
            continue
        negated = negate_next or bool(word and word.startswith("-") and len(word) > 1)
        negate_next = False
        if phrase is not None:
            found = [t] if (t := _phrase_term(phrase, langs)) else []
        else:
            found = _word_terms(word.lstrip("-") if negated else word, langs)
        if negated:
            query.excluded.extend(found)
        elif found and join_next:
            query.groups[-1].extend(found[:1])
            query.groups.extend([t] for t in found[1:])
        else:
            query.groups.extend([t] for t in found)
        join_next = False
    if not query.groups:
        raise InvalidInput([Problem("nothing to search for", column="query", value=text,
                                    expected="at least one word or \"phrase\" that is not excluded")])
    return query


# -- matching inside a unit ----------------------------------------------------------------------

def _spans(term: Term, words: list[terms.Word]) -> list[tuple[int, int]]:
    """Word index ranges [i, j) where the term occurs."""
    if term.phrase:
        n = len(term.phrase)
        return [(i, i + n) for i in range(len(words) - n + 1)
                if tuple(w.lower for w in words[i:i + n]) == term.phrase]
    return [(i, i + 1) for i, w in enumerate(words) if not term.keys.isdisjoint(w.keys)]


@dataclass
class Segment:
    text: str
    hit: bool = False


@dataclass
class Hit:
    document: str  # slug
    title: str
    kind: str
    adopted: str | None
    unit: str  # unit key: "item 10", "paragraph 5", "title"
    first_line: int | None
    last_line: int | None
    hits: int
    forms: list[str]
    snippet: list[Segment]

    def snippet_html(self) -> str:
        return "".join(f"<mark>{html.escape(s.text)}</mark>" if s.hit else html.escape(s.text)
                       for s in self.snippet)

    def snippet_text(self, before: str = "[", after: str = "]") -> str:
        return "".join(f"{before}{s.text}{after}" if s.hit else s.text for s in self.snippet)

    def to_dict(self) -> dict[str, object]:
        return {"document": self.document, "title": self.title, "kind": self.kind, "adopted": self.adopted,
                "unit": self.unit, "lines": [self.first_line, self.last_line], "hits": self.hits,
                "forms": self.forms, "snippet": self.snippet_text()}


def snippet(text: str, words: list[terms.Word], marked: list[tuple[int, int]]) -> list[Segment]:
    """A window of the text around the first hit, hits marked, cut at word boundaries."""
    if not words:
        return [Segment(text)]
    first = marked[0][0] if marked else 0
    lo = max(0, first - SNIPPET_BEFORE)
    hi = min(len(words), lo + SNIPPET_WORDS)
    start, end = words[lo].start, words[hi - 1].end
    segments = [Segment("… ")] if lo > 0 else []
    pos = start
    for i, j in marked:
        if i < lo or j > hi:
            continue
        segments.append(Segment(text[pos:words[i].start].replace("\n", " ")))
        segments.append(Segment(text[words[i].start:words[j - 1].end].replace("\n", " "), hit=True))
        pos = words[j - 1].end
    segments.append(Segment(text[pos:end].replace("\n", " ")))
    if hi < len(words):
        segments.append(Segment(" …"))
    return [s for s in segments if s.text]


def _match_unit(query: Query, unit: LibraryUnit, lang: str) -> tuple[int, list[str], list[Segment]] | None:
    words = store.unit_words(unit.kind, unit.text, unit.heading, lang)
    marked: list[tuple[int, int]] = []
    for group in query.groups:
        spans = [s for term in group for s in _spans(term, words)]
        if not spans:
            return None  # a phrase the keys allowed but the exact forms do not make
        marked.extend(spans)
    if any(_spans(term, words) for term in query.excluded):
        return None
    marked = sorted(set(marked))
    forms = sorted({" ".join(w.lower for w in words[i:j]) for i, j in marked})
    return len(marked), forms, snippet(unit.text, words, marked)


def search(session: Session, text: str, *, where: store.DocumentFilter | None = None,
           user: User | None = None, check_access: bool = False, limit: int = 50,
           document: str | None = None) -> list[Hit]:
    """Units matching the query, most hits first (then by document date and unit order)."""
    where = where or store.DocumentFilter()
    query = parse_query(text, where.language)
    stmt = (select(LibraryUnit, LibraryDocument)
            .join(LibraryDocument, LibraryUnit.document_id == LibraryDocument.id)
            .where(index.matching(session, query.key_query())))
    if check_access:
        stmt = stmt.where(store.readable(user))
    if document:
        wanted = store.get(session, document, user, check_access=check_access)
        stmt = stmt.where(LibraryDocument.id == wanted.id)
    stmt = where.apply(stmt)
    hits: list[tuple[tuple[object, ...], Hit]] = []
    for unit, doc in session.execute(stmt):
        found = _match_unit(query, unit, doc.language)
        if found is None:
            continue
        count, forms, segments = found
        hit = Hit(doc.slug, doc.name(where.language or "kk"), doc.kind,
                  doc.adopted.isoformat() if doc.adopted else None, unit.key, unit.first_line,
                  unit.last_line, count, forms, segments)
        order = (-count, doc.adopted is None, doc.adopted.isoformat() if doc.adopted else "", doc.slug,
                 unit.position)
        hits.append((order, hit))
    hits.sort(key=lambda pair: pair[0])
    return [hit for _, hit in hits[:limit]]
