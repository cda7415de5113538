"""Search in kk, ru and en through word families, with "exact phrases", prefix*, NEAR/n, AND, OR,
NOT and parentheses (the project's one query language, sarap.text.query: docs/query-language.md),
metadata filters, and snippets whose hits are marked; one result per structural unit.

A query is parsed once. Its words become a boolean query over the units' family keys, which the
database answers (FTS5 or PostgreSQL) to pick candidate units; text.query's matcher then decides
on each candidate (phrases, NEAR, prefixes) and gives the spans to highlight. Everything after the
database runs here in Python, so both databases return the same results in the same order.

A hyphenated compound in a query means the compound's family («оқу-жаттығулар»), not every word
sharing one of its parts («оқ-дәрі»); a part still finds the compound («қимыл» finds «іс-қимыл»).
"""

from __future__ import annotations

import html
from bisect import bisect_right
from dataclasses import dataclass

from sqlalchemy import select, true
from sqlalchemy.orm import Session, defer

from sarap.auth.models import User
from sarap.core import audit
from sarap.core.errors import InvalidInput, Problem
from sarap.library import index, store, terms
from sarap.library.models import LibraryDocument, LibraryUnit
from sarap.text import query as tq
from sarap.text.pipeline import Analysed, AnalysedToken

SNIPPET_BEFORE = 12  # words of context before the first hit
SNIPPET_WORDS = 36  # words in a snippet
MAX_HITS = 1000  # units a search returns at most, before any paging


@dataclass(frozen=True)
class Query:
    text: str
    root: tq.Node
    prefilter: index.KeyNode | None  # None: the keys cannot narrow it (every unit is a candidate)


def parse_query(text: str) -> Query:
    """A parsed query; tq.QuerySyntaxError (column and caret) when it does not parse, InvalidInput
    when it only excludes (every unit of the library would be a result)."""
    root = tq.parse(text)
    if not _positive(root):
        raise InvalidInput([Problem("nothing to search for", column="query", value=text,
                                    expected="at least one word or \"phrase\" that is not under NOT")])
    return Query(text, root, _prefilter(root)[0])


def _positive(node: tq.Node) -> bool:
    """Whether the query asks for something rather than only excluding."""
    if isinstance(node, tq.Not):
        return False
    if isinstance(node, tq.And):
        return any(_positive(i) for i in node.items)
    if isinstance(node, tq.Or):
        return all(_positive(i) for i in node.items)
    return True


# -- the database's part: which units can match ---------------------------------------------------

def _word_keys(words: tuple[str, ...]) -> list[index.KeyNode]:
    return [index.Keys(keys) for w in words if (keys := terms.keys_for_query(w))]


def _prefilter(node: tq.Node) -> tuple[index.KeyNode | None, bool]:
    """A key query selecting every unit the node can match (None: no narrowing), and whether it
    selects exactly those units (only then may it be negated)."""
    if isinstance(node, tq.Word):
        keys = terms.keys_for_query(node.text)
        return (index.Keys(keys), True) if keys else (None, False)
    if isinstance(node, tq.Phrase):
        parts = _word_keys(node.words)
        return (index.AllOf(tuple(parts)) if parts else None), False
    if isinstance(node, tq.Near):
        sides = [n for n in (_prefilter(node.left)[0], _prefilter(node.right)[0]) if n is not None]
        return (index.AllOf(tuple(sides)) if sides else None), False
    if isinstance(node, tq.Prefix | tq.Not):
        return None, False  # a prefix of a word form is no prefix of its key; NOT alone: see And
    if isinstance(node, tq.Or):
        found = [_prefilter(i) for i in node.items]
        if any(n is None for n, _ in found):
            return None, False
        return index.AnyOf(tuple(n for n, _ in found if n is not None)), all(e for _, e in found)
    return _and_prefilter(node)


def _and_prefilter(node: tq.And) -> tuple[index.KeyNode | None, bool]:
    kept: list[index.KeyNode] = []
    dropped: list[index.KeyNode] = []
    exact = True
    for item in node.items:
        inner, inner_exact = _prefilter(item.item if isinstance(item, tq.Not) else item)
        if isinstance(item, tq.Not) and inner is not None and inner_exact:
            dropped.append(inner)
        elif inner is not None and not isinstance(item, tq.Not):
            kept.append(inner)
            exact = exact and inner_exact
        else:
            exact = False
    if not kept:
        return None, False
    result: index.KeyNode = kept[0] if len(kept) == 1 else index.AllOf(tuple(kept))
    for drop in dropped:
        result = index.Without(result, drop)
    return result, exact


# -- Python's part: text.query's matcher on each candidate ------------------------------------------

Span = tuple[int, int]  # character offsets [start, end) in the unit's text


def _term_spans(node: tq.Node, doc: Analysed) -> tuple[bool, list[Span]]:
    found = tq.match(node, doc)
    return found.matched, [(h.start, h.end) for h in found.hits]


def _evaluate(node: tq.Node, doc: Analysed) -> tuple[bool, list[Span]]:
    """Whether the unit matches and the spans to mark (never those of terms under NOT)."""
    if isinstance(node, tq.Not):
        return not _evaluate(node.item, doc)[0], []
    if isinstance(node, tq.And | tq.Or):
        results = [_evaluate(i, doc) for i in node.items]
        ok = all(r[0] for r in results) if isinstance(node, tq.And) else any(r[0] for r in results)
        return ok, [s for matched, spans in results if matched for s in spans] if ok else []
    return _term_spans(node, doc)


