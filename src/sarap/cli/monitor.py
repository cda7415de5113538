"""`sarap monitor …`: information-space monitoring — sources, ingest, topics, series, index,
comparison, terms, alerts, export."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from sarap.cli import monitor_batch
from sarap.cli.common import acting_user, console, database, err, print_json, reports_errors
from sarap.core.errors import InvalidInput, Problem
from sarap.core.partial_dates import iso_day
from sarap.core.settings import load_settings
from sarap.monitor import alerts as alerts_mod
from sarap.monitor import analytics, files, ingest, store
from sarap.monitor import export as export_mod
from sarap.monitor.pseudonyms import Pseudonymiser

app = typer.Typer(help="Information-space monitoring: sources, ingest, topics, series, index, alerts.",
                  no_args_is_help=True)
sources_app = typer.Typer(help="Feeds, pages and export files to collect from.", no_args_is_help=True)
topics_app = typer.Typer(help="Saved queries with filters.", no_args_is_help=True)
alerts_app = typer.Typer(help="Spike alerts: run the rules, list, acknowledge.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(topics_app, name="topics")
app.add_typer(alerts_app, name="alerts")
app.add_typer(monitor_batch.app, name="batch")

JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")
FromOpt = typer.Option(None, "--from", help="From this day (YYYY-MM-DD, UTC).")
ToOpt = typer.Option(None, "--to", help="Up to and including this day (YYYY-MM-DD, UTC).")
BucketOpt = typer.Option(None, "--bucket", help="hour, day or week (default: by the range).")
DupOpt = typer.Option(False, "--include-duplicates", help="Count reposts and copies too.")



def _scope(topic: Any, date_from: str | None, date_to: str | None, dups: bool) -> analytics.Scope:
    start, end = iso_day(date_from, "--from"), iso_day(date_to, "--to")
    return analytics.Scope.of_topic(
        topic, start=datetime.combine(start, time(), UTC) if start else None,
        end=datetime.combine(end + timedelta(days=1), time(), UTC) if end else None,
        include_duplicates=dups or None)


def _bucket(value: str | None) -> str | None:
    if value is not None and value not in analytics.BUCKETS:
        raise InvalidInput([Problem("unknown bucket", column="--bucket", value=value,
                                    expected="hour, day or week")])
    return value


# --- sources --------------------------------------------------------------------------------------

@sources_app.command("add")
@reports_errors
def sources_add(
    name: str,
    kind: str = typer.Option(..., "--kind", help="rss, atom, web, csv, jsonl or telegram."),
    location: str = typer.Option(..., "--location", "-l", help="URL of a feed or page, or path of a file."),
    platform: str = typer.Option(None, help="Platform of its items (e.g. news, telegram, facebook)."),
    interval: int = typer.Option(60, help="Minutes between polls of a feed or page."),
    preset: str = typer.Option(None, help="Column mapping preset for CSV/JSONL (e.g. youscan)."),
    mapping: Path = typer.Option(None, help="Column mapping YAML file for CSV/JSONL."),
    maps: list[str] = typer.Option(None, "--map", help="field=Column (repeatable; over the preset)."),
    timezone: str = typer.Option(None, help="Time zone of times without an offset (default Asia/Almaty)."),
    public_author: list[str] = typer.Option(None, "--public-author",
                                            help="An outlet or official account whose handle is kept."),
    outlet: bool = typer.Option(False, "--outlet", help="Every author of this source is a public outlet."),
    agency: str = typer.Option(None, help="Owning agency code."),
    access: str = typer.Option("public", help="public, official or restricted."),
) -> None:
    """Add a source to collect from."""
    options: dict[str, Any] = {}
    if kind in ("csv", "jsonl"):
        options = files.load_mapping(preset_name=preset, mapping_file=mapping, overrides=maps,
                                     fmt=kind).to_dict()
    if timezone:
        options["timezone"] = timezone
    with database().session() as session:
        source = store.add_source(session, name=name, kind=kind, location=location, platform=platform,
                                  interval_minutes=interval, options=options,
                                  public_authors=public_author or [], all_public=outlet, agency=agency,
                                  access_level=access, actor=acting_user())
        console.print(f"source {source.name!r} added ({source.kind}, platform {source.platform})")


@sources_app.command("list")
@reports_errors
def sources_list(as_json: bool = JsonOpt) -> None:
    """The sources with their last run and whether they are due."""
    with database().session() as session:
        rows: list[dict[str, Any]] = [
            {"name": s.name, "kind": s.kind, "platform": s.platform, "location": s.location,
                 "interval_minutes": s.interval_minutes, "last_polled_at": s.last_polled_at,
                 "last_state": s.last_state, "due": store.is_due(session, s), "access": s.access_level}
                for s in store.sources(session)]
    if as_json:
        print_json(rows)
        return
    table = Table("name", "kind", "platform", "location", "last run", "due")
    for r in rows:
        last = f"{r['last_state']} {r['last_polled_at']:%Y-%m-%d %H:%M}" if r["last_polled_at"] else "never"
        table.add_row(r["name"], r["kind"], r["platform"], r["location"], last, "yes" if r["due"] else "")
    console.print(table)


# --- ingest ---------------------------------------------------------------------------------------

@app.command("ingest")
@reports_errors
def ingest_cmd(
    name: str = typer.Argument(None, help="One source; without it, every source that is due."),
    batch_size: int = typer.Option(ingest.BATCH_SIZE, help="Items per committed batch."),
    as_json: bool = JsonOpt,
) -> None:
    """Collect new items from one source, or from all sources that are due."""
    db = database()
    pseudonymiser = Pseudonymiser.in_data_dir(load_settings().data_dir)
    names = [name] if name else ingest.due_sources(db)
    reports = []
    failed = False
    for source in names:
        total = ingest.count_records(db, source)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, transient=True, disable=as_json) as bar:
            task = bar.add_task(source, total=total)

            def advance(n: int, t: TaskID = task, b: Progress = bar) -> None:
                b.update(t, completed=n)

            try:
                report = ingest.ingest(db, source, pseudonymiser=pseudonymiser, actor=acting_user(),
                                       batch_size=batch_size,
                                       progress=advance)
            except InvalidInput as exc:
                if name:
                    raise
                failed = True
                for problem in exc.problems:
                    err.print(f"[red]error[/red] {source}: {problem}", highlight=False)
                continue
        reports.append(report.to_dict())
        if not as_json:
            note = "not modified" if report.not_modified else (
                f"resumed at {report.resumed_from + 1}, " if report.resumed_from else "")
            console.print(f"{source}: read {report.read}, added {report.added} "
                          f"({report.duplicates} duplicates), already there {report.skipped}"
                          + (f"; {note}" if note else ""))
    if as_json:
        print_json(reports)
    elif not names:
        console.print("no source is due")
    if failed:
        raise typer.Exit(1)


# --- topics ---------------------------------------------------------------------------------------

def _rule(text: str) -> dict[str, Any]:
    """`anomaly:k=3,window=7` → {"kind": "anomaly", "k": "3", "window": "7"}."""
    kind, _, settings = text.partition(":")
    rule: dict[str, Any] = {"kind": kind.strip()}
    for part in filter(None, (p.strip() for p in settings.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            raise InvalidInput([Problem("a rule setting is key=value", column="--rule", value=text,
                                        expected="e.g. anomaly:k=3,window=7 or threshold:min_count=20")])
        rule[key.strip()] = value.strip()
    return rule


@topics_app.command("add")
@reports_errors
def topics_add(
    name: str, query: str,
    language: list[str] = typer.Option(None, "--language", help="kk, ru, en, mixed, unknown (repeatable)."),
    platform: list[str] = typer.Option(None, "--platform", help="Only these platforms (repeatable)."),
    source: list[str] = typer.Option(None, "--source", help="Only these sources (repeatable)."),
    date_from: str = FromOpt, date_to: str = ToOpt,
    rule: list[str] = typer.Option(None, "--rule", help="Alert rule, e.g. anomaly:k=3,window=7 or "
                                   "threshold:min_count=20,cooldown=2 (repeatable; default: anomaly)."),
    agency: str = typer.Option(None, help="Owning agency code."),
    access: str = typer.Option("public", help="public, official or restricted."),
) -> None:
    """Save a topic: a query (see docs/query-language.md) and its filters."""
    filters = {"languages": language or [], "platforms": platform or [], "sources": source or [],
               "start": date_from, "end": date_to}
    with database().session() as session:
        topic = store.add_topic(session, name=name, query=query, filters=filters,
                                alert_rules=[_rule(r) for r in rule] if rule else None, agency=agency,
                                access_level=access, actor=acting_user())
        console.print(f"topic {topic.name!r} saved: {topic.query}")


@topics_app.command("list")
@reports_errors
def topics_list(as_json: bool = JsonOpt) -> None:
    with database().session() as session:
        rows: list[dict[str, Any]] = [
            {"name": t.name, "query": t.query, "filters": t.filters, "alert_rules": t.alert_rules,
                 "access": t.access_level} for t in store.topics(session)]
    if as_json:
        print_json(rows)
        return
    table = Table("name", "query", "filters", "access")
    for r in rows:
        filters = ", ".join(f"{k}={v}" for k, v in r["filters"].items())
        table.add_row(r["name"], r["query"], filters, r["access"])
    console.print(table)


# --- analytics ------------------------------------------------------------------------------------

def _series_table(result: analytics.Series, index_only: bool) -> Table:
    fmt = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d", "week": "week of %Y-%m-%d"}[result.bucket]
    table = Table("bucket", *(() if index_only else ("mentions", "all items", "share %")), "index",
                  title=f"{result.topic}: {result.mentions} mentions of {result.total} items, "
                        f"{result.unique_authors} unique authors (by {result.bucket})")
    for p in result.points:
        cells = () if index_only else (str(p.count), str(p.total), f"{100 * p.share:.1f}")
        table.add_row(p.start.strftime(fmt), *cells, "low volume" if p.low_volume else str(p.index))
    return table


@app.command("series")
@reports_errors
def series_cmd(topic: str, date_from: str = FromOpt, date_to: str = ToOpt, bucket: str = BucketOpt,
               by: str = typer.Option(None, "--by", help="platform, source, language or region instead "
                                      "of time."),
               include_duplicates: bool = DupOpt, as_json: bool = JsonOpt) -> None:
    """Mentions of a topic over time (or by platform, source, language, region), with the share of all
    items in the same scope and the interest index."""
    with database().session() as session:
        found = store.topic_named(session, topic)
        scope = _scope(found, date_from, date_to, include_duplicates)
        if by:
            if by not in analytics.BREAKDOWNS:
                raise InvalidInput([Problem("unknown breakdown", column="--by", value=by,
                                            expected=", ".join(analytics.BREAKDOWNS))])
            rows = analytics.breakdown(session, found, by, scope)
            if as_json:
                print_json(rows)
                return
            table = Table(by, "mentions", "all items", "share %", "unique authors", title=topic)
            for r in rows:
                table.add_row(str(r[by]), str(r["mentions"]), str(r["total"]), f"{100 * r['share']:.1f}",
                              str(r["unique_authors"]))
            console.print(table)
            return
        result = analytics.series(session, found, scope, bucket=_bucket(bucket))
    if as_json:
        print_json(result.to_dict())
        return
    console.print(_series_table(result, index_only=False))


@app.command("index")
@reports_errors
def index_cmd(topic: str, date_from: str = FromOpt, date_to: str = ToOpt, bucket: str = BucketOpt,
              as_json: bool = JsonOpt) -> None:
    """The interest index 0–100 of a topic (its share of all items per bucket; the peak is 100)."""
    with database().session() as session:
        found = store.topic_named(session, topic)
        result = analytics.series(session, found, _scope(found, date_from, date_to, False),
                                  bucket=_bucket(bucket))
    if as_json:
        print_json({"topic": result.topic, "bucket": result.bucket,
                    "index": [{"start": p.start.isoformat(), "index": p.index} for p in result.points]})
        return
    console.print(_series_table(result, index_only=True))


@app.command("compare")
@reports_errors
def compare_cmd(topics: list[str], date_from: str = FromOpt, date_to: str = ToOpt, bucket: str = BucketOpt,
                as_json: bool = JsonOpt) -> None:
    """Several topics on one interest index (the highest share of any of them is 100)."""
    with database().session() as session:
        found = [store.topic_named(session, t) for t in topics]
        start, end = iso_day(date_from, "--from"), iso_day(date_to, "--to")
        scope = analytics.Scope(start=datetime.combine(start, time(), UTC) if start else None,
                                end=datetime.combine(end + timedelta(days=1), time(), UTC)
                                if end else None)
        result = analytics.compare(session, found, scope, bucket=_bucket(bucket))
    if as_json:
        print_json(result.to_dict())
        return
    table = Table(f"bucket ({result.bucket})", *topics)
    for i, start_at in enumerate(result.starts):
        table.add_row(start_at.strftime("%Y-%m-%d %H:%M" if result.bucket == "hour" else "%Y-%m-%d"),
                      *(str(result.topics[t][i].index) for t in topics))
    console.print(table)


@app.command("terms")
@reports_errors
def terms_cmd(topic: str, date_from: str = FromOpt, date_to: str = ToOpt,
              limit: int = typer.Option(20, help="How many terms."), as_json: bool = JsonOpt) -> None:
    """Top terms of a topic's mentions and the terms that co-occur with it more than elsewhere."""
    with database().session() as session:
        found = store.topic_named(session, topic)
        result = analytics.terms(session, found, _scope(found, date_from, date_to, False), limit=limit)
    if as_json:
        print_json(result)
        return
    table = Table("top term", "items", "co-occurring term", "items", "lift")
    for i in range(max(len(result["top"]), len(result["co_occurring"]))):
        top = result["top"][i] if i < len(result["top"]) else {}
        co = result["co_occurring"][i] if i < len(result["co_occurring"]) else {}
        table.add_row(top.get("term", ""), str(top.get("items", "")), co.get("term", ""),
                      str(co.get("items", "")), str(co.get("lift", "")))
    console.print(table)


