"""The sentiment step over collected items, from the CLI, with the shipped lexicons."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from sarap.cli.main import app
from sarap.core.db import Database
from sarap.monitor.models import MonitorItem

runner = CliRunner()


def sarap(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_items_get_a_label_once_and_unknown_languages_stay_unscored(cli_env, db: Database,
                                                                    monitor_fixtures):
    assert sarap("monitor", "sources", "add", "tg", "--kind", "telegram", "--location",
                 monitor_fixtures / "telegram_channel.json").exit_code == 0
    assert sarap("monitor", "ingest", "tg").exit_code == 0
    first = sarap("monitor", "sentiment", "--json")
    assert first.exit_code == 0, first.output
    labels = json.loads(first.stdout)
    with db.session() as session:
        items = list(session.scalars(select(MonitorItem)))
    assert sum(labels.values()) == len(items) and all(i.sentiment for i in items)
    for item in items:
        assert (item.sentiment == "unscored") == (item.language not in ("kk", "ru", "en"))
    assert json.loads(sarap("monitor", "sentiment", "--json").stdout) == {}  # nothing left to score
    assert sum(json.loads(sarap("monitor", "sentiment", "--rescore", "--json").stdout).values()) == len(items)