def unit_analysed(unit: LibraryUnit, lang: str) -> Analysed:
    """A unit's text for the matcher; the title unit's lines each in their own language."""
    if unit.kind != "title":
        return terms.analysed(unit.text, lang)
    tokens: list[AnalysedToken] = []
    offset = 0
    for line, line_lang in zip(unit.text.split("\n"), (unit.heading or "").split(), strict=False):
        tokens.extend(terms.analysed(line, line_lang, offset).tokens)
        offset += len(line) + 1
    return Analysed(unit.text, lang, 1.0, tuple(tokens))


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
        """The snippet as HTML: every piece escaped first, then the hits wrapped in <mark>."""
        return "".join(f"<mark>{html.escape(s.text)}</mark>" if s.hit else html.escape(s.text)
                       for s in self.snippet)

    def snippet_text(self, before: str = "[", after: str = "]") -> str:
        return "".join(f"{before}{s.text}{after}" if s.hit else s.text for s in self.snippet)

    def to_dict(self) -> dict[str, object]:
        return {"document": self.document, "title": self.title, "kind": self.kind, "adopted": self.adopted,
                "unit": self.unit, "lines": [self.first_line, self.last_line], "hits": self.hits,
                "forms": self.forms, "snippet": self.snippet_text()}


def _merged(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def snippet(text: str, tokens: tuple[AnalysedToken, ...], marked: list[Span]) -> list[Segment]:
    """A window of the text around the first hit, hits marked, cut at word boundaries."""
    if not tokens:
        return [Segment(text)]
    marked = _merged(marked)
    first = bisect_right([t.start for t in tokens], marked[0][0]) - 1 if marked else 0
    lo = max(0, first - SNIPPET_BEFORE)
    hi = min(len(tokens), lo + SNIPPET_WORDS)
    start, end = tokens[lo].start, tokens[hi - 1].end
    segments = [Segment("… ")] if lo > 0 else []
    pos = start
    for i, j in marked:
        if i < start or j > end:
            continue
        segments.append(Segment(text[pos:i].replace("\n", " ")))
        segments.append(Segment(text[i:j].replace("\n", " "), hit=True))
        pos = j
    segments.append(Segment(text[pos:end].replace("\n", " ")))
    if hi < len(tokens):
        segments.append(Segment(" …"))
    return [s for s in segments if s.text]


def _match_unit(query: Query, unit: LibraryUnit, lang: str) -> tuple[int, list[str], list[Segment]] | None:
    doc = unit_analysed(unit, lang)
    matched, spans = _evaluate(query.root, doc)
    if not matched:
        return None  # e.g. a phrase whose families the keys allowed but whose exact forms are not there
    marked = sorted(set(spans))
    forms = sorted({" ".join(unit.text[i:j].lower().split()) for i, j in marked})
    return len(marked), forms, snippet(unit.text, doc.tokens, marked)


def search(session: Session, text: str, *, where: store.DocumentFilter | None = None,
           user: User | None = None, check_access: bool = False, limit: int = 50,
           document: str | None = None, title_lang: str | None = None) -> list[Hit]:
    """Units matching the query, most hits first (then by document date and unit order). With
    check_access, only documents the user may read, and the restricted ones shown are audited.
    Titles are given in `title_lang` (else the filter's language, else Kazakh) where they exist."""
    where = where or store.DocumentFilter()
    query = parse_query(text)
    narrowed = index.matching(session, query.prefilter) if query.prefilter is not None else true()
    stmt = (select(LibraryUnit, LibraryDocument)
            .join(LibraryDocument, LibraryUnit.document_id == LibraryDocument.id)
            .options(defer(LibraryDocument.text))  # a whole dissertation per row otherwise
            .where(narrowed, LibraryUnit.indexed.is_(True)))
    if check_access:
        stmt = stmt.where(store.readable(user))
    if document:
        wanted = store.find(session, document, user, check_access=check_access)
        stmt = stmt.where(LibraryDocument.id == wanted.id)
    stmt = where.apply(stmt)
    found: list[tuple[tuple[object, ...], Hit, LibraryDocument]] = []
    for unit, doc in session.execute(stmt):
        matched = _match_unit(query, unit, doc.language)
        if matched is None:
            continue
        count, forms, segments = matched
        hit = Hit(doc.slug, doc.name(title_lang or where.language or "kk"), doc.kind,
                  doc.adopted.isoformat() if doc.adopted else None, unit.key, unit.first_line,
                  unit.last_line, count, forms, segments)
        order = (-count, doc.adopted is None, doc.adopted.isoformat() if doc.adopted else "", doc.slug,
                 unit.position)
        found.append((order, hit, doc))
    found.sort(key=lambda triple: triple[0])
    shown = found[:limit]
    restricted = sorted({doc.slug for _, _, doc in shown if doc.access_level == "restricted"})
    if check_access and user is not None and restricted:
        audit.record(session, actor=user.username, action="library.search", entity="library_document",
                     detail={"query": text, "restricted": restricted})
    return [hit for _, hit, _ in shown]
