"""Ingestion: once per item, duplicates linked, authors hashed, and a crash loses and doubles nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sarap.core import audit
from sarap.core.errors import InvalidInput
from sarap.monitor import files, ingest, store
from sarap.monitor.models import IngestRun, MonitorItem


def _add(db, name, kind, location, **kw):
    with db.session() as s:
        store.add_source(s, name=name, kind=kind, location=str(location), actor="t", **kw)


def _items(db):
    with db.session() as s:
        return list(s.scalars(select(MonitorItem).order_by(MonitorItem.id)))


def test_a_feed_ingested_twice_adds_its_items_once_and_the_second_poll_is_a_304(
        db, feed_server, pseudonymiser):
    _add(db, "zhetisu", "rss", f"{feed_server.url}/feed_rss.xml", all_public=True)
    first = ingest.ingest(db, "zhetisu", pseudonymiser=pseudonymiser, actor="t")
    assert (first.read, first.added, first.duplicates) == (3, 3, 0)
    second = ingest.ingest(db, "zhetisu", pseudonymiser=pseudonymiser, actor="t")
    assert second.not_modified and second.added == 0
    feed_server.touch("feed_rss.xml")  # the feed changes its ETag but repeats the same items
    third = ingest.ingest(db, "zhetisu", pseudonymiser=pseudonymiser, actor="t")
    assert (third.read, third.added, third.skipped) == (3, 0, 3)
    items = _items(db)
    assert len(items) == 3
    assert [i.language for i in items] == ["kk", "ru", "kk"]
    assert items[0].author_key == "Жетісу жаңалықтары" and items[0].author_public  # an outlet
    with db.session() as s:
        assert audit.verify(s).ok
        assert s.scalar(select(func.count(IngestRun.id))) == 3


def test_a_web_page_source_stores_its_main_text(db, feed_server, pseudonymiser):
    _add(db, "karaganda", "web", f"{feed_server.url}/page.html", platform="web")
    ingest.ingest(db, "karaganda", pseudonymiser=pseudonymiser, actor="t")
    (item,) = _items(db)
    assert item.title == "В Караганде обсудили профилактику радикализма"
    assert "круглый стол" in item.text and "Погода" not in item.text
    assert item.language == "ru"


def test_the_same_news_from_three_sources_is_one_item_and_two_linked_duplicates(
        db, feed_server, monitor_fixtures, pseudonymiser):
    _add(db, "zhetisu", "rss", f"{feed_server.url}/feed_rss.xml", all_public=True)
    _add(db, "ys", "csv", monitor_fixtures / "youscan_export.csv",
         options=files.load_mapping(preset_name="youscan").to_dict())
    _add(db, "tg", "telegram", monitor_fixtures / "telegram_channel.json")
    for name in ("zhetisu", "ys", "tg"):
        ingest.ingest(db, name, pseudonymiser=pseudonymiser, actor="t")
    items = _items(db)
    first = next(i for i in items if i.external_id == "zhetisu-1001")
    # The YouScan row has the same words without the commas: an exact duplicate.
    ys2 = next(i for i in items if i.external_id == "ys-2")
    assert (ys2.duplicate_of_id, ys2.duplicate_kind) == (first.id, "exact")
    # The Telegram forward adds a line naming the source: a near duplicate.
    forward = next(i for i in items if i.external_id == "1712345678/3")
    assert (forward.duplicate_of_id, forward.duplicate_kind) == (first.id, "near")
    assert sum(1 for i in items if i.duplicate_of_id is None) == len(items) - 2


def test_authors_are_stored_as_keyed_hashes_except_outlets_and_official_accounts(
        db, monitor_fixtures, pseudonymiser, tmp_path):
    _add(db, "ys", "csv", monitor_fixtures / "youscan_export.csv",
         options=files.load_mapping(preset_name="youscan").to_dict())
    ingest.ingest(db, "ys", pseudonymiser=pseudonymiser, actor="t")
    by_id = {i.external_id: i for i in _items(db)}
    person = by_id["ys-1"].author_key
    assert person and "aidana" not in person and len(person) == 32 and not by_id["ys-1"].author_public
    assert by_id["ys-5"].author_key == person  # the same person, the same key
    assert by_id["ys-4"].author_key == "ak_orda_press" and by_id["ys-4"].author_public
    for item in by_id.values():
        assert "aidana" not in json.dumps(item.extra, ensure_ascii=False)
    key_file = tmp_path / "data" / "monitor-author.key"
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only


def _posts(path: Path, count: int, bad_line: int | None = None) -> None:
    lines = []
    for n in range(1, count + 1):
        when = "not a date" if n == bad_line else f"2024-03-{1 + n % 20:02d}T10:00:00+05:00"
        lines.append(json.dumps({"id": f"p{n}", "when": when, "text": (
            f"Хабарлама нөмірі {n}: облыстағы {n}-ші мектепте терроризмнің алдын алу сабағы өтті, "
            f"оған {n * 7} оқушы мен {n + 3} мұғалім қатысты.")}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


MAPPING = {"format": "jsonl", "columns": {"id": "id", "published": "when", "text": "text"}}

CRASHER = textwrap.dedent("""
    import os, sys
    from sarap.core.db import Database
    from sarap.monitor import ingest
    from sarap.monitor.pseudonyms import Pseudonymiser

    def die(position):
        if position >= 10:
            os._exit(137)  # as if killed: no clean-up, no rollback handler runs

    ingest.ingest(Database(sys.argv[1]), "posts", pseudonymiser=Pseudonymiser.in_data_dir(sys.argv[2]),
                  actor="t", batch_size=5, progress=die)
