"""`sarap events …`: the event data bank from the terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import Progress
from rich.table import Table

from sarap.cli.common import acting_user, console, database, err, print_json, reports_errors
from sarap.cli.lazy import lazy_module
from sarap.core.errors import InvalidInput, Problem
from sarap.core.partial_dates import iso_day
from sarap.events.codebook import label

if TYPE_CHECKING:  # imported at first use, so that `sarap events … --help` stays fast
    import yaml

    from sarap.core import safeload
    from sarap.events import duplicates as dup
    from sarap.events import importing, records, store
    from sarap.events import seed as seeding
    from sarap.events import stats as stats_mod
    from sarap.events.exporters import native, table_a1
    from sarap.events.models import Event
else:
    yaml, safeload, dup, importing, records, store, seeding, stats_mod, native, table_a1 = map(
        lazy_module, ("yaml", "sarap.core.safeload", "sarap.events.duplicates",
                      "sarap.events.importing", "sarap.events.records", "sarap.events.store",
                      "sarap.events.seed", "sarap.events.stats", "sarap.events.exporters.native",
                      "sarap.events.exporters.table_a1"))

app = typer.Typer(help="The event data bank: list, add, edit, import, export, history.",
                  no_args_is_help=True)

EXPORT_FORMATS = ("csv", "xlsx", "jsonl", "table-a1-xlsx", "table-a1-docx", "coded-table-xlsx",
                  "coded-table-docx")


def _filter(dataset: str | None, date_from: str | None, date_to: str | None, region: str | None,
            category: str | None, action_type: str | None, side: str | None,
            text: str | None) -> store.EventFilter:
    return store.EventFilter(dataset=dataset, date_from=iso_day(date_from, "--from"),
                             date_to=iso_day(date_to, "--to"), region=region, category=category,
                             action_type=action_type, side=side, text=text)


DatasetOpt = typer.Option(None, "--dataset", "-d", help="Only events of this dataset.")
FromOpt = typer.Option(None, "--from", help="Events that end on or after YYYY-MM-DD.")
ToOpt = typer.Option(None, "--to", help="Events that start on or before YYYY-MM-DD.")
RegionOpt = typer.Option(None, help="Region code (see `sarap regions`).")
CategoryOpt = typer.Option(None, help="Category code (see `sarap codebook`).")
ActionOpt = typer.Option(None, "--action-type", help="verbal or physical.")
SideOpt = typer.Option(None, help="perpetrators or counter_terrorism.")
TextOpt = typer.Option(None, "--text", "-t", help="Words in the summary, notes or date text.")
JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")
ReasonOpt = typer.Option(None, "--reason", "-m", help="Why: kept in the revision.")


def _place(event: Event) -> str:
    return "; ".join(p.region or p.country or "" for p in event.places)


@app.command("list")
@reports_errors
def list_events(dataset: str | None = DatasetOpt, date_from: str | None = FromOpt,
                date_to: str | None = ToOpt, region: str | None = RegionOpt,
                category: str | None = CategoryOpt, action_type: str | None = ActionOpt,
                side: str | None = SideOpt, text: str | None = TextOpt,
                as_json: bool = JsonOpt, lang: str = typer.Option("kk", help="kk, ru or en.")
                ) -> None:
    """List events, filtered; --json prints every field of every event."""
    where = _filter(dataset, date_from, date_to, region, category, action_type, side, text)
    with database().session() as session:
        found = store.find(session, where)
        if as_json:
            print_json([native.event_json(e) for e in found])
            return
        table = Table("id", "date", "region", "category", "type", "side", "summary",
                      title=f"{len(found)} events")
        for e in found:
            table.add_row(str(e.id), e.date_text or e.date_start.isoformat(), _place(e),
                          label("categories", e.category, lang),
                          label("action_types", e.action_type, lang),
                          label("sides", e.side, lang), e.summary[:80])
        console.print(table)


@app.command("show")
@reports_errors
def show(event_id: int, as_json: bool = JsonOpt,
         as_yaml: bool = typer.Option(False, "--yaml",
                                      help="Plain YAML (the default when output is not a terminal).")
         ) -> None:
    """Show one event with its places, actors, casualties and sources.

    Redirected (`sarap events show 12 > e.yaml`) it writes plain YAML that `events edit` reads back."""
    with database().session() as session:
        event = store.get(session, event_id)
        data = native.event_json(event)
    if as_json:
        print_json(data)
        return
    # Long lines are not folded and nothing is styled, so an editor sees exactly what is stored.
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    if as_yaml or not sys.stdout.isatty():
        sys.stdout.write(text)
    else:
        console.print(text, highlight=False, markup=False, soft_wrap=True)


def _read_record(path: Path) -> dict[str, Any]:
    raw = safeload.load_file(path, expected="one event object (docs/event-format.md)")
    if not isinstance(raw, dict):
        raise InvalidInput([Problem("not one event object", file=path.name,
                                    expected="one event object (docs/event-format.md)")])
    record, problems = records.validate(raw, file=path.name)
    if problems:
        raise InvalidInput(problems)
    assert record is not None
    return record


@app.command("add")
@reports_errors
def add(file: Path = typer.Argument(..., exists=True, help="YAML or JSON event object."),
        dataset: str = typer.Option("default", "--dataset", "-d"),
        reason: str | None = ReasonOpt) -> None:
    """Add one event from a YAML/JSON file (docs/event-format.md)."""
    record = _read_record(file)
    with database().session() as session:
        target = store.dataset_named(session, dataset, create=True)
        event = store.create(session, record, author=acting_user(), reason=reason, dataset=target)
        console.print(f"added event {event.id}")


@app.command("edit")
@reports_errors
def edit(event_id: int, file: Path = typer.Argument(..., exists=True),
         reason: str | None = ReasonOpt) -> None:
    """Replace an event's fields with those in a YAML/JSON file; the change is a revision.

    Tip: `sarap events show ID > e.yaml`, edit e.yaml, then `sarap events edit ID e.yaml`."""
    record = _read_record(file)
    with database().session() as session:
        store.update(session, event_id, record, author=acting_user(), reason=reason)
    console.print(f"updated event {event_id}")


@app.command("delete")
@reports_errors
def delete(event_id: int, reason: str | None = ReasonOpt) -> None:
    """Delete an event; it stays in the history and `restore` can bring it back."""
    with database().session() as session:
        store.delete(session, event_id, author=acting_user(), reason=reason)
    console.print(f"deleted event {event_id}")


@app.command("history")
@reports_errors
def history(event_id: int, as_json: bool = JsonOpt) -> None:
    """Show every revision of an event: who, when, why and what changed."""
    with database().session() as session:
        revisions = store.history(session, event_id)
        rows: list[dict[str, Any]] = [
            {"number": r.number, "action": r.action, "author": r.author, "at": r.created_at,
             "reason": r.reason, "diff": r.diff} for r in revisions]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        console.print(f"[bold]#{row['number']} {row['action']}[/bold] by {row['author']} at "
                      f"{row['at']}" + (f" — {row['reason']}" if row["reason"] else ""))
        for path, (before, after) in row["diff"].items():
            console.print(f"    {path}: {before!r} → {after!r}", highlight=False, markup=False)


@app.command("restore")
@reports_errors
def restore(event_id: int, revision: int, reason: str | None = ReasonOpt) -> None:
    """Bring an event back to the state of one of its revisions."""
    with database().session() as session:
        store.restore(session, event_id, revision, author=acting_user(), reason=reason)
    console.print(f"event {event_id} restored to revision {revision}")


@app.command("import")
@reports_errors
def import_events(
    file: Path = typer.Argument(..., exists=True, dir_okay=False),
    dataset: str = typer.Option(..., "--dataset", "-d", help="Dataset to import into."),
    fmt: str | None = typer.Option(None, "--format", "-f",
                                   help="csv, xlsx, jsonl, json, yaml, gtd or acled."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count; write nothing."),
    skip_bad: bool = typer.Option(False, "--skip-bad",
                                  help="Import the good rows; bad rows go to a reject file."),
    reject_file: Path | None = typer.Option(None, help="Where --skip-bad writes bad rows."),
    as_json: bool = JsonOpt,
) -> None:
    """Import events in one transaction: any bad row and nothing is written (unless --skip-bad)."""
    db = database()
    with Progress(console=err, transient=True, disable=as_json) as progress:
        task = progress.add_task(f"reading {file.name}", total=None)
        report = importing.run_import(
            db, file, dataset=dataset, author=acting_user(), fmt=fmt, dry_run=dry_run,
            skip_bad=skip_bad, reject_file=reject_file,
            progress=lambda n: progress.update(task, completed=n))
    if as_json:
        print_json(report.to_dict())
    else:
        for problem in report.errors:
            err.print(f"[red]error[/red] {problem}", highlight=False)
        verb = "would import" if dry_run else "imported"
        if report.failed:
            err.print(f"read {report.read} rows; {len(report.errors)} problems; nothing written")
        else:
            console.print(f"read {report.read} rows; {verb} {report.imported} "
                          f"({report.created} new, {report.updated} updated), "
                          f"{report.unchanged} unchanged, {report.rejected} rejected"
                          + (f" → {report.reject_file}" if report.reject_file else ""))
    if report.failed:
        raise typer.Exit(1)


@app.command("export")
@reports_errors
def export(output: Path = typer.Argument(..., help="File to write."),
           fmt: str | None = typer.Option(None, "--format", "-f",
                                          help=", ".join(EXPORT_FORMATS)),
           dataset: str | None = DatasetOpt, date_from: str | None = FromOpt,
           date_to: str | None = ToOpt, region: str | None = RegionOpt,
           category: str | None = CategoryOpt, action_type: str | None = ActionOpt,
           side: str | None = SideOpt, text: str | None = TextOpt,
           omit_individuals: bool = typer.Option(
               False, help="Leave out actors who are individuals (DESIGN §6)."),
           with_corrections: bool = typer.Option(
               False, help="table-a1-*/coded-table-*: add a column with our corrections.")) -> None:
    """Export the filtered events; csv/xlsx/jsonl can be imported back, losing nothing.

    table-a1-xlsx/-docx: the author's table А.1 (its rows, order and cells verbatim);
    coded-table-xlsx/-docx: any events in that layout, written from the coded fields."""
    fmt = fmt or output.suffix.lstrip(".").lower()
    fmt = {"docx": "coded-table-docx"}.get(fmt, fmt)
    writers = {"csv": native.write_csv, "xlsx": native.write_xlsx, "jsonl": native.write_jsonl}
    tables = {"table-a1": table_a1.author_table, "coded-table": table_a1.coded_table}
    kind, _, suffix = fmt.rpartition("-")
    if fmt not in writers and not (kind in tables and suffix in ("xlsx", "docx")):
        raise InvalidInput([Problem("unknown export format", value=fmt,
                                    expected=", ".join(EXPORT_FORMATS))])
    where = _filter(dataset, date_from, date_to, region, category, action_type, side, text)
    with database().session(rollback=True) as session:
        found = store.find(session, where)
        omitted = {a.name for e in found for a in e.actors if a.kind == "individual"}
        if omit_individuals:
            for event in found:
                event.actors = [a for a in event.actors if a.kind != "individual"]
        if fmt in writers:
            writers[fmt](found, output)
            console.print(f"wrote {len(found)} events to {output}")
            return
        layout = tables[kind](found, with_corrections, omitted if omit_individuals else ())
        (table_a1.write_xlsx if suffix == "xlsx" else table_a1.write_docx)(layout, output)
    console.print(f"wrote {len(layout.rows)} rows ({layout.title}) to {output}")


@app.command("duplicates")
@reports_errors
def duplicates(dataset: str | None = DatasetOpt,
               threshold: float | None = typer.Option(
                   None, help="Lowest score shown (0–1; default: the duplicate rule's own threshold)."),
               as_json: bool = JsonOpt) -> None:
    """List likely duplicates with a score and the reasons; merge with `events merge`."""
    with database().session() as session:
        found = dup.find_duplicates(store.find(session, store.EventFilter(dataset=dataset)),
                                    dup.THRESHOLD if threshold is None else threshold)
        rows: list[dict[str, Any]] = [{"first": c.first.id, "second": c.second.id, "score": c.score,
                 "reasons": c.reasons, "first_summary": c.first.summary[:60],
                 "second_summary": c.second.summary[:60]} for c in found]
    if as_json:
        print_json(rows)
        return
    table = Table("first", "second", "score", "reasons", title=f"{len(rows)} likely duplicates")
    for r in rows:
        table.add_row(str(r["first"]), str(r["second"]), f"{r['score']:.2f}", "; ".join(r["reasons"]))
    console.print(table)


@app.command("merge")
@reports_errors
def merge(keep: int, drop: int, reason: str | None = ReasonOpt) -> None:
    """Merge event DROP into event KEEP: sources and actors are joined; both histories stay."""
    with database().session() as session:
        store.merge(session, keep, drop, author=acting_user(), reason=reason)
    console.print(f"event {drop} merged into {keep}")


@app.command("stats")
@reports_errors
def stats(dataset: str = typer.Option(..., "--dataset", "-d"), as_json: bool = JsonOpt) -> None:
    """Counts computed from the records, beside the counts the dataset's source printed."""
    with database().session() as session:
        result = stats_mod.dataset_stats(session, dataset)
    if as_json:
        print_json(result)
        return
    table = Table("scope", "events", "verbal", "physical",
                  title=f"{dataset} (version {result['version']}): computed from the records")
    for c in result["counts"]:
        table.add_row(c["scope"], str(c["total"]), str(c["verbal"]), str(c["physical"]))
    console.print(table)
    if not result["printed"]:
        return
    printed = Table("printed in", "events", "verbal", "physical", "compared with", "agrees?",
                    title="counts printed by the source")
    for p in result["printed"]:
        verdict = ("[green]yes[/green]" if not p["disagrees_on"]
                   else "[red]no: " + ", ".join(p["disagrees_on"]) + "[/red]")
        printed.add_row(p.get("where", p.get("id", "")), str(p.get("total")), str(p.get("verbal")),
                        str(p.get("physical")), p["compared_with"], verdict)
    console.print(printed)
    for p in result["printed"]:
        if p["inconsistent"]:
            console.print(f"[yellow]inconsistent[/yellow] {p.get('where', p.get('id', ''))}: "
                          f"{p['inconsistent']}", highlight=False, soft_wrap=True)


