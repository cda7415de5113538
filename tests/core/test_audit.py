from sqlalchemy import delete, select, update

from sarap.core import audit
from sarap.events import records, store


def _write_three(db):
    record, _ = records.validate({"date": {"start": "2011"}, "category": "bombing",
                                  "action_type": "physical", "summary": "x", "origin": "a"})
    with db.session() as s:
        event = store.create(s, record, author="ana")
        store.update(s, event.id, {**record, "summary": "y"}, author="bek", reason="fix")
        store.delete(s, event.id, author="ana")


def test_every_event_write_is_in_an_intact_chain(db):
    _write_three(db)
    with db.session() as s:
        verdict = audit.verify(s)
        actions = [e.action for e in s.scalars(select(audit.AuditEntry).order_by(audit.AuditEntry.seq))]
    assert verdict.ok and verdict.entries == 3
    assert actions == ["event.create", "event.update", "event.delete"]


def test_an_edited_entry_is_detected(db):
    _write_three(db)
    with db.session() as s:
        s.execute(update(audit.AuditEntry).where(audit.AuditEntry.seq == 2).values(actor="mallory"))
    with db.session() as s:
        assert audit.verify(s).problems == ["entry 2 (event.update) was altered"]


def test_deleted_entries_are_detected_in_the_middle_and_at_the_end(db):
    _write_three(db)
    with db.session() as s:
        s.execute(delete(audit.AuditEntry).where(audit.AuditEntry.seq == 2))
    with db.session() as s:
        assert "entries 2–2 are missing" in audit.verify(s).problems
    with db.session() as s:
        s.execute(delete(audit.AuditEntry).where(audit.AuditEntry.seq == 3))
    with db.session() as s:
        assert any("removed" in p for p in audit.verify(s).problems)


def test_a_rolled_back_write_leaves_no_entry(db):
    with db.session(rollback=True) as s:
        audit.record(s, actor="a", action="test", entity="x")
    with db.session() as s:
        assert audit.verify(s).entries == 0
