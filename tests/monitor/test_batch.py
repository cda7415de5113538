"""`sarap monitor batch`: export files analysed into a Parquet dataset, the series counted on it, and
the dataset loaded into the database, compared with what the database itself counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from batch_posts import MAP, QUERIES, write_posts
from sqlalchemy import func, select
from typer.testing import CliRunner

from sarap.cli.main import app
from sarap.core.db import Database
from sarap.monitor import analytics, store
from sarap.monitor.batch.load import load
from sarap.monitor.models import MonitorItem

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

def _run(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def _points(found: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(p["start"], p["count"], p["total"], p["index"]) for p in found["points"]]


def test_series_on_the_dataset_equals_the_database_after_load(tmp_path: Path, cli_env: dict[str, str],
                                                               db_url: str) -> None:
    posts, out = tmp_path / "posts.jsonl", tmp_path / "dataset"
    write_posts(posts)
    info = json.loads(_run("monitor", "batch", "analyse", str(posts), "--out", str(out), *MAP,
                           "--source", "batch-test", "--json").output)
    assert info["rows"] == 49 and info["duplicates"] >= 3
    assert (out / "day=2024-03-01").is_dir()

    report = json.loads(_run("monitor", "batch", "load", str(out), "--json").output)
    assert (report["added"], report["skipped"]) == (48, 1)
    again = json.loads(_run("monitor", "batch", "load", str(out), "--json").output)
    assert again["added"] == 0  # idempotent

    db = Database(db_url)
    for number, query in enumerate(QUERIES):
        on_parquet = json.loads(_run("monitor", "batch", "series", str(out), "--query", query,
                                     "--bucket", "day", "--json").output)
        with db.session() as session:
            topic = store.add_topic(session, name=f"t{number}", query=query, actor="test")
            in_db = analytics.series(session, topic, bucket="day").to_dict()
        assert in_db["mentions"] > 0, query
        assert _points(on_parquet) == _points(in_db), query
        assert (on_parquet["mentions"], on_parquet["total"], on_parquet["unique_authors"]) == \
               (in_db["mentions"], in_db["total"], in_db["unique_authors"]), query
    db.dispose()


def test_a_stopped_load_resumes_where_it_stopped(tmp_path: Path, db: Database) -> None:
    posts, out = tmp_path / "posts.jsonl", tmp_path / "dataset"
    write_posts(posts)
    data = tmp_path / "data"
    result = CliRunner().invoke(app, ["monitor", "batch", "analyse", str(posts), "--out", str(out), *MAP],
                                env={"SARAP_DATA_DIR": str(data), "SARAP_DATABASE_URL": str(db.url)})
    assert result.exit_code == 0, result.output

    def stop(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load(db, out, actor="test", progress=stop, batch_size=20)
    resumed = load(db, out, actor="test", batch_size=20)
    assert (resumed.resumed_from, resumed.read) == (20, 29)  # the first batch of 20 was committed
    with db.session() as session:
        stored = session.scalar(select(func.count(MonitorItem.id)))
        linked = session.scalar(select(func.count(MonitorItem.id))
                                .where(MonitorItem.duplicate_of_id.isnot(None)))
    assert stored == 48 and linked and linked >= 3


def test_bad_input_names_file_row_and_field(tmp_path: Path, cli_env: dict[str, str]) -> None:
    posts = tmp_path / "bad.jsonl"
    posts.write_text('{"id": "a", "date": "2024-03-01T10:00:00+05:00", "text": "бір"}\n'
                     '{"id": "b", "date": "ертең", "text": "екі"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["monitor", "batch", "analyse", str(posts), "--out",
                                      str(tmp_path / "o"), *MAP])
    assert result.exit_code == 1
    assert "bad.jsonl:2" in result.output and "published" in result.output
    missing = CliRunner().invoke(app, ["monitor", "batch", "series", str(tmp_path), "--query", "x"])
    assert missing.exit_code == 1 and "not an analysed dataset" in missing.output
