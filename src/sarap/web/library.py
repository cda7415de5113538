"""Library pages: search over every document the visitor may read (results per structural unit with
the found words marked), a document's page (metadata, amendments, outline, text, adoption event)
and its content analysis (concept counts as a table and a bar chart served as a file, keyword in
context, CSV). Access is that of events: another agency's restricted document answers 404, and
reads of restricted ones are audited (by sarap.library.store and search).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.auth.access import can_read
from sarap.auth.models import User
from sarap.core import spreadsheet
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.events.models import Event
from sarap.library import analysis, concepts, search, store
from sarap.library.models import JURISDICTIONS, KINDS, LANGUAGES, STATUSES, LibraryDocument, LibraryUnit
from sarap.text.query import QuerySyntaxError
from sarap.web.i18n import t
from sarap.web.pages import render
from sarap.web.sessions import current_user

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20  # search results per page
UNITS_PER_PAGE = 300  # units of a long unstructured text (a dissertation) per document page
FILTERS = ("kind", "jurisdiction", "status", "language", "from", "to")
UNIT_WORDS = ("title", "front", "preamble", "chapter", "item", "paragraph", "line", "appendix")


def anchor(key: str) -> str:
    """The id of a unit on its document's page: "item 10 3)" → "unit-item-10-3"."""
    return "unit-" + "-".join(re.findall(r"\w+", key))


def unit_label(key: str, lang: str) -> str:
    """A unit key in the page's language: "item 10" → «тармақ 10»."""
    words = key.split()
    parts = [t(f"lib_unit_{w}", lang) if w in UNIT_WORDS else w for w in words]
    return " ".join(parts)


def _page(request: Request, template: str, user: User | None, status: int = 200, **context: Any
          ) -> HTMLResponse:
    lang = request.state.lang
    return render(request, f"library/{template}", user, status=status, anchor=anchor,
                  unit_label=lambda key: unit_label(key, lang),
                  kind_label=lambda k: t(f"lib_kind_{k}", lang),
                  status_label=lambda s: t(f"lib_status_{s}", lang),
                  change_label=lambda c: t("lib_change_" + c.replace(" ", "_"), lang),
                  lang_label=lambda code: t(f"lib_lang_{code}", lang), snippet_html=snippet_html, **context)


def _year(params: dict[str, str], name: str) -> int | None:
    value = params.get(name)
    if not value:
        return None
    if not value.isdigit() or not 1000 <= int(value) <= 2999:
        raise InvalidInput([Problem("not a year", column=name, value=value, expected="a year such as 2010")])
    return int(value)


def _filter(params: dict[str, str]) -> store.DocumentFilter:
    def pick(name: str, allowed: tuple[str, ...]) -> str | None:
        value = params.get(name) or None
        if value is not None and value not in allowed:
            raise InvalidInput([Problem(f"unknown {name}", column=name, value=value,
                                        expected="one of " + ", ".join(allowed))])
        return value

    return store.DocumentFilter(kind=pick("kind", KINDS), jurisdiction=pick("jurisdiction", JURISDICTIONS),
                                status=pick("status", STATUSES), language=pick("language", LANGUAGES),
                                year_from=_year(params, "from"), year_to=_year(params, "to"))