def seed(name: str | None = typer.Argument(None, help="Dataset (default: every shipped one).")
         ) -> None:
    """Load the datasets Sarap ships (again: only what changed is written)."""
    db = database()
    for dataset in [name] if name else list(seeding.shipped()):
        report = seeding.load(db, dataset)
        if report.failed:
            for problem in report.errors:
                err.print(f"[red]error[/red] {problem}", highlight=False)
            raise typer.Exit(1)
        console.print(f"{dataset}: {report.read} events; {report.created} new, "
                      f"{report.updated} updated, {report.unchanged} unchanged")


def datasets(as_json: bool = JsonOpt) -> None:
    """List the datasets in the database."""
    from sqlalchemy import func, select

    from sarap.events.models import Dataset, Event

    with database().session() as session:
        rows = [{"name": d.name, "version": d.version, "events": n,
                 "title": (d.title or {}).get("en"), "description": d.description}
                for d, n in session.execute(
                    select(Dataset, func.count(Event.id)).outerjoin(
                        Event, (Event.dataset_id == Dataset.id) & Event.deleted.is_(False))
                    .group_by(Dataset.id).order_by(Dataset.name))]
    if as_json:
        print_json(rows)
        return
    table = Table("name", "version", "events", "title")
    for r in rows:
        table.add_row(r["name"], str(r["version"]), str(r["events"]), r["title"] or "")
    console.print(table)
