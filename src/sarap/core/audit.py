"""The audit log: append-only and hash-chained, so that an edited or deleted entry is detected.

Each entry's hash covers its own fields and the previous entry's hash; a separate head row keeps
the number and hash of the last entry, so that removing entries from the end is detected too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from sarap.core.db import Base

GENESIS = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the sequence number and hash of the newest entry."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


def _digest(seq: int, at: datetime, actor: str, action: str, entity: str, entity_id: str | None,
            detail: dict[str, Any], prev_hash: str) -> str:
    payload = json.dumps(
        [seq, at.astimezone(UTC).isoformat(timespec="microseconds"), actor, action, entity,
         entity_id, detail, prev_hash],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(session: Session, *, actor: str, action: str, entity: str,
           entity_id: object = None, detail: dict[str, Any] | None = None) -> AuditEntry:
    """Appends one entry in the caller's transaction (so a rolled-back write leaves no entry)."""
    head = session.scalar(select(AuditHead).with_for_update())
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    at = datetime.now(UTC)
    detail = json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str))
    ident = None if entity_id is None else str(entity_id)
    seq = head.seq + 1
    digest = _digest(seq, at, actor, action, entity, ident, detail, head.hash)
    entry = AuditEntry(seq=seq, at=at, actor=actor, action=action, entity=entity,
                       entity_id=ident, detail=detail, prev_hash=head.hash, hash=digest)
    session.add(entry)
    head.seq, head.hash = seq, digest
    session.flush()
    return entry


def record_many(session: Session, entries: list[dict[str, Any]]) -> None:
    """Appends many entries (each: actor, action, entity, entity_id, detail) in their order with one
    INSERT: the chain is computed as `record` computes it, entry after entry, from the head."""
    if not entries:
        return
    head = session.scalar(select(AuditHead).with_for_update())
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    at = datetime.now(UTC)
    seq, prev, rows = head.seq, head.hash, []
    for entry in entries:
        detail = json.loads(json.dumps(entry.get("detail") or {}, ensure_ascii=False, default=str))
        ident = None if entry.get("entity_id") is None else str(entry["entity_id"])
        seq += 1
        digest = _digest(seq, at, entry["actor"], entry["action"], entry["entity"], ident, detail, prev)
        rows.append({"seq": seq, "at": at, "actor": entry["actor"], "action": entry["action"],
                     "entity": entry["entity"], "entity_id": ident, "detail": detail, "prev_hash": prev,
                     "hash": digest})
        prev = digest
    session.execute(insert(AuditEntry.__table__), rows)  # type: ignore[arg-type]
    head.seq, head.hash = seq, prev
    session.flush()


@dataclass
class Verdict:
    entries: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session) -> Verdict:
    """Recomputes the chain; names every entry that was edited, removed or reordered."""
    problems: list[str] = []
    prev, expected_seq, count = GENESIS, 1, 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        count += 1
        if entry.seq != expected_seq:
            problems.append(f"entries {expected_seq}–{entry.seq - 1} are missing")
        if entry.prev_hash != prev:
            problems.append(f"entry {entry.seq} does not follow the entry before it")
        at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
        if _digest(entry.seq, at, entry.actor, entry.action, entry.entity, entry.entity_id,
                   entry.detail, entry.prev_hash) != entry.hash:
            problems.append(f"entry {entry.seq} ({entry.action}) was altered")
        prev, expected_seq = entry.hash, entry.seq + 1
    head = session.scalar(select(AuditHead))
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        problems.append(f"the log ends at entry {expected_seq - 1} but entry {head.seq} was written:"
                        " entries at the end were removed")
    return Verdict(count, problems)
