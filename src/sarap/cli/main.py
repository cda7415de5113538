"""The `sarap` command."""

from __future__ import annotations

import typer

from sarap.cli.common import console, database, print_json, reports_errors
from sarap.cli.lazy import LazyGroup


class SarapCommands(LazyGroup):
    """`sarap`'s command groups: name -> (module, attribute, help line). A new group is one line here;
    its module is imported only when the group runs, so `sarap --help` stays fast."""

    lazy = {
        "events": ("sarap.cli.events", "app",
                   "The event data bank: list, add, edit, import, export, history."),
        "users": ("sarap.cli.admin", "users_app",
                  "Users of agencies: create, list, roles, passwords, API tokens."),
        "audit": ("sarap.cli.admin", "audit_app", "The hash-chained audit log."),
        "analyze": ("sarap.cli.analyze", "app",
                    "Event analysis: counts, casualties, verbal/physical ratio, GTI-method index."),
        "library": ("sarap.cli.library", "app",
                    "Documents: legal acts, conventions, programmes; search; content analysis."),
        "monitor": ("sarap.cli.monitor", "app",
                    "Information-space monitoring: sources, ingest, topics, series, index, alerts."),
        "registry": ("sarap.cli.registry", "app",
                     "Decree 1404: bodies, duties, prevention measures, plans and exercises."),
        "report": ("sarap.cli.report", "app",
                   "Situation reports for a region and a period (HTML, DOCX, PDF)."),
        "sentiment": ("sarap.cli.sentiment", "app",
                      "Sentiment (positive, negative, neutral) for kk, ru and en: lexicon and classifier."),
        "review": ("sarap.cli.review", "app",
                   "Review queue: flags for human decision, decisions, metrics, transparency report."),
        "survey": ("sarap.cli.survey", "app",
                   "Expert interviews: guide, anonymised respondents, coded answers, agreement."),
        "text": ("sarap.cli.text", "app",
                 "The language pipeline: normalisation, language, tokens, word families."),
        "datasets": ("sarap.cli.events", "datasets", "List the datasets in the database."),
    }


app = typer.Typer(help="Sarap: information-analytical system for countering terrorism in Kazakhstan: "
                  "event data bank and analysis, monitoring, review queue, documents, interviews, "
                  "the Decree 1404 registry.", no_args_is_help=True, pretty_exceptions_enable=False,
                  cls=SarapCommands)


@app.command("codebook")
def show_codebook(
    lang: str = typer.Option("kk", help="Label language: kk, ru or en."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole codebook as JSON."),
) -> None:
    """Print the event codebook: every coded value with its label and definition."""
    from rich.table import Table

    from sarap.events.codebook import codebook

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
    from rich.table import Table

    from sarap.events import regions
    from sarap.events.codebook import LANGUAGES

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


@app.command("seed")
@reports_errors
def seed(name: str | None = typer.Argument(None, help="One event dataset (default: everything shipped).")
         ) -> None:
    """Load what Sarap ships: the event datasets, then the document library, the Decree 1404
    registry with the dissertation's exercises, the example interview study and, on the first run,
    the monitoring demonstration corpus. Running it again writes only what changed."""
    from sarap.cli import events as events_cli
    from sarap.cli import library as library_cli
    from sarap.cli import registry as registry_cli
    from sarap.cli import survey as survey_cli

    events_cli.seed(name=name)
    if name is None:
        library_cli.seed_cmd()
        registry_cli.load_decree(examples=True)
        survey_cli.load_example(replace=False)
        _first_demo()


def _first_demo() -> None:
    """On the first run (no monitoring source at all), the demonstration corpus; removed with
    `sarap monitor demo remove` or the button on /monitor, it does not come back."""
    from sqlalchemy import select

    from sarap.core.audit import AuditEntry
    from sarap.monitor.models import MonitorSource

    with database().session() as session:
        if session.scalar(select(MonitorSource.id).limit(1)) is not None or session.scalar(
                select(AuditEntry.id).where(AuditEntry.action == "monitor.demo_remove").limit(1)):
            return
    from sarap.cli import monitor as monitor_cli

    monitor_cli.demo_load()


@app.command("serve")
def serve(host: str = typer.Option("127.0.0.1", help="Address to listen on."),
          port: int = typer.Option(8000, help="Port to listen on.")) -> None:
    """Run the web app and the JSON API (/api/v1)."""
    from sarap.web.app import serve as run_server

    run_server(host=host, port=port)


def _first_admin() -> None:
    """On the first run there is no user: create `admin` and print its one-time password."""
    from sqlalchemy import func, select

    from sarap.auth import users
    from sarap.auth.models import User

    with database().session() as session:
        if session.scalar(select(func.count(User.id))):
            return
        _, password = users.create_user(session, "admin", "sarap", "admin", actor="sarap start")
    console.print(f"[bold]First run:[/bold] user 'admin', one-time password: {password} "
                  "(you will be asked to change it at the first login)")


@app.command("start")
@reports_errors
def start(host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000),
          web: bool = typer.Option(True, help="Serve the web app after loading the data.")) -> None:
    """The main job: prepare the embedded database, load the seed data (only what changed),
    show the recomputed counts, and serve the web app."""
    from sarap.cli import events as events_cli

    seed(name=None)
    events_cli.stats(dataset="dissertation-2025", as_json=False)
    _first_admin()
    if web:
        console.print(f"Sarap is at http://{host}:{port}/ (Ctrl+C stops it)")
        serve(host=host, port=port)


if __name__ == "__main__":
    app()
