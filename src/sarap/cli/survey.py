"""`sarap survey …`: expert-interview studies — load, import transcripts and codings, frequencies,
agreement, exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from sarap.cli.common import acting_user, console, database, print_json, reports_errors
from sarap.core.errors import InvalidInput, Problem
from sarap.survey import analysis, example, exports, importing, store

app = typer.Typer(help="Expert interviews: guide, anonymised respondents, coded answers, agreement.",
                  no_args_is_help=True)

JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")
CoderOpt = typer.Option(None, "--coder", help="Only this coder's codings (default: any coder).")
LangOpt = typer.Option("en", "--lang", help="Labels in kk, ru or en.")


def _label(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or value.get("en") or ""


@app.command("list")
@reports_errors
def list_studies(as_json: bool = JsonOpt, lang: str = LangOpt) -> None:
    """The studies with their respondents, answers, themes and coders."""
    with database().session() as session:
        rows: list[dict[str, Any]] = [
            {"slug": s.slug, "title": _label(s.title, lang), "access": s.access_level,
                 "respondents": len(s.respondents), "answers": len(s.answers), "themes": len(s.themes),
                 "coders": analysis.coders(s)} for s in store.studies(session)]
    if as_json:
        print_json(rows)
        return
    table = Table("slug", "title", "access", "respondents", "answers", "themes", "coders")
    for r in rows:
        table.add_row(r["slug"], r["title"], r["access"], str(r["respondents"]), str(r["answers"]),
                      str(r["themes"]), ", ".join(r["coders"]))
    console.print(table)


@app.command("load-example")
@reports_errors
def load_example(replace: bool = typer.Option(False, help="Drop and reload it if already there.")) -> None:
    """Load the dissertation's interview study (guide, 20 respondents, quoted passages, demo coding)."""
    with database().session() as session:
        study, loaded = example.load_example(session, author=acting_user(), replace=replace)
        counts = (len(study.respondents), len(study.answers), sum(len(a.codings) for a in study.answers))
    verb = "loaded" if loaded else "already loaded (use --replace to reload)"
    console.print(f"{study.slug}: {verb}; {counts[0]} respondents, {counts[1]} answers, {counts[2]} codings")


@app.command("answers")
@reports_errors
def answers(slug: str, respondent: str = typer.Option(None, help="Only this respondent, e.g. №7."),
            as_json: bool = JsonOpt) -> None:
    """The answers with their ids (for coding), respondent, question and source line."""
    with database().session() as session:
        study = store.study_named(session, slug)
        rows: list[dict[str, Any]] = [
            {"id": a.id, "respondent": a.respondent.code, "question": a.question.code if a.question else None,
             "source": f"{a.source_file or ''}:{a.source_line or ''}", "text": a.text}
                for a in study.answers if respondent is None or a.respondent.code == respondent]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "respondent", "question", "source", "text")
    for r in rows:
        text = " ".join(r["text"].split())
        table.add_row(str(r["id"]), r["respondent"], r["question"] or "—", r["source"],
                      text[:80] + ("…" if len(text) > 80 else ""))
    console.print(table)


@app.command("import")
@reports_errors
def import_transcripts(slug: str,
                       files: list[Path] = typer.Argument(..., help="TXT or DOCX transcripts."),
                       dry_run: bool = typer.Option(False, "--dry-run", help="Check and count only."),
                       ) -> None:
    """Import answers from transcripts (format: docs/survey-format.md); all files or nothing."""
    missing = [Problem("no such file", file=str(f)) for f in files if not f.is_file()]
    if missing:
        raise InvalidInput(missing)
    with database().session(rollback=dry_run) as session:
        result = importing.import_transcripts(session, store.study_named(session, slug), files,
                                              author=acting_user())
    what = "would import" if dry_run else "imported"
    console.print(f"{what} {result.answers} answers of {len(result.respondents)} respondents "
                  f"({', '.join(result.respondents)}) from {result.files} files")


