import pytest
from sqlalchemy import func, select

from sarap.core.errors import NotFound
from sarap.events import records, store
from sarap.events.models import Event, Revision

BOMBING = {
    "origin": "x:1",
    "date": {"text": "2011 жылы 31 қазан", "start": "2011-10-31"},
    "places": [{"region": "Атырау облысы", "settlement": "Атырау"}],
    "category": "bombing",
    "action_type": "physical",
    "side": "perpetrators",
    "summary": "Two explosions in Atyrau",
    "actors": [{"name": "Jund al-Khilafah", "kind": "group", "role": "perpetrator"}],
    "casualties": {"killed": {"perpetrators": 1}},
    "sources": [{"url": "https://example.org/a", "language": "kk"}],
    "certainty": "confirmed",
}


def canonical(raw):
    record, problems = records.validate(raw)
    assert problems == []
    return record


def test_create_writes_a_revision_with_the_whole_record(db):
    with db.session() as s:
        event = store.create(s, canonical(BOMBING), author="ana", reason="new")
        event_id = event.id
    with db.session() as s:
        [rev] = store.history(s, event_id)
        assert (rev.number, rev.action, rev.author, rev.reason) == (1, "create", "ana", "new")
        assert rev.diff["places[0].region"] == [None, "ATY"]
        assert rev.snapshot["date"]["start"] == "2011-10-31"


def test_update_records_a_field_level_diff_and_restore_brings_it_back(db):
    with db.session() as s:
        event_id = store.create(s, canonical(BOMBING), author="ana").id
    changed = canonical({**BOMBING, "casualties": {"killed": {"perpetrators": 1, "civilians": 0}},
                         "summary": "Two explosions in Atyrau, one bomber killed"})
    with db.session() as s:
        store.update(s, event_id, changed, author="bek", reason="second source")
    with db.session() as s:
        revisions = store.history(s, event_id)
        assert [r.action for r in revisions] == ["create", "update"]
        assert revisions[1].diff == {
            "casualties.killed.civilians": [None, 0],
            "summary": ["Two explosions in Atyrau", "Two explosions in Atyrau, one bomber killed"],
        }
        store.restore(s, event_id, 1, author="ana")
    with db.session() as s:
        event = store.get(s, event_id)
        assert event.summary == "Two explosions in Atyrau"
        assert [r.action for r in store.history(s, event_id)] == ["create", "update", "restore"]


def test_update_without_changes_writes_no_revision(db):
    with db.session() as s:
        event_id = store.create(s, canonical(BOMBING), author="ana").id
    with db.session() as s:
        store.update(s, event_id, canonical(BOMBING), author="ana")
        assert s.scalar(select(func.count(Revision.id))) == 1


def test_delete_hides_the_event_and_keeps_it_restorable(db):
    with db.session() as s:
        event_id = store.create(s, canonical(BOMBING), author="ana").id
    with db.session() as s:
        store.delete(s, event_id, author="ana", reason="test entry")
    with db.session() as s:
        with pytest.raises(NotFound):
            store.get(s, event_id)
        assert store.find(s, store.EventFilter()) == []
        store.restore(s, event_id, 1, author="ana")
    with db.session() as s:
        assert store.get(s, event_id).deleted is False


def test_merge_keeps_both_histories_and_joins_sources(db):
    other = {**BOMBING, "origin": "x:2", "sources": [{"url": "https://example.org/b"}]}
    with db.session() as s:
        keep = store.create(s, canonical(BOMBING), author="ana").id
        drop = store.create(s, canonical(other), author="ana").id
    with db.session() as s:
        store.merge(s, keep, drop, author="bek")
    with db.session() as s:
        kept = store.get(s, keep)
        assert [src.url for src in kept.sources] == ["https://example.org/a", "https://example.org/b"]
        gone = s.get(Event, drop)
        assert gone.deleted and gone.merged_into_id == keep
        assert [r.action for r in store.history(s, drop)] == ["create", "merge"]
        assert [r.action for r in store.history(s, keep)] == ["create", "merge"]


def test_filters_by_region_type_dates_and_cyrillic_text(db):
    law = {**BOMBING, "origin": "x:3", "category": "legislation", "action_type": "verbal",
           "side": "counter_terrorism", "summary": "«Экстремизмге қарсы іс-қимыл туралы» Заң",
           "date": {"start": "2005-02-18"}, "places": [{"region": "AST"}]}
    with db.session() as s:
        store.create(s, canonical(BOMBING), author="a")
        store.create(s, canonical(law), author="a")
    with db.session() as s:
        def ids(**kw):
            return [e.origin for e in store.find(s, store.EventFilter(**kw))]

        assert ids(region="ATY") == ["x:1"]
        assert ids(action_type="verbal") == ["x:3"]
        assert ids(text="ЭКСТРЕМИЗМГЕ") == ["x:3"]
        from datetime import date

        assert ids(date_from=date(2010, 1, 1)) == ["x:1"]
