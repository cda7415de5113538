"""`sarap report …`: documents built from the records, e.g. the situation report of a region."""

from __future__ import annotations

from pathlib import Path

import typer

from sarap.cli.common import console, database, reports_errors
from sarap.core.i18n import t
from sarap.core.partial_dates import iso_day

app = typer.Typer(help="Reports built from the records: the situation report of a region and period.",
                  no_args_is_help=True)


@app.command("situation")
@reports_errors
def situation(
    region: str = typer.Option(..., "--region", help="Region code (see `sarap regions`)."),
    date_from: str = typer.Option(..., "--from", help="First day, YYYY-MM-DD."),
    date_to: str = typer.Option(..., "--to", help="Last day, YYYY-MM-DD."),
    lang: str = typer.Option("kk", "--lang", help="kk, ru or en."),
    output: Path = typer.Option(..., "-o", "--output", help="FILE.html, FILE.docx or FILE.pdf."),
    as_user: str | None = typer.Option(None, "--as", help="Only what this user may read (default: "
                                       "everything, as `sarap events list` shows)."),
) -> None:
    """Events and their trend, casualties, the information space, the review queue's counts,
    Decree 1404 plans and exercises for one region and period, each figure with its record ids."""
    from sarap.auth.users import get_user
    from sarap.situation import render
    from sarap.situation.report import Reader, build

    start, end = iso_day(date_from, "--from"), iso_day(date_to, "--to")
    with database().session() as session:
        reader = Reader(user=get_user(session, as_user)) if as_user else Reader(everyone=True)
        report = build(session, region=region.upper(), start=start, end=end, reader=reader)
        path = render.write(report, output, lang)
    console.print(f"{path}: " + t("sit_event_total", lang, n=report.event_count))