@router.get("/library", response_class=HTMLResponse)
def library_page(request: Request, page: int = 1) -> HTMLResponse:
    lang = request.state.lang
    params = {k: v.strip() for k, v in request.query_params.items() if k in (*FILTERS, "q") and v.strip()}
    page = max(page, 1)
    context: dict[str, Any] = {"params": params, "kinds": KINDS, "jurisdictions": JURISDICTIONS,
                               "statuses": STATUSES, "languages": LANGUAGES, "hits": [], "documents": [],
                               "query_error": None, "problems": [], "page": page, "pages": 1, "total": 0,
                               "query": urlencode(params)}
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        try:
            where = _filter(params)
            if params.get("q"):
                hits = search.search(session, params["q"], where=where, user=user, check_access=True,
                                     limit=search.MAX_HITS, title_lang=lang)
                context.update(total=len(hits), hits=hits[(page - 1) * PAGE_SIZE:page * PAGE_SIZE],
                               pages=max(1, -(-len(hits) // PAGE_SIZE)))
            else:
                context["documents"] = store.list_documents(session, where, user, check_access=True)
        except QuerySyntaxError as exc:
            message = str(exc).split("\n", 1)[0].split(": ", 1)[-1]
            context["query_error"] = {"column": exc.column, "message": message, "query": exc.query,
                                      "pad": " " * exc.position}
            return _page(request, "search.html", user, status=400, **context)
        except InvalidInput as exc:
            context["problems"] = [str(p) for p in exc.problems]
            return _page(request, "search.html", user, status=400, **context)
        return _page(request, "search.html", user, doc_name=lambda d: d.name(lang), **context)


# -- a document ---------------------------------------------------------------------------------------

@dataclass
class Node:
    """An entry of a document's outline: a unit and the units under it."""

    unit: LibraryUnit
    children: list[Node] = field(default_factory=list)


def outline(units: list[LibraryUnit]) -> list[Node]:
    """Chapters with their items, items with their sub-items, in the order of the text; the title
    entry (the titles in every language) is left out, being the page's heading."""
    top: list[Node] = []
    chapter: Node | None = None
    items: dict[str, Node] = {}
    for unit in units:
        node = Node(unit)
        if unit.kind == "title":
            continue
        if unit.kind == "subitem" and unit.parent_key in items:
            items[unit.parent_key].children.append(node)
            continue
        if unit.kind == "chapter":
            chapter = node
            top.append(node)
        elif unit.kind == "item" and chapter is not None and not unit.key.startswith("preamble"):
            chapter.children.append(node)
        else:
            top.append(node)
        if unit.kind == "item":
            items[unit.key] = node
    return top


def _readable_event(session: Session, doc: LibraryDocument, user: User | None) -> Event | None:
    event = session.get(Event, doc.event_id) if doc.event_id else None
    return event if event is not None and not event.deleted and can_read(user, event) else None


@router.get("/library/{slug}", response_class=HTMLResponse)
def document_page(request: Request, slug: str, page: int | None = None, unit: str | None = None
                  ) -> HTMLResponse:
    """`unit` (a unit key, as search results link) opens the page of a long text that holds it."""
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        doc = store.get(session, slug, user, check_access=True, purpose="page")
        body = [u for u in doc.units if u.kind not in ("title", "subitem")]
        structured = any(u.kind in ("chapter", "item") for u in body)
        pages = 1 if structured else max(1, -(-len(body) // UNITS_PER_PAGE))
        if page is None:
            at = next((i for i, u in enumerate(body) if u.key == unit), 0)
            page = at // UNITS_PER_PAGE + 1
        page = min(max(page, 1), pages)
        shown = body if structured else body[(page - 1) * UNITS_PER_PAGE:page * UNITS_PER_PAGE]
        versions = analysis.versions(session, doc) if doc.version_of_id or _has_versions(doc, session) else []
        return _page(request, "document.html", user, doc=doc, title=doc.name(request.state.lang),
                     outline=outline(doc.units) if structured else [], units=shown, page=page, pages=pages,
                     event=_readable_event(session, doc, user),
                     versions=[v for v in versions if store.can_read(user, v)])


def _has_versions(doc: LibraryDocument, session: Session) -> bool:
    return session.scalar(select(LibraryDocument.id).where(LibraryDocument.version_of_id == doc.id)
                          .limit(1)) is not None


# -- content analysis ---------------------------------------------------------------------------------

def _count(session: Session, request: Request, slug: str, purpose: str
           ) -> tuple[User | None, LibraryDocument, list[concepts.Concept], concepts.TextCount]:
    user = current_user(request, session)
    doc = store.get(session, slug, user, check_access=True, purpose=purpose)
    dictionary = concepts.load()
    return user, doc, dictionary, analysis.count_document(doc, dictionary)


def _concept(dictionary: list[concepts.Concept], count: concepts.TextCount, code: str | None
             ) -> concepts.Concept | None:
    if code:
        return concepts.select(dictionary, [code])[0]
    return next((c.concept for c in count.counts if c.total), None)


@router.get("/library/{slug}/concepts", response_class=HTMLResponse)
def concepts_page(request: Request, slug: str, concept: str | None = None) -> HTMLResponse:
    lang = request.state.lang
    with request.app.state.db.session() as session:
        user, doc, dictionary, count = _count(session, request, slug, "concepts")
        chosen = _concept(dictionary, count, concept) if doc.text else None
        lines = concepts.kwic(analysis.document_units(doc), doc.language, chosen) if chosen else []
        rows = [{"code": c.concept.code, "name": c.concept.name(lang), "total": c.total,
                 "rate": count.per_thousand(c.concept.code),
                 "forms": sorted(c.forms.items(), key=lambda kv: (-kv[1], kv[0]))} for c in count.counts]
        return _page(request, "concepts.html", user, doc=doc, title=doc.name(lang), rows=rows,
                     words=count.words, chosen=chosen, lines=lines, concept_name=lambda c: c.name(lang))


@router.get("/library/{slug}/concepts.{fmt}")
def concepts_file(request: Request, slug: str, fmt: str, concept: str | None = None) -> Response:
    lang = request.state.lang
    if fmt not in ("svg", "png", "csv"):
        raise NotFound(f"no export {fmt!r}; expected svg, png or csv")
    with request.app.state.db.session() as session:
        _, doc, _, count = _count(session, request, slug, f"concepts.{fmt}")
        chart = analysis.chart([count], lang, name=doc.slug)
        if fmt == "svg":
            return Response(chart.svg(), media_type="image/svg+xml")
        if fmt == "png":
            return Response(chart.png(), media_type="image/png")
        return _csv(analysis.forms_table(count, lang).csv_text(), f"{doc.slug}-concepts.csv")


@router.get("/library/{slug}/kwic.csv")
def kwic_file(request: Request, slug: str, concept: str | None = None) -> Response:
    with request.app.state.db.session() as session:
        _, doc, dictionary, count = _count(session, request, slug, "kwic.csv")
        chosen = _concept(dictionary, count, concept)
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out)
        writer.writerow(["unit", "left", "keyword", "right"])
        for line in concepts.kwic(analysis.document_units(doc), doc.language, chosen) if chosen else []:
            writer.writerow([line.unit, line.left, line.keyword, line.right])
        return _csv(out.getvalue(), f"{doc.slug}-kwic-{chosen.code if chosen else 'none'}.csv")


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def snippet_html(hit: search.Hit) -> Markup:
    """The snippet with its hits in <mark>: built from escaped pieces by search.Hit.snippet_html."""
    return Markup(hit.snippet_html())  # noqa: S704 — every piece is html.escape-d first
