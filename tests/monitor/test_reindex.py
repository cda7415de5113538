"""`sarap text reindex`: items and documents analysed by an older pipeline are re-analysed, in
committed batches, so a stopped run resumes where it stopped."""

from __future__ import annotations

import json

from sqlalchemy import select, update

from sarap.monitor import ingest, reanalyse, store
from sarap.monitor.models import MonitorItem
from sarap.text import pipeline


def _items(db, tmp_path, pseudonymiser, n=7):
    rows = [{"id": f"p{i}", "when": f"2024-03-01T10:0{i}:00+00:00",
             "text": f"Алматыда терроризмге қарсы жаттығу өтті, {i}-кезең."} for i in range(n)]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    mapping = {"format": "jsonl", "columns": {"id": "id", "published": "when", "text": "text"}}
    with db.session() as s:
        store.add_source(s, name="items", kind="jsonl", location=str(path), options=mapping, actor="t")
    ingest.ingest(db, "items", pseudonymiser=pseudonymiser, actor="t")


def test_old_items_are_reanalysed_in_resumable_batches(db, tmp_path, pseudonymiser):
    _items(db, tmp_path, pseudonymiser)
    with db.session() as s:
        assert set(s.scalars(select(MonitorItem.pipeline_version))) == {pipeline.VERSION}
        assert reanalyse.stale_count(s) == 0
        s.execute(update(MonitorItem).values(pipeline_version=None, terms="stale"))
    seen: list[int] = []
    # a run that stops after 4 items (as a crash would, between batches) …
    assert reanalyse.reanalyse(db, actor="t", batch_size=2, limit=4, progress=seen.append) == 4
    assert seen == [2, 4]
    with db.session() as s:
        assert reanalyse.stale_count(s) == 3
    # … and the next run does the rest, and only the rest
    assert reanalyse.reanalyse(db, actor="t", batch_size=2) == 3
    with db.session() as s:
        assert reanalyse.stale_count(s) == 0
        terms = set(s.scalars(select(MonitorItem.terms)))
    assert "stale" not in terms and all("террор" in t.split() for t in terms)


def test_the_cli_reports_what_it_reanalysed(db, tmp_path, pseudonymiser, cli_env):
    from typer.testing import CliRunner

    from sarap.cli.main import app

    _items(db, tmp_path, pseudonymiser, n=3)
    with db.session() as s:
        s.execute(update(MonitorItem).values(pipeline_version="0.9"))
    result = CliRunner().invoke(app, ["text", "reindex", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"pipeline_version": pipeline.VERSION, "monitor_items": 3,
                                         "library_units": 0}
