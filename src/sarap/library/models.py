"""The library's tables: documents (legal acts, conventions, programmes, studies), their amendments
as dated entries, and their structural units with the family keys that search runs on.

A document may have no text (the catalogue holds acts the dissertation cites but we do not have):
its metadata is still searchable by title. `event_id` links an act to the verbal event that records
its adoption in the event bank. `version_of_id` ties an earlier wording of an act to the current
one, so counts can be compared between amendment versions.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sarap.core.db import Base
from sarap.core.owned import Owned

KINDS = ("law", "code", "decree", "order", "programme", "concept", "convention", "protocol",
         "agreement", "resolution", "constitution", "report", "article", "dissertation")
STATUSES = ("in_force", "amended", "repealed", "not_in_force", "unknown")
JURISDICTIONS = ("KAZ", "UN", "SCO", "CIS", "CSTO", "OSCE", "COE", "ICAO", "IMO", "IAEA", "OIC",
                 "regional", "other")
LANGUAGES = ("kk", "ru", "en")
ACCESS_LEVELS = ("public", "official", "restricted")


class LibraryDocument(Owned, Base):
    __tablename__ = "library_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # {"kk": …, "ru": …, "en": …}
    kind: Mapped[str] = mapped_column(String(20), index=True)
    number: Mapped[str | None] = mapped_column(String(60))
    adopted: Mapped[date | None] = mapped_column(Date, index=True)
    adopted_text: Mapped[str | None] = mapped_column(String(200))  # as the source writes it
    issuing_body: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="unknown")
    jurisdiction: Mapped[str] = mapped_column(String(20), default="KAZ", index=True)
    language: Mapped[str] = mapped_column(String(5), default="kk")
    source_url: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(300))
    sha256: Mapped[str | None] = mapped_column(String(64))
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version_of_id: Mapped[int | None] = mapped_column(ForeignKey("library_documents.id"), index=True)
    version_label: Mapped[str | None] = mapped_column(String(100))
    # sarap.text.pipeline.VERSION the units' keys were made with (None: before versions were kept)
    pipeline_version: Mapped[str | None] = mapped_column(String(20))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(),
                                                 onupdate=func.now())
    amendments: Mapped[list[LibraryAmendment]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="LibraryAmendment.position")
    units: Mapped[list[LibraryUnit]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="LibraryUnit.position")

    def name(self, lang: str = "kk") -> str:
        return self.title.get(lang) or self.title.get("kk") or self.title.get("ru") or \
            self.title.get("en") or self.slug


class LibraryAmendment(Base):
    """One dated change of a document (an «Ескерту» note, or an entry typed into the catalogue)."""

    __tablename__ = "library_amendments"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("library_documents.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    date: Mapped[date | None] = mapped_column(Date)
    act_number: Mapped[str | None] = mapped_column(String(60))
    unit: Mapped[str | None] = mapped_column(String(60))
    change: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    first_line: Mapped[int | None] = mapped_column(Integer)
    last_line: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[LibraryDocument] = relationship(back_populates="amendments")


class LibraryUnit(Base):
    """A structural unit: chapter, item, sub-item (legal texts), front matter or paragraph (others).

    `family_keys` holds one search key per word of the unit's own text, in order, separated by
    spaces: the SQLite FTS5 index and PostgreSQL's tsvector are both built from it.
    `indexed` units are the ones search returns (items, not their sub-items, which they contain).
    """

    __tablename__ = "library_units"
    # PostgreSQL's full-text index over the keys ('simple': the keys are already word families).
    __table_args__ = (Index("ix_library_units_search", text("to_tsvector('simple', family_keys)"),
                            postgresql_using="gin").ddl_if(dialect="postgresql"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("library_documents.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(12))  # title|front|chapter|item|subitem|paragraph
    key: Mapped[str] = mapped_column(String(60))  # "item 10", "item 10 3)", "paragraph 12"
    parent_key: Mapped[str | None] = mapped_column(String(60))
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    first_line: Mapped[int | None] = mapped_column(Integer)
    last_line: Mapped[int | None] = mapped_column(Integer)
    indexed: Mapped[bool] = mapped_column(default=True)
    family_keys: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[LibraryDocument] = relationship(back_populates="units")
