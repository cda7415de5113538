"""Writing and reading documents. Every write is audited in the caller's transaction, and the
search index is kept in step in that same transaction."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, extract, or_, select
from sqlalchemy.orm import Session, selectinload

from sarap.auth.models import User
from sarap.core import audit
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.events.models import Event
from sarap.library import index, terms
from sarap.library.models import (
    ACCESS_LEVELS,
    JURISDICTIONS,
    KINDS,
    LANGUAGES,
    STATUSES,
    LibraryAmendment,
    LibraryDocument,
    LibraryUnit,
)
from sarap.library.units import UnitData, layout
from sarap.text.pipeline import VERSION as PIPELINE_VERSION

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,118}$")


@dataclass
class DocumentMeta:
    """What a user says about a document; checked by `problems()` before anything is written."""

    slug: str
    title: dict[str, str]
    kind: str
    number: str | None = None
    adopted: date | None = None
    adopted_text: str | None = None
    issuing_body: str | None = None
    status: str = "unknown"
    jurisdiction: str = "KAZ"
    language: str = "kk"
    source_url: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    amendments: list[dict[str, Any]] = field(default_factory=list)  # typed-in entries (catalogue)
    version_of: str | None = None  # slug of the current wording this one is an earlier version of
    version_label: str | None = None
    event_id: int | None = None
    agency: str | None = None
    access_level: str = "public"

    def problems(self, where: str | None = None) -> list[Problem]:
        found: list[Problem] = []

        def check(name: str, value: Any, allowed: tuple[str, ...]) -> None:
            if value not in allowed:
                found.append(Problem(f"unknown {name}", file=where, column=name, value=str(value),
                                     expected="one of " + ", ".join(allowed)))

        if not SLUG.match(self.slug or ""):
            found.append(Problem("not a usable identifier", file=where, column="slug", value=self.slug,
                                 expected="lower-case letters, digits, '-', '_' or '.', e.g. decree-1404"))
        if not any((v or "").strip() for v in self.title.values()):
            found.append(Problem("a title is required", file=where, column="title",
                                 expected="a title in at least one of kk, ru, en"))
        for lang in self.title:
            check("title language", lang, LANGUAGES)
        check("kind", self.kind, KINDS)
        check("status", self.status, STATUSES)
        check("jurisdiction", self.jurisdiction, JURISDICTIONS)
        check("language", self.language, LANGUAGES)
        check("access_level", self.access_level, ACCESS_LEVELS)
        if self.access_level == "restricted" and not self.agency:
            found.append(Problem("a restricted document needs its owning agency", file=where,
                                 column="agency", expected="an agency code"))
        return found


def _title_unit(meta: DocumentMeta) -> UnitData:
    """The titles in every language, one per line; `heading` records each line's language so
    that every title is keyed in its own language."""
    langs = [lang for lang in LANGUAGES if (meta.title.get(lang) or "").strip()]
    return UnitData("title", "title", "\n".join(terms.clean(meta.title[lang].strip()) for lang in langs),
                    heading=" ".join(langs))


def unit_words(unit_kind: str, unit_text: str, heading: str | None, lang: str) -> list[terms.Word]:
    """The words of a unit with their keys: the one function indexing and search both use."""
    if unit_kind != "title":
        return terms.words(unit_text, lang)
    out: list[terms.Word] = []
    offset = 0
    for line, line_lang in zip(unit_text.split("\n"), (heading or "").split(), strict=False):
        out.extend(terms.Word(w.text, w.lower, w.start + offset, w.end + offset, w.key, w.keys)
                   for w in terms.words(line, line_lang))
        offset += len(line) + 1
    return out


def key_string(words: list[terms.Word]) -> str:
    """Every key of every word, in text order: what the index stores for a unit."""
    return " ".join(k for w in words for k in w.keys)


def _unit(data: UnitData, position: int, lang: str) -> LibraryUnit:
    keys = key_string(unit_words(data.kind, data.text, data.heading, lang)) if data.indexed else ""
    return LibraryUnit(position=position, kind=data.kind, key=data.key, parent_key=data.parent_key,
                heading=data.heading, text=data.text, first_line=data.first_line,
                last_line=data.last_line, indexed=data.indexed, family_keys=keys)


def _check_event(session: Session, event_id: int | None, where: str | None) -> list[Problem]:
    if event_id is None:
        return []
    event = session.get(Event, event_id)
    if event is None or event.deleted:
        return [Problem("no such event", file=where, column="event_id", value=str(event_id),
                        expected="the id of an event in the event bank")]
    if event.action_type != "verbal":
        return [Problem("a document's adoption is a verbal event", file=where, column="event_id",
                        value=str(event_id), expected="the id of a verbal event")]
    return []


def add_document(session: Session, meta: DocumentMeta, text: str | None, *, author: str,
                 file_name: str | None = None, where: str | None = None) -> LibraryDocument:
    """Stores a document with its units, amendment entries and index rows; raises InvalidInput
    (naming `where`) without writing anything when the metadata do not fit."""
    problems = meta.problems(where) + _check_event(session, meta.event_id, where)
    if session.scalar(select(LibraryDocument.id).where(LibraryDocument.slug == meta.slug)) is not None:
        problems.append(Problem("a document with this identifier exists", file=where, column="slug",
                                value=meta.slug, expected="a new identifier (or delete the old one)"))
    version_of_id = None
    if meta.version_of:
        version_of_id = session.scalar(
            select(LibraryDocument.id).where(LibraryDocument.slug == meta.version_of))
        if version_of_id is None:
            problems.append(Problem("no such document", file=where, column="version_of",
                                    value=meta.version_of, expected="the identifier of a stored document"))
    if problems:
        raise InvalidInput(problems)
    body = terms.clean(text) if text is not None else None
    doc = LibraryDocument(slug=meta.slug, title=dict(meta.title), kind=meta.kind, number=meta.number,
                   adopted=meta.adopted, adopted_text=meta.adopted_text, issuing_body=meta.issuing_body,
                   status=meta.status, jurisdiction=meta.jurisdiction, language=meta.language,
                   source_url=meta.source_url, text=body, file_name=file_name,
                   sha256=hashlib.sha256(body.encode("utf-8")).hexdigest() if body else None,
                   provenance=dict(meta.provenance), version_of_id=version_of_id,
                   version_label=meta.version_label, event_id=meta.event_id, agency=meta.agency,
                   access_level=meta.access_level, pipeline_version=PIPELINE_VERSION)
    shape = layout(body, meta.kind, file_name or meta.slug) if body else None
    datas = [_title_unit(meta), *(shape.units if shape else [])]
    doc.units = [_unit(d, i, meta.language) for i, d in enumerate(datas)]
    parsed = [LibraryAmendment(position=i, date=a.date, act_number=a.decree_number, unit=a.unit,
                               change=a.change,
                        note=a.raw, first_line=a.first_line, last_line=a.last_line)
              for i, a in enumerate(shape.amendments if shape else [])]
    typed = [LibraryAmendment(position=len(parsed) + i, date=_as_date(a.get("date")),
                       act_number=_str(a.get("number")), unit=_str(a.get("unit")),
                       change=_str(a.get("change")), note=str(a.get("note") or ""))
             for i, a in enumerate(meta.amendments)]
    doc.amendments = parsed + typed
    session.add(doc)
    session.flush()
    index.add(session, doc.units)
    audit.record(session, actor=author, action="library.document.create", entity="library_document",
                 entity_id=doc.id, detail={"slug": doc.slug, "kind": doc.kind, "file": file_name,
                                           "sha256": doc.sha256, "units": len(doc.units),
                                           "amendments": len(doc.amendments), "event_id": doc.event_id})
    return doc


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def delete_document(session: Session, slug: str, *, author: str, reason: str = "") -> None:
    doc = get(session, slug)
    if session.scalar(select(LibraryDocument.id).where(LibraryDocument.version_of_id == doc.id)) is not None:
        raise InvalidInput([Problem("earlier versions refer to this document", column="slug", value=slug,
                                    expected="their deletion first")])
    index.remove(session, [u.id for u in doc.units])
    audit.record(session, actor=author, action="library.document.delete", entity="library_document",
                 entity_id=doc.id, detail={"slug": doc.slug, "sha256": doc.sha256, "reason": reason})
    session.delete(doc)
    session.flush()


def link_event(session: Session, slug: str, event_id: int | None, *, author: str) -> LibraryDocument:
    doc = get(session, slug)
    problems = _check_event(session, event_id, None)
    if problems:
        raise InvalidInput(problems)
    before, doc.event_id = doc.event_id, event_id
    audit.record(session, actor=author, action="library.document.link_event", entity="library_document",
                 entity_id=doc.id, detail={"slug": slug, "from": before, "to": event_id})
    return doc


def reindex(session: Session, *, author: str, stale_only: bool = False) -> int:
    """Recomputes the units' family keys (after a change of the text pipeline) and the index: of
    every document, or (stale_only) of those analysed by another pipeline version."""
    count = 0
    query = select(LibraryDocument).options(selectinload(LibraryDocument.units))
    if stale_only:
        query = query.where(or_(LibraryDocument.pipeline_version.is_(None),
                                LibraryDocument.pipeline_version != PIPELINE_VERSION))
    for doc in session.scalars(query):
        doc.pipeline_version = PIPELINE_VERSION
        for unit in doc.units:
            if unit.indexed:
                unit.family_keys = key_string(unit_words(unit.kind, unit.text, unit.heading, doc.language))
                count += 1
    session.flush()
    index.rebuild(session)
    audit.record(session, actor=author, action="library.reindex", entity="library_unit",
                 detail={"units": count})
    return count


# -- reading -------------------------------------------------------------------------------------

def readable(user: User | None) -> ColumnElement[bool]:
    """public: everyone; official: logged-in users; restricted: the owning agency (as events)."""
    if user is None:
        return LibraryDocument.access_level == "public"
    return or_(LibraryDocument.access_level.in_(("public", "official")),
               LibraryDocument.agency == user.agency.code)


def can_read(user: User | None, doc: LibraryDocument) -> bool:
    if doc.access_level == "public":
        return True
    return user is not None and (doc.access_level == "official" or doc.agency == user.agency.code)


def find(session: Session, slug: str, user: User | None = None, *,
         check_access: bool = False) -> LibraryDocument:
    """A document by identifier (or id); NotFound, as for a missing one, when the user may not
    read it. Not audited: for lookups whose caller audits what it shows (search does)."""
    doc = session.scalar(select(LibraryDocument).where(LibraryDocument.slug == slug))
    if doc is None and slug.isdigit():
        doc = session.get(LibraryDocument, int(slug))
    if doc is None or (check_access and not can_read(user, doc)):
        raise NotFound(f"no document {slug!r} (see `sarap library list`)")
    return doc


def get(session: Session, slug: str, user: User | None = None, *,
        check_access: bool = False, purpose: str = "read") -> LibraryDocument:
    """A document; with check_access, a read of a restricted one is audited (as events' are),
    in the caller's transaction, with what it was read for (page, concepts, export …)."""
    doc = find(session, slug, user, check_access=check_access)
    if check_access and user is not None and doc.access_level == "restricted":
        audit.record(session, actor=user.username, action="library.document.read",
                     entity="library_document", entity_id=doc.id,
                     detail={"slug": doc.slug, "purpose": purpose})
    return doc


@dataclass
class DocumentFilter:
    kind: str | None = None
    jurisdiction: str | None = None
    status: str | None = None
    language: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    with_text: bool | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        conditions = [
            LibraryDocument.kind == self.kind if self.kind else None,
            LibraryDocument.jurisdiction == self.jurisdiction if self.jurisdiction else None,
            LibraryDocument.status == self.status if self.status else None,
            LibraryDocument.language == self.language if self.language else None,
            extract("year", LibraryDocument.adopted) >= self.year_from if self.year_from else None,
            extract("year", LibraryDocument.adopted) <= self.year_to if self.year_to else None,
        ]
        if self.with_text is not None:
            has_text = LibraryDocument.text.is_not(None)
            conditions.append(has_text if self.with_text else LibraryDocument.text.is_(None))
        for condition in conditions:
            if condition is not None:
                query = query.where(condition)
        return query


def list_documents(session: Session, where: DocumentFilter | None = None,
                   user: User | None = None, *, check_access: bool = False) -> list[LibraryDocument]:
    query = select(LibraryDocument)
    if check_access:
        query = query.where(readable(user))
    query = (where or DocumentFilter()).apply(query)
    order = (LibraryDocument.adopted.is_(None), LibraryDocument.adopted, LibraryDocument.slug)
    return list(session.scalars(query.order_by(*order)))
