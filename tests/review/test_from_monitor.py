"""Monitored items enter the review queue when their score reaches the threshold, once each."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sarap.cli.main import app

runner = CliRunner()
POSTS = [
    ("p1", "Убивайте их всех! Завтра взрывайте вокзал."),  # synthetic incitement (tests/fixtures/review)
    ("p2", "Мы осуждаем теракт и выражаем соболезнования семьям погибших."),  # condemnation
    ("p3", "Акимат провёл семинар по профилактике терроризма для студентов."),  # prevention news
]


def sarap(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_only_flagged_monitored_items_are_queued_and_only_once(cli_env, tmp_path):
    export = tmp_path / "posts.jsonl"
    export.write_text("".join(json.dumps({"id": i, "created": "2024-03-06T10:00:00+05:00", "body": text,
                                          "nick": f"user_{i}", "lang": "ru"}, ensure_ascii=False) + "\n"
                              for i, text in POSTS), encoding="utf-8")
    assert sarap("monitor", "sources", "add", "forum", "--kind", "jsonl", "--location", export,
                 "--map", "id=id", "--map", "published=created", "--map", "text=body",
                 "--map", "author=nick", "--map", "language=lang").exit_code == 0
    assert sarap("monitor", "ingest", "forum").exit_code == 0
    first = sarap("review", "from-monitor", "--json")
    assert first.exit_code == 0, first.output
    found = json.loads(first.stdout)
    assert found["scanned"] == 3 and len(found["queued"]) == 1
    again = json.loads(sarap("review", "from-monitor", "--json").stdout)
    assert again["queued"] == found["queued"]  # the same item, not a second copy
    shown = json.loads(sarap("review", "show", found["queued"][0], "--json").stdout)
    assert shown["state"] == "pending" and "взрывайте" in shown["text"]
    assert "user_p1" not in json.dumps(shown, ensure_ascii=False)  # the author stays pseudonymous