""")


def test_a_crash_mid_file_then_a_rerun_leaves_every_item_once(db, db_url, tmp_path, pseudonymiser):
    path = tmp_path / "posts.jsonl"
    _posts(path, 23)
    _add(db, "posts", "jsonl", path, options=MAPPING)
    crashed = subprocess.run([sys.executable, "-c", CRASHER, db_url, str(tmp_path / "data")],
                             capture_output=True, text=True, timeout=120)
    assert crashed.returncode == 137, crashed.stderr
    assert len(_items(db)) == 10  # two batches of 5 were committed before the crash

    report = ingest.ingest(db, "posts", pseudonymiser=pseudonymiser, actor="t", batch_size=5)
    assert report.resumed_from == 10 and report.added == 13 and report.skipped == 0
    ids = [i.external_id for i in _items(db)]
    assert sorted(ids) == sorted(f"p{n}" for n in range(1, 24))
    again = ingest.ingest(db, "posts", pseudonymiser=pseudonymiser, actor="t", batch_size=5)
    assert (again.added, again.skipped) == (0, 23)


def test_a_bad_row_stops_the_run_keeps_the_committed_batches_and_the_fixed_file_completes(
        db, tmp_path, pseudonymiser):
    path = tmp_path / "posts.jsonl"
    _posts(path, 12, bad_line=8)
    _add(db, "posts", "jsonl", path, options=MAPPING)
    with pytest.raises(InvalidInput) as caught:
        ingest.ingest(db, "posts", pseudonymiser=pseudonymiser, actor="t", batch_size=5)
    assert "posts.jsonl:8" in str(caught.value) and "published (when)" in str(caught.value)
    assert len(_items(db)) == 5
    with db.session() as s:
        run = s.scalar(select(IngestRun).order_by(IngestRun.id.desc()))
        assert (run.state, run.position) == ("failed", 5)
        assert store.source_named(s, "posts").last_state == "failed"

    _posts(path, 12)
    report = ingest.ingest(db, "posts", pseudonymiser=pseudonymiser, actor="t", batch_size=5)
    assert (report.added, report.skipped) == (7, 5)
    assert len(_items(db)) == 12


def test_sources_are_due_by_interval_or_by_a_changed_file(db, feed_server, tmp_path, pseudonymiser):
    path = tmp_path / "posts.jsonl"
    _posts(path, 3)
    _add(db, "posts", "jsonl", path, options=MAPPING)
    _add(db, "zhetisu", "rss", f"{feed_server.url}/feed_rss.xml", interval_minutes=30)
    assert ingest.due_sources(db) == ["posts", "zhetisu"]
    for name in ("posts", "zhetisu"):
        ingest.ingest(db, name, pseudonymiser=pseudonymiser, actor="t")
    assert ingest.due_sources(db) == []
    _posts(path, 4)
    assert ingest.due_sources(db) == ["posts"]
