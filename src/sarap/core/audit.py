"""The audit log: append-only and hash-chained, so that an edited or deleted entry is detected.

Each entry's hash is an HMAC, keyed with a secret kept outside the database (audit.key in the
data directory, or SARAP_AUDIT_KEY), over its own fields and the previous entry's hash: whoever
can write the database but not read the key cannot recompute the chain. A separate head row keeps
the number and hash of the last entry; `anchor()` appends signed checkpoints (sequence, hash) to
a file outside the database, so that cutting the tail, rewriting the head or replacing the whole
chain is detected too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, select, text
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


def key_file() -> Path:
    from sarap.core.settings import load_settings

    return Path(os.environ.get("SARAP_AUDIT_KEY_FILE") or load_settings().data_dir / "audit.key")


def anchor_file() -> Path:
    from sarap.core.settings import load_settings

    return Path(os.environ.get("SARAP_AUDIT_ANCHORS")
                or load_settings().data_dir / "audit-anchors.jsonl")


def secret_key() -> bytes:
    """The HMAC key: SARAP_AUDIT_KEY (hex), else the key file, made (mode 600) on first use."""
    given = os.environ.get("SARAP_AUDIT_KEY")
    if given:
        return bytes.fromhex(given)
    path = key_file()
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def _digest(seq: int, at: datetime, actor: str, action: str, entity: str, entity_id: str | None,
            detail: dict[str, Any], prev_hash: str, key: bytes | None = None) -> str:
    """The one computation of an entry's hash (record, batched writers and verify use it)."""
    payload = json.dumps(
        [seq, at.astimezone(UTC).isoformat(timespec="microseconds"), actor, action, entity,
         entity_id, detail, prev_hash],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(key or secret_key(), payload.encode("utf-8"), hashlib.sha256).hexdigest()


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


@dataclass
class Verdict:
    entries: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


_COLUMNS = "seq, at, actor, action, entity, entity_id, detail, prev_hash, hash"


def _entry_time(value: Any) -> datetime:
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _entry_detail(value: Any) -> dict[str, Any]:
    detail = json.loads(value) if isinstance(value, str | bytes) else value
    if not isinstance(detail, dict):
        raise ValueError("detail is not an object")
    return detail


def verify(session: Session, anchors: Path | None = None) -> Verdict:
    """Recomputes the chain; names every entry that was edited, removed, reordered or forged,
    and checks it against the newest checkpoint in the anchor file. A malformed row is a finding,
    not a crash. Rows are read raw, so that a damaged one cannot break the reading itself."""
    key = secret_key()
    problems: list[str] = []
    prev, expected_seq, count = GENESIS, 1, 0
    hashes: dict[int, str] = {}
    for row in session.execute(text(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq")):
        count += 1
        seq = row.seq
        if not isinstance(seq, int):
            problems.append(f"an entry has no valid sequence number ({seq!r})")
            continue
        if seq != expected_seq:
            problems.append(f"entries {expected_seq}–{seq - 1} are missing")
        if row.prev_hash != prev:
            problems.append(f"entry {seq} does not follow the entry before it")
        try:
            digest = _digest(seq, _entry_time(row.at), row.actor, row.action, row.entity,
                             row.entity_id, _entry_detail(row.detail), row.prev_hash, key)
        except (ValueError, TypeError, OverflowError) as exc:
            problems.append(f"entry {seq} is malformed ({exc})")
        else:
            if not isinstance(row.hash, str) or not hmac.compare_digest(digest, row.hash):
                problems.append(f"entry {seq} ({row.action}) was altered")
        hashes[seq] = row.hash
        prev, expected_seq = row.hash, seq + 1
    head = session.scalar(select(AuditHead))
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        problems.append(f"the log ends at entry {expected_seq - 1} but entry {head.seq} was written:"
                        " entries at the end were removed")
    problems += _against_anchors(hashes, key, anchors or anchor_file())
    return Verdict(count, problems)


def _anchor_mac(key: bytes, seq: int, digest: str, at: str, prev: str) -> str:
    payload = json.dumps([seq, digest, at, prev], separators=(",", ":"))
    return hmac.new(key, b"anchor:" + payload.encode(), hashlib.sha256).hexdigest()


def read_anchors(path: Path, key: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    """The checkpoints in the anchor file, in order, and the problems with the file itself."""
    if not path.is_file():
        return [], []
    found: list[dict[str, Any]] = []
    problems: list[str] = []
    prev = GENESIS
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            item = json.loads(line)
            seq, digest, at, mac = int(item["seq"]), str(item["hash"]), str(item["at"]), item["mac"]
        except (ValueError, KeyError, TypeError):
            problems.append(f"anchor file line {number} is malformed")
            continue
        if item.get("prev") != prev or not hmac.compare_digest(
                _anchor_mac(key, seq, digest, at, prev), str(mac)):
            problems.append(f"anchor file line {number} is not signed by this system's key or "
                            "does not follow the line before it")
            continue
        found.append({"seq": seq, "hash": digest, "at": at})
        prev = str(mac)
    return found, problems


def _against_anchors(hashes: dict[int, str], key: bytes, path: Path) -> list[str]:
    anchors, problems = read_anchors(path, key)
    newest = max(hashes, default=0)
    for item in anchors:
        seq = item["seq"]
        if seq == 0:
            continue
        if seq > newest:
            problems.append(f"checkpoint of {item['at']} saw entry {seq}, but the log ends at "
                            f"entry {newest}: entries at the end were removed")
        elif hashes.get(seq) != item["hash"]:
            problems.append(f"entry {seq} differs from the checkpoint of {item['at']}: the chain "
                            "was rewritten")
    return problems


def anchor(session: Session, path: Path | None = None) -> dict[str, Any]:
    """Appends a signed checkpoint of the newest entry to the anchor file (outside the database;
    keep it on write-once storage or copy it away). Refuses when the log fails verification."""
    path = path or anchor_file()
    verdict = verify(session, path)
    if not verdict.ok:
        from sarap.core.errors import SarapError

        raise SarapError("the audit log fails verification; not anchoring it: "
                         + "; ".join(verdict.problems[:5]))
    key = secret_key()
    head = session.scalar(select(AuditHead))
    seq, digest = (head.seq, head.hash) if head else (0, GENESIS)
    existing, _ = read_anchors(path, key)
    prev = GENESIS
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        prev = json.loads(lines[-1])["mac"] if lines else GENESIS
    at = datetime.now(UTC).isoformat(timespec="seconds")
    item = {"seq": seq, "hash": digest, "at": at, "prev": prev,
            "mac": _anchor_mac(key, seq, digest, at, prev)}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(item) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return {"seq": seq, "hash": digest, "at": at, "file": str(path), "checkpoints": len(existing) + 1}
