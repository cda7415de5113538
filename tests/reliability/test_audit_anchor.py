"""An anchored audit log: truncation, a recomputed chain and forged appends after a checkpoint
are all detected, and malformed rows are findings, never a traceback (real CLI, real DB)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import delete, select, text, update
from typer.testing import CliRunner

from sarap.cli.main import app
from sarap.core import audit
from sarap.events import records, store

runner = CliRunner()


def _write(db, n: int, origin: str = "a") -> None:
    record, _ = records.validate({"date": {"start": "2011"}, "category": "bombing",
                                  "action_type": "physical", "summary": "x", "origin": origin})
    with db.session() as s:
        event = store.create(s, record, author="ana")
        for i in range(n - 1):
            store.update(s, event.id, {**record, "summary": f"y{i}"}, author="bek")


def _recompute_with_plain_sha256(db) -> None:
    """What an intruder with database access but without the key does to hide an edit."""
    with db.session() as s:
        prev = audit.GENESIS
        for e in s.scalars(select(audit.AuditEntry).order_by(audit.AuditEntry.seq)):
            payload = json.dumps([e.seq, e.at.replace(tzinfo=UTC).isoformat(timespec="microseconds"),
                                  e.actor, e.action, e.entity, e.entity_id, e.detail, prev],
                                 ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            e.prev_hash, e.hash = prev, hashlib.sha256(payload.encode()).hexdigest()
            prev = e.hash
        head = s.scalar(select(audit.AuditHead))
        head.hash = prev


def test_cli_anchor_then_verify_detects_a_cut_tail_with_the_head_rewritten(db, cli_env):
    _write(db, 4)
    result = runner.invoke(app, ["audit", "anchor"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    with db.session() as s:
        entry2 = s.scalar(select(audit.AuditEntry).where(audit.AuditEntry.seq == 2))
        s.execute(delete(audit.AuditEntry).where(audit.AuditEntry.seq > 2))
        s.execute(update(audit.AuditHead).values(seq=2, hash=entry2.hash))  # head made to fit
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "entries at the end were removed" in result.output
    assert "Traceback" not in result.output


def test_a_recomputed_chain_and_forged_appends_are_detected(db, cli_env):
    _write(db, 3)
    with db.session() as s:
        audit.anchor(s)
    with db.session() as s:
        s.execute(update(audit.AuditEntry).where(audit.AuditEntry.seq == 2).values(actor="mallory"))
    _recompute_with_plain_sha256(db)
    with db.session() as s:
        problems = audit.verify(s).problems
    assert any("was altered" in p for p in problems)
    assert any("differs from the checkpoint" in p for p in problems)


def test_an_append_forged_after_the_anchor_is_detected(db, cli_env):
    _write(db, 2)
    with db.session() as s:
        audit.anchor(s)
    with db.session() as s:
        head = s.scalar(select(audit.AuditHead))
        at = datetime.now(UTC)
        payload = json.dumps([3, at.isoformat(timespec="microseconds"), "x", "event.delete", "event",
                              "1", {}, head.hash], sort_keys=True, separators=(",", ":"))
        forged = hashlib.sha256(payload.encode()).hexdigest()
        s.add(audit.AuditEntry(seq=3, at=at, actor="x", action="event.delete", entity="event",
                               entity_id="1", detail={}, prev_hash=head.hash, hash=forged))
        head.seq, head.hash = 3, forged
    with db.session() as s:
        assert audit.verify(s).problems == ["entry 3 (event.delete) was altered"]


def test_malformed_rows_and_anchor_lines_are_findings(db, cli_env, tmp_path):
    _write(db, 3)
    with db.session() as s:
        audit.anchor(s)
    with open(audit.anchor_file(), "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    if db.is_sqlite:  # PostgreSQL's column types refuse such rows in the first place
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET detail = '[1' WHERE seq = 1"))
            conn.execute(text("UPDATE audit_log SET at = 'yesterday' WHERE seq = 2"))
            conn.execute(text("UPDATE audit_log SET hash = 'zz', seq = 'x' WHERE seq = 3"))
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a message and exit 1, not a traceback
    assert "anchor file line 2 is malformed" in result.output
    if db.is_sqlite:
        assert "entry 1 is malformed" in result.output
        assert "entry 2 is malformed" in result.output
        assert "no valid sequence number" in result.output
