"""`sarap monitor …` as a user runs it, against the real test database."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from sarap.cli.main import app

runner = CliRunner()


def sarap(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_from_sources_to_series_alerts_and_export(cli_env, monitor_fixtures, feed_server, tmp_path):
    assert sarap("monitor", "sources", "add", "ys", "--kind", "csv", "--location",
                 monitor_fixtures / "youscan_export.csv", "--preset", "youscan").exit_code == 0
    assert sarap("monitor", "sources", "add", "tg", "--kind", "telegram", "--location",
                 monitor_fixtures / "telegram_channel.json").exit_code == 0
    assert sarap("monitor", "sources", "add", "zhetisu", "--kind", "rss", "--location",
                 f"{feed_server.url}/feed_rss.xml", "--outlet", "--platform", "news").exit_code == 0
    listed = json.loads(sarap("monitor", "sources", "list", "--json").stdout)
    assert [(s["name"], s["due"]) for s in listed] == [("tg", True), ("ys", True), ("zhetisu", True)]

    ran = sarap("monitor", "ingest", "--json")
    assert ran.exit_code == 0, ran.output
    reports = {r["source"]: r for r in json.loads(ran.stdout)}
    assert (reports["ys"]["added"], reports["tg"]["added"], reports["zhetisu"]["added"]) == (6, 4, 3)
    assert reports["zhetisu"]["duplicates"] == 1  # the feed repeats the news the other two carried
    again = sarap("monitor", "ingest")
    assert "no source is due" in again.stdout

    assert sarap("monitor", "topics", "add", "terror", "терроризм", "--rule",
                 "threshold:min_count=2,cooldown=0").exit_code == 0
    series = json.loads(sarap("monitor", "series", "terror", "--json").stdout)
    assert series["bucket"] == "hour"  # the items span under four days
    assert series["mentions"] == 8
    # an hour holds one or two items: too few to scale, so no hour reads 100 on one mention
    assert all(p["low_volume"] and p["index"] == 0 for p in series["points"])
    by_platform = json.loads(sarap("monitor", "series", "terror", "--by", "platform", "--json").stdout)
    assert {r["platform"] for r in by_platform} >= {"telegram", "facebook", "news"}
    daily = sarap("monitor", "index", "terror", "--bucket", "day")
    assert "2024-03-01" in daily.stdout and "100" in daily.stdout

    raised = json.loads(sarap("monitor", "alerts", "run", "--json").stdout)
    assert raised and all(a["rule"] == "threshold" for a in raised)
    assert json.loads(sarap("monitor", "alerts", "run", "--json").stdout) == []
    assert sarap("monitor", "alerts", "ack", raised[0]["id"]).exit_code == 0
    still_open = json.loads(sarap("monitor", "alerts", "list", "--open", "--json").stdout)
    assert len(still_open) == len(raised) - 1

    out = tmp_path / "terror.csv"
    assert sarap("monitor", "export", "terror", "--output", out).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 8  # the copies of one story count once
    authors = {r["author"] for r in rows}
    assert "aidana_k_1999" not in authors and "ak_orda_press" in authors


def test_errors_name_the_option_and_what_was_expected(cli_env, monitor_fixtures):
    bad = sarap("monitor", "sources", "add", "x", "--kind", "csv", "--location",
                monitor_fixtures / "youscan_export.csv", "--map", "published=Date")
    assert bad.exit_code == 1 and "required field 'text'" in bad.output
    assert sarap("monitor", "topics", "add", "t", "терроризм OR").exit_code == 1
    missing = sarap("monitor", "series", "nothing")
    assert missing.exit_code == 1 and "no topic named 'nothing'" in missing.output


def test_a_bad_row_in_an_export_stops_with_its_place(cli_env, monitor_fixtures):
    sarap("monitor", "sources", "add", "bad", "--kind", "csv", "--location",
          monitor_fixtures / "youscan_bad_date.csv", "--preset", "youscan")
    result = sarap("monitor", "ingest", "bad")
    assert result.exit_code == 1
    assert "youscan_bad_date.csv:3" in result.output and "31.02.2024" in result.output
