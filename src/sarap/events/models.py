"""The event data bank's tables (DESIGN §5). One SQLAlchemy model for SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sarap.core.db import Base

VICTIM_GROUPS = ("civilians", "security", "perpetrators", "unknown")
CASUALTY_COLUMNS = tuple(
    f"{kind}_{group}" for kind in ("killed", "injured") for group in VICTIM_GROUPS
) + ("hostages",)


class Dataset(Base):
    """A named, versioned collection of events (e.g. "dissertation-2025")."""

    __tablename__ = "datasets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("dataset_id", "origin"),
        # The event list's order and its date filters (migration e19a).
        Index("ix_events_list", "deleted", "date_start", "id"),
        Index("ix_events_date_end", "date_end"),
        Index("ix_events_dataset_date", "dataset_id", "date_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("datasets.id"), index=True)
    origin: Mapped[str | None] = mapped_column(String(200))
    date_start: Mapped[date] = mapped_column(Date, index=True)
    date_end: Mapped[date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10))
    date_text: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40), index=True)
    action_type: Mapped[str] = mapped_column(String(10), index=True)
    side: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str] = mapped_column(Text)
    killed_civilians: Mapped[int | None] = mapped_column(Integer)
    killed_security: Mapped[int | None] = mapped_column(Integer)
    killed_perpetrators: Mapped[int | None] = mapped_column(Integer)
    killed_unknown: Mapped[int | None] = mapped_column(Integer)
    injured_civilians: Mapped[int | None] = mapped_column(Integer)
    injured_security: Mapped[int | None] = mapped_column(Integer)
    injured_perpetrators: Mapped[int | None] = mapped_column(Integer)
    injured_unknown: Mapped[int | None] = mapped_column(Integer)
    hostages: Mapped[int | None] = mapped_column(Integer)
    property_damage: Mapped[str | None] = mapped_column(Text)
    certainty: Mapped[str] = mapped_column(String(12), default="probable")
    meets_definition: Mapped[bool | None] = mapped_column(Boolean)
    agency: Mapped[str | None] = mapped_column(String(60), index=True)
    access_level: Mapped[str] = mapped_column(String(12), default="public")
    notes: Mapped[str | None] = mapped_column(Text)
    # The source table's own cells and any coded-field corrections (docs/event-format.md).
    author_coding: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    corrections: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    dataset: Mapped[Dataset | None] = relationship()
    places: Mapped[list[Place]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by=lambda: Place.position
    )
    actors: Mapped[list[Actor]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by=lambda: Actor.position
    )
    # lambdas, not names: another package may also have a class called Source
    sources: Mapped[list[Source]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by=lambda: Source.position
    )
    shares: Mapped[list[EventShare]] = relationship(cascade="all, delete-orphan")


class EventShare(Base):
    """A restricted event shared explicitly with another agency (by agency code)."""

    __tablename__ = "event_shares"
    __table_args__ = (UniqueConstraint("event_id", "agency"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    agency: Mapped[str] = mapped_column(String(60), index=True)


class Place(Base):
    __tablename__ = "event_places"
    __table_args__ = (Index("ix_event_places_region_event", "region", "event_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    region: Mapped[str | None] = mapped_column(String(3), index=True)
    country: Mapped[str] = mapped_column(String(3), default="KAZ")
    settlement: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[str | None] = mapped_column(String(12))
    event: Mapped[Event] = relationship(back_populates="places")


class Actor(Base):
    __tablename__ = "event_actors"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="unknown")
    role: Mapped[str] = mapped_column(String(20), default="participant")
    event: Mapped[Event] = relationship(back_populates="actors")


class Source(Base):
    __tablename__ = "event_sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    outlet: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    published: Mapped[str | None] = mapped_column(String(10))
    accessed: Mapped[str | None] = mapped_column(String(10))
    archived_text: Mapped[str | None] = mapped_column(Text)
    event: Mapped[Event] = relationship(back_populates="sources")


class Revision(Base):
    """One change to one event: who, when, why, the field-level diff and the state after it."""

    __tablename__ = "event_revisions"
    __table_args__ = (UniqueConstraint("event_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(12))  # create | update | delete | restore | merge
    author: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    diff: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