@app.command("code")
@reports_errors
def code(slug: str, csv_file: Path = typer.Argument(None, help="CSV of codings (docs/survey-format.md)."),
         answer: int = typer.Option(None, help="Code one passage of this answer id."),
         theme: str = typer.Option(None, help="Theme code for --answer."),
         coder: str = typer.Option(None, help="Coder for --answer (default: you)."),
         passage: str = typer.Option(None, help="Exact text of the passage (default: the whole answer)."),
         ) -> None:
    """Add codings from a CSV file, or one coding with --answer/--theme [--passage]."""
    with database().session() as session:
        study = store.study_named(session, slug)
        if csv_file is not None:
            if not csv_file.is_file():
                raise InvalidInput([Problem("no such file", file=str(csv_file))])
            added = importing.import_codings(session, study, csv_file, author=acting_user())
        else:
            if answer is None or theme is None:
                raise InvalidInput([Problem("give a CSV file, or --answer and --theme",
                                            expected="sarap survey code SLUG FILE.csv")])
            row = {"answer": str(answer), "theme": theme, "coder": coder or acting_user(),
                   "passage": passage or ""}
            text = "answer,theme,coder,passage\n" + ",".join(_csv_cell(row[k]) for k in
                                                              ("answer", "theme", "coder", "passage"))
            codings, problems = importing.read_codings_csv(study, "--answer", text)
            if problems:
                raise InvalidInput(problems)
            added = len(store.add_codings(session, study, codings, author=acting_user()))
    console.print(f"added {added} codings")


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@app.command("frequencies")
@reports_errors
def frequencies(slug: str, by: str = typer.Option("all", help="all, question, section, sector, role, "
                                                  "experience_band or respondent."),
                coder: str = CoderOpt, lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """Theme frequencies: answers and respondents in which each theme was coded, per group."""
    if by not in analysis.GROUPINGS:
        raise InvalidInput([Problem("unknown grouping", column="--by", value=by,
                                    expected=", ".join(analysis.GROUPINGS))])
    with database().session() as session:
        study = store.study_named(session, slug)
        labels = {t.code: _label(t.label, lang) for t in study.themes}
        rows = [r.to_dict() | {"label": labels.get(r.theme, "")}
                for r in analysis.frequencies(study, by=by, coder=coder)]
    if as_json:
        print_json(rows)
        return
    table = Table(by, "theme", "label", "answers", "respondents", "passages", "answers in group")
    for r in rows:
        table.add_row(r["group"], r["theme"], r["label"], str(r["answers"]), str(r["respondents"]),
                      str(r["passages"]), str(r["answers_in_group"]))
    console.print(table)


@app.command("cooccurrence")
@reports_errors
def cooccurrence(slug: str, coder: str = CoderOpt, as_json: bool = JsonOpt) -> None:
    """Pairs of themes coded in the same answer, with the number of such answers."""
    with database().session() as session:
        result = analysis.cooccurrence(store.study_named(session, slug), coder=coder)
    pairs = [{"theme": a, "with": b, "answers": n} for a, b, n in result.pairs()]
    if as_json:
        print_json(pairs)
        return
    table = Table("theme", "with", "answers")
    for p in sorted(pairs, key=lambda p: -int(str(p["answers"]))):
        table.add_row(str(p["theme"]), str(p["with"]), str(p["answers"]))
    console.print(table)


@app.command("agreement")
@reports_errors
def agreement(slug: str, level: str = typer.Option("theme", help="theme, or parent (top-level themes)."),
              as_json: bool = JsonOpt) -> None:
    """Agreement between coders on passages coded more than once: Cohen, Fleiss, Krippendorff."""
    if level not in ("theme", "parent"):
        raise InvalidInput([Problem("unknown level", column="--level", value=level,
                                    expected="theme or parent")])
    with database().session() as session:
        report = analysis.study_agreement(store.study_named(session, slug), level=level)
    if as_json:
        print_json(report.to_dict())
        return
    console.print(f"coders: {', '.join(report.coders) or '—'}; passages: {report.passages}, "
                  f"coded by two or more: {report.multiply_coded}")
    table = Table("measure", "value", "observed", "expected", "passages", "coders")
    for a in (report.cohen, report.fleiss, report.alpha):
        if a is not None:
            d = a.to_dict()
            table.add_row(a.measure, _fmt(d["value"]), _fmt(d["observed"]), _fmt(d["expected"]),
                          str(a.items), str(a.coders))
    console.print(table)
    for gap in report.disagreements:
        values = "; ".join(f"{c}: {v}" for c, v in gap["values"].items())
        console.print(f"  {gap['respondent']} {gap['question'] or '—'} «{gap['passage']}» — {values}",
                      highlight=False)


def _fmt(value: object) -> str:
    return "—" if value is None else f"{float(str(value)):.3f}"


@app.command("export")
@reports_errors
def export(slug: str, output: Path = typer.Argument(..., help="FILE.csv, FILE.xlsx or FILE.docx."),
           fmt: str = typer.Option(None, "--format", help="csv, xlsx or docx (default: from the name)."),
           coder: str = CoderOpt, lang: str = LangOpt) -> None:
    """Export frequencies, co-occurrence and agreement (CSV: one file per table; XLSX: one sheet per
    table) or a DOCX report with the guide, respondents, tables and quotations."""
    with database().session() as session:
        written = exports.export(store.study_named(session, slug), output, fmt=fmt, coder=coder, lang=lang)
    for path in written:
        console.print(f"wrote {path}")
