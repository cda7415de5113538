"""The `sarap` command."""

from __future__ import annotations

import typer
from rich.table import Table

from sarap.cli import admin
from sarap.cli import events as events_cli
from sarap.cli.common import console, database, print_json, reports_errors
from sarap.events import regions
from sarap.events.codebook import LANGUAGES, codebook

app = typer.Typer(help="Sarap: event data bank and analysis for countering terrorism in "
                  "Kazakhstan.", no_args_is_help=True, pretty_exceptions_enable=False)
app.add_typer(events_cli.app, name="events")
app.add_typer(admin.users_app, name="users")
app.add_typer(admin.audit_app, name="audit")


@app.command("codebook")
def show_codebook(
    lang: str = typer.Option("kk", help="Label language: kk, ru or en."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole codebook as JSON."),
) -> None:
    """Print the event codebook: every coded value with its label and definition."""
    book = codebook()
    if as_json:
        print_json(book)
        return
    for field, entries in book.items():
        table = Table(title=field.replace("_", " "), title_justify="left", show_lines=False)
        table.add_column("code", no_wrap=True)
        table.add_column(f"label ({lang})")
        table.add_column("definition (en)")
        for code, entry in entries.items():
            labels = entry.get("label", {})
            definition = entry.get("definition", {})
            table.add_row(code, labels.get(lang) or labels.get("en", ""),
                          " ".join(str(definition.get("en", "")).split()))
        console.print(table)


@app.command("regions")
def show_regions(as_json: bool = typer.Option(False, "--json")) -> None:
    """List the 20 regions of Kazakhstan with their codes and names."""
    rows = [{"code": r.code, "pcode": r.pcode, **{lang: r.name(lang) for lang in LANGUAGES},
             "note": r.note} for r in regions.all_regions()]
    if as_json:
        print_json(rows)
        return
    table = Table("code", "pcode", "kk", "ru", "en", "note")
    for row in rows:
        table.add_row(*(str(row[k] or "") for k in ("code", "pcode", "kk", "ru", "en", "note")))
    console.print(table)


@app.command("migrate")
@reports_errors
def migrate() -> None:
    """Create or upgrade the database schema (other commands do this themselves)."""
    db = database()
    console.print(f"database is up to date: {db.url}")


app.command("seed")(events_cli.seed)
app.command("datasets")(events_cli.datasets)


@app.command("start")
@reports_errors
def start() -> None:
    """The main job: prepare the embedded database, load the seed data on first run, and show
    what is in it."""
    events_cli.seed(name=None)
    events_cli.stats(dataset="dissertation-2025", as_json=False)


if __name__ == "__main__":
    app()