# --- alerts ---------------------------------------------------------------------------------------

def _alert_row(a: Any) -> dict[str, Any]:
    return {"id": a.id, "topic": a.topic.name, "rule": a.rule, "bucket": a.bucket,
            "window_start": a.window_start.isoformat(), "value": a.value, "threshold": a.threshold,
            "created_at": a.created_at, "acknowledged_by": a.acknowledged_by}


def _print_alerts(rows: list[dict[str, Any]], title: str) -> None:
    table = Table("id", "topic", "rule", "window", "value", "threshold", "acknowledged", title=title)
    for r in rows:
        table.add_row(str(r["id"]), r["topic"], r["rule"], f"{r['bucket']} {r['window_start'][:16]}",
                      f"{r['value']:g}", f"{r['threshold']:g}", r["acknowledged_by"] or "")
    console.print(table)


@alerts_app.command("run")
@reports_errors
def alerts_run(topic: str = typer.Argument(None, help="One topic; without it, every topic."),
               as_json: bool = JsonOpt) -> None:
    """Run the topics' alert rules; print the alerts newly raised."""
    with database().session() as session:
        chosen = [store.topic_named(session, topic)] if topic else store.topics(session)
        rows = [_alert_row(a) for t in chosen for a in alerts_mod.run_rules(session, t, actor=acting_user())]
    if as_json:
        print_json(rows)
        return
    _print_alerts(rows, f"{len(rows)} new alerts")


