"""The monitoring tables: sources, the items collected from them, ingest runs, topics and alerts.

Sources, items and topics carry an owning agency and access level, read the way events are. An item
keeps its author only as a keyed hash (sarap.monitor.pseudonyms) unless the source flags the author
as a public outlet or official account. Duplicates stay as rows linked to the first item, so that
counts can include or leave out reposts and nothing collected is thrown away.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sarap.core.db import Base
from sarap.core.owned import Owned

SOURCE_KINDS = ("rss", "atom", "web", "csv", "jsonl", "telegram", "batch")
ACCESS_LEVELS = ("public", "official", "restricted")
RUN_STATES = ("running", "done", "failed")


class MonitorSource(Owned, Base):
    __tablename__ = "monitor_sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    location: Mapped[str] = mapped_column(Text)  # URL or file path
    platform: Mapped[str] = mapped_column(String(40))
    interval_minutes: Mapped[int] = mapped_column(Integer, default=60)
    # File sources: the column mapping (sarap.monitor.files.Mapping as a dict).
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Outlets and official accounts whose handles are kept; `all_public` for a news outlet's feed.
    public_authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    all_public: Mapped[bool] = mapped_column(Boolean, default=False)
    etag: Mapped[str | None] = mapped_column(String(200))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_state: Mapped[str | None] = mapped_column(String(20))
    last_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MonitorItem(Owned, Base):
    __tablename__ = "monitor_items"
    # PostgreSQL's index for the key search (sarap.monitor.keyindex: `string_to_array(terms, ' ') && …`).
    __table_args__ = (UniqueConstraint("source_id", "external_id"),
                      Index("ix_monitor_items_terms", sql_text("string_to_array(terms, ' ')"),
                            postgresql_using="gin").ddl_if(dialect="postgresql"))
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("monitor_sources.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(40), index=True)
    external_id: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    collected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    language: Mapped[str] = mapped_column(String(10), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)  # normalised (sarap.text.normalise)
    # Family keys of the words (space-separated, unique): matching and term statistics.
    terms: Mapped[str] = mapped_column(Text, default="")
    # HMAC key of the author, or the handle itself when author_public (an outlet, an official account).
    author_key: Mapped[str | None] = mapped_column(String(200), index=True)
    author_public: Mapped[bool] = mapped_column(Boolean, default=False)
    region: Mapped[str | None] = mapped_column(String(3), index=True)
    engagement: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # Forwarded-from, reply-to and the like, as the source gave them.
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    # MinHash LSH band keys (sarap.monitor.dedup): items sharing one are near-duplicate candidates.
    # None for texts too short to compare other than exactly.
    band0: Mapped[int | None] = mapped_column(Integer, index=True)
    band1: Mapped[int | None] = mapped_column(Integer, index=True)
    band2: Mapped[int | None] = mapped_column(Integer, index=True)
    band3: Mapped[int | None] = mapped_column(Integer, index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("monitor_items.id"), index=True)
    duplicate_kind: Mapped[str | None] = mapped_column(String(10))  # exact or near
    sentiment: Mapped[str | None] = mapped_column(String(10))  # filled by the sentiment step
    # sarap.text.pipeline.VERSION the item was analysed with (None: before versions were kept)
    pipeline_version: Mapped[str | None] = mapped_column(String(20), index=True)
    source: Mapped[MonitorSource] = relationship()


class IngestRun(Base):
    __tablename__ = "monitor_ingest_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("monitor_sources.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(10), default="running")
    # What the position refers to (a file's size and mtime): a changed file starts over.
    fingerprint: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)  # records read in committed batches
    read: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)  # already there
    message: Mapped[str | None] = mapped_column(Text)


class MonitorTopic(Owned, Base):
    __tablename__ = "monitor_topics"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    query: Mapped[str] = mapped_column(Text)
    # languages, platforms, sources (names), start, end (ISO dates)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    alert_rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MonitorAlert(Base):
    __tablename__ = "monitor_alerts"
    __table_args__ = (UniqueConstraint("topic_id", "rule", "window_start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("monitor_topics.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(20))
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    bucket: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column()
    threshold: Mapped[float] = mapped_column()
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))
    topic: Mapped[MonitorTopic] = relationship()