@alerts_app.command("list")
@reports_errors
def alerts_list(topic: str = typer.Option(None, help="Only this topic."),
                open_only: bool = typer.Option(False, "--open", help="Only those not acknowledged."),
                as_json: bool = JsonOpt) -> None:
    with database().session() as session:
        chosen = store.topic_named(session, topic) if topic else None
        rows = [_alert_row(a) for a in store.alerts(session, topic=chosen, open_only=open_only)]
    if as_json:
        print_json(rows)
        return
    _print_alerts(rows, f"{len(rows)} alerts")


@alerts_app.command("ack")
@reports_errors
def alerts_ack(alert_id: int) -> None:
    """Acknowledge an alert (kept, with who and when)."""
    with database().session() as session:
        alert = store.acknowledge(session, alert_id, actor=acting_user())
        console.print(f"alert {alert.id} acknowledged by {alert.acknowledged_by}")


# --- export ---------------------------------------------------------------------------------------

@app.command("export")
@reports_errors
def export_cmd(topic: str, output: Path = typer.Option(..., "--output", "-o"),
               fmt: str = typer.Option("csv", "--format", help="csv or jsonl."),
               date_from: str = FromOpt, date_to: str = ToOpt, include_duplicates: bool = DupOpt) -> None:
    """Write a topic's matched items to CSV or JSON Lines (authors pseudonymised)."""
    with database().session() as session:
        found = store.topic_named(session, topic)
        rows = export_mod.records(session, found, _scope(found, date_from, date_to, include_duplicates))
    export_mod.write(output, rows, fmt)
    console.print(f"{len(rows)} items written to {output}")


@app.command("sentiment")
@reports_errors
def sentiment_cmd(rescore: bool = typer.Option(False, "--rescore", help="Score every item again."),
                  method: str = typer.Option("auto", help="auto, lexicon, classifier or local."),
                  as_json: bool = JsonOpt) -> None:
    """Score collected items positive/negative/neutral (kk, ru, en); other languages stay unscored."""
    from sarap.monitor.sentiment import score_items

    with database().session() as session:
        labels = score_items(session, load_settings().data_dir, actor=acting_user(), rescore=rescore,
                             method=method)
    if as_json:
        print_json(dict(labels))
        return
    for label, count in sorted(labels.items()):
        console.print(f"{label}: {count}")
    if not labels:
        console.print("every item already has a sentiment label (--rescore to score again)")


demo_app = typer.Typer(help="The demonstration corpus: posts generated from the shipped texts, two topics "
                       "and an alert rule, so the pages show data on a fresh install.", no_args_is_help=True)
app.add_typer(demo_app, name="demo")


@demo_app.command("load")
@reports_errors
def demo_load() -> None:
    """Generate and ingest the demonstration corpus (nothing happens when it is there)."""
    from sarap.monitor import demo

    report = demo.load(database(), load_settings().data_dir, actor=acting_user())
    if report is None:
        console.print("the demonstration corpus is already loaded; `sarap monitor demo remove` removes it")
        return
    console.print(f"demonstration corpus (generated from the shipped texts): {report.items} posts, "
                  f"{report.topics} topics, {report.alerts} alerts")


@demo_app.command("remove")
@reports_errors
def demo_remove() -> None:
    """Remove the demonstration corpus: its source, posts, topics and alerts."""
    from sarap.monitor import demo

    report = demo.remove(database(), actor=acting_user())
    console.print(f"removed the demonstration corpus: {report.items} posts, {report.topics} topics, "
                  f"{report.alerts} alerts")
