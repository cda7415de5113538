"""`sarap library …`: legal acts, conventions and studies; search through word families; content
analysis (concept counts, keyword in context, comparisons, tables and charts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from sarap.cli.common import acting_user, console, database, print_json, reports_errors
from sarap.core.partial_dates import iso_day
from sarap.library import analysis, concepts, importing, search, seed, store
from sarap.library.concepts import TextCount

app = typer.Typer(help="Documents: legal acts, conventions, programmes; search; content analysis.",
                  no_args_is_help=True)

JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")
LangOpt = typer.Option("en", "--lang", help="Labels in kk, ru or en.")
KindOpt = typer.Option(None, "--kind", help="law, code, decree, order, programme, convention, …")
JurisdictionOpt = typer.Option(None, "--jurisdiction", help="KAZ, UN, SCO, CIS, CSTO, OSCE, COE, …")
StatusOpt = typer.Option(None, "--status", help="in_force, amended, repealed, not_in_force, unknown.")
DocLangOpt = typer.Option(None, "--doc-lang", help="Only documents in kk, ru or en.")
FromOpt = typer.Option(None, "--from-year", help="Adopted in or after this year.")
ToOpt = typer.Option(None, "--to-year", help="Adopted in or before this year.")
ConceptsOpt = typer.Option(None, "--concepts", help="Concept codes, comma-separated (default: all).")
DictionaryOpt = typer.Option(None, "--dictionary", help="A concept dictionary YAML (default: shipped).")


def _filter(kind: str | None, jurisdiction: str | None, status: str | None, doc_lang: str | None,
            from_year: int | None, to_year: int | None) -> store.DocumentFilter:
    return store.DocumentFilter(kind=kind, jurisdiction=jurisdiction, status=status, language=doc_lang,
                                year_from=from_year, year_to=to_year)


def _concepts(codes: str | None, dictionary: Path | None) -> list[concepts.Concept]:
    wanted = [c.strip() for c in codes.split(",") if c.strip()] if codes else None
    return concepts.select(concepts.load(dictionary), wanted)



@app.command("seed")
@reports_errors
def seed_cmd() -> None:
    """Load the seed texts (Decree 1404, the dissertation, the article) and the catalogue of acts and
    conventions the dissertation lists; link each act to its adoption event (idempotent)."""
    with database().session() as session:
        report = seed.load(session, author=acting_user())
    console.print(f"library: {len(report.added)} documents added ({report.with_text} with text), "
                  f"{report.present} already present; {len(report.linked)} linked to adoption events")
    if not report.dataset_loaded:
        console.print(f"dataset {seed.DATASET} is not loaded: run `sarap seed` first to link events")


@app.command("import")
@reports_errors
def import_cmd(
    path: Path = typer.Argument(..., help="A .txt, .docx, .pdf or .html file."),
    slug: str = typer.Option(..., "--id", help="Identifier, e.g. law-2023-15"),
    title: str = typer.Option(..., "--title", help="Title in the document's language."),
    kind: str = typer.Option(..., "--kind", help="law, code, decree, order, programme, convention, …"),
    lang: str | None = typer.Option(None, "--doc-lang", help="kk, ru or en (default: detected)."),
    number: str | None = typer.Option(None, "--number"),
    adopted: str | None = typer.Option(None, "--adopted", help="YYYY-MM-DD"),
    jurisdiction: str = typer.Option("KAZ", "--jurisdiction"),
    status: str = typer.Option("unknown", "--status"),
    source_url: str | None = typer.Option(None, "--url"),
    version_of: str | None = typer.Option(None, "--version-of", help="This is an earlier wording of …"),
    version_label: str | None = typer.Option(None, "--version-label", help="e.g. 'as of 2013'"),
    fmt: str | None = typer.Option(None, "--format", help="txt, docx, pdf or html (default: by suffix)."),
    agency: str | None = typer.Option(None, "--agency"),
    access: str = typer.Option("public", "--access", help="public, official or restricted."),
) -> None:
    """Import one file as a document: its text, structure, amendment notes and search index."""
    meta = store.DocumentMeta(slug=slug, title={lang or "kk": title}, kind=kind, number=number,
                              adopted=iso_day(adopted, "--adopted"), jurisdiction=jurisdiction, status=status,
                              language=lang or "kk", source_url=source_url, version_of=version_of,
                              version_label=version_label, agency=agency, access_level=access)
    with database().session() as session:
        doc = importing.import_file(session, path, meta, author=acting_user(), fmt=fmt,
                                    detect_language=lang is None)
        if lang is None:
            doc.title = {doc.language: title}
        units = sum(1 for u in doc.units if u.indexed and u.kind != "title")
        console.print(f"imported {doc.slug}: {units} units, {len(doc.amendments)} amendment entries, "
                      f"language {doc.language}")


def _row(doc: Any, lang: str) -> dict[str, Any]:
    return {"id": doc.slug, "kind": doc.kind, "number": doc.number,
            "adopted": doc.adopted.isoformat() if doc.adopted else doc.adopted_text,
            "jurisdiction": doc.jurisdiction, "status": doc.status, "language": doc.language,
            "title": doc.name(lang), "text": doc.text is not None, "event_id": doc.event_id}


@app.command("list")
@reports_errors
def list_cmd(kind: str | None = KindOpt, jurisdiction: str | None = JurisdictionOpt,
             status: str | None = StatusOpt, doc_lang: str | None = DocLangOpt,
             from_year: int | None = FromOpt, to_year: int | None = ToOpt,
             lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """The documents, oldest first, with the filters given."""
    with database().session() as session:
        rows = [_row(d, lang) for d in store.list_documents(
            session, _filter(kind, jurisdiction, status, doc_lang, from_year, to_year))]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "kind", "adopted", "jur.", "status", "text", "event", "title")
    for r in rows:
        table.add_row(r["id"], r["kind"], str(r["adopted"] or ""), r["jurisdiction"], r["status"],
                      "yes" if r["text"] else "", str(r["event_id"] or ""), r["title"])
    console.print(table)


@app.command("show")
@reports_errors
def show(slug: str, lang: str = LangOpt, as_json: bool = JsonOpt,
         text: bool = typer.Option(False, "--text", help="Print each unit's text.")) -> None:
    """A document: metadata, structure (units with line spans) and amendment entries."""
    with database().session() as session:
        doc = store.get(session, slug)
        data = {**_row(doc, lang), "titles": doc.title, "issuing_body": doc.issuing_body,
                "source_url": doc.source_url, "provenance": doc.provenance,
                "units": [{"key": u.key, "kind": u.kind, "heading": u.heading,
                           "lines": [u.first_line, u.last_line], **({"text": u.text} if text else {})}
                          for u in doc.units if u.kind != "title"],
                "amendments": [{"date": a.date, "number": a.act_number, "unit": a.unit,
                                "change": a.change, "lines": [a.first_line, a.last_line]}
                               for a in doc.amendments]}
    if as_json:
        print_json(data)
        return
    console.print(f"[bold]{escape(data['title'])}[/bold] ({doc.kind}, {data['adopted'] or 'undated'}, "
                  f"{doc.jurisdiction}, {doc.status})")
    for unit in data["units"]:
        indent = {"chapter": "", "item": "  ", "subitem": "    "}.get(unit["kind"], "")
        lines = unit["lines"]
        console.print(f"{indent}{unit['key']}  [dim]lines {lines[0]}–{lines[1]}[/dim] "
                      f"{escape(unit['heading'] or '')}")
        if text:
            console.print(escape(unit["text"]), highlight=False)
    for a in data["amendments"]:
        console.print(f"amendment {a['date'] or '?'} No. {a['number'] or '?'}: {a['unit']} "
                      f"({a['change'] or '?'})")


@app.command("search")
@reports_errors
def search_cmd(query: str = typer.Argument(..., help='Words (families), "exact phrases", OR, NOT word.'),
               kind: str | None = KindOpt, jurisdiction: str | None = JurisdictionOpt,
               status: str | None = StatusOpt, doc_lang: str | None = DocLangOpt,
               from_year: int | None = FromOpt, to_year: int | None = ToOpt,
               document: str | None = typer.Option(None, "--document", help="Only in this document."),
               limit: int = typer.Option(20, "--limit"), as_json: bool = JsonOpt) -> None:
    """Search every document's units; the words found are shown in [brackets]."""
    with database().session() as session:
        hits = search.search(session, query, where=_filter(kind, jurisdiction, status, doc_lang, from_year,
                                                           to_year), document=document, limit=limit)
    if as_json:
        print_json([h.to_dict() for h in hits])
        return
    for h in hits:
        console.print(f"[bold]{h.document}[/bold] {h.unit} [dim]({h.hits} hits: {', '.join(h.forms)})[/dim]")
        console.print("  " + escape(h.snippet_text()), highlight=False)
    console.print(f"{len(hits)} units")


def _print_counts(count: TextCount, lang: str, by_unit: bool) -> None:
    table = analysis.units_table(count, lang) if by_unit else analysis.forms_table(count, lang)
    out = Table(*table.columns, title=table.title)
    for row in table.rows:
        out.add_row(*(str(v) for v in row))
    console.print(out)
    console.print(f"{count.words} words")


def _export(tables: list[Any], out: Path | None, chart_dir: Path | None, counts: list[TextCount],
            lang: str) -> None:
    if out:
        tables[0].write(out)
        console.print(f"wrote {out}")
    if chart_dir:
        paths = analysis.chart(counts, lang).save(chart_dir)
        console.print("wrote " + ", ".join(str(p) for p in paths))


@app.command("count")
@reports_errors
def count_cmd(source: str = typer.Argument(..., help="A document id, or a file (.txt .docx .pdf .html)."),
              concept_codes: str | None = ConceptsOpt, dictionary: Path | None = DictionaryOpt,
              doc_lang: str | None = typer.Option(None, "--doc-lang", help="For a file: kk, ru or en."),
              kind: str = typer.Option("law", "--kind", help="For a file: legal kinds are cut into items."),
              by_unit: bool = typer.Option(False, "--by-unit", help="Counts per structural unit."),
              out: Path | None = typer.Option(None, "-o", "--out", help="Table as .csv or .xlsx."),
              chart: Path | None = typer.Option(None, "--chart", help="Folder for the bar chart (SVG, PNG)."),
              lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """Concept frequencies (Figure 3 of the dissertation, on any text): per word form, or per unit."""
    chosen = _concepts(concept_codes, dictionary)
    path = Path(source)
    if path.suffix and path.exists():
        count = analysis.count_file(path, chosen, lang=doc_lang, kind=kind)
    else:
        with database().session() as session:
            count = analysis.count_document(store.get(session, source), chosen)
    if as_json:
        print_json({"name": count.name, "words": count.words,
                    "concepts": [c.to_dict(lang) for c in count.counts]})
    else:
        _print_counts(count, lang, by_unit)
    table = analysis.units_table(count, lang) if by_unit else analysis.forms_table(count, lang)
    _export([table], out, chart, [count], lang)


@app.command("kwic")
@reports_errors
def kwic_cmd(slug: str, concept: str = typer.Argument(..., help="A concept code, e.g. terrorism."),
             dictionary: Path | None = DictionaryOpt, width: int = typer.Option(8, "--width"),
             as_json: bool = JsonOpt) -> None:
    """Keyword in context: every occurrence of a concept in a document, with the words around it."""
    chosen = _concepts(concept, dictionary)[0]
    with database().session() as session:
        doc = store.get(session, slug)
        lines = concepts.kwic(analysis.document_units(doc), doc.language, chosen, width)
    if as_json:
        print_json([line.to_dict() for line in lines])
        return
    table = Table("unit", "left", "keyword", "right")
    for line in lines:
        keyword = f"[bold]{escape(line.keyword)}[/bold]"
        table.add_row(line.unit, escape(line.left), keyword, escape(line.right))
    console.print(table)
    console.print(f"{len(lines)} occurrences")


@app.command("compare")
@reports_errors
def compare_cmd(slugs: list[str] = typer.Argument(..., help="Document ids (or one id with --versions)."),
                versions: bool = typer.Option(False, "--versions", help="Compare the act's stored versions."),
                concept_codes: str | None = ConceptsOpt, dictionary: Path | None = DictionaryOpt,
                out: Path | None = typer.Option(None, "-o", "--out", help="Table as .csv or .xlsx."),
                chart: Path | None = typer.Option(None, "--chart", help="Folder for the bar chart."),
                lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """Concept counts side by side (and per 1000 words): documents, or versions of one act."""
    chosen = _concepts(concept_codes, dictionary)
    with database().session() as session:
        docs = [store.get(session, s) for s in slugs]
        if versions:
            docs = analysis.versions(session, docs[0])
        counts = [analysis.count_document(d, chosen) for d in docs]
        for doc, count in zip(docs, counts, strict=True):
            if doc.version_label:
                count.name = f"{doc.slug} ({doc.version_label})"
    table = analysis.compare_table(counts, lang)
    if as_json:
        print_json(table.to_dict())
    else:
        shown = Table(*table.columns)
        for row in table.rows:
            shown.add_row(*(str(v) for v in row))
        console.print(shown)
    _export([table], out, chart, counts, lang)


@app.command("export")
@reports_errors
def export_cmd(out: Path = typer.Argument(..., help="The catalogue as .csv or .xlsx."),
               kind: str | None = KindOpt, jurisdiction: str | None = JurisdictionOpt,
               lang: str = LangOpt) -> None:
    """The catalogue (metadata of every document, with the filters given) as a table."""
    from sarap.analysis.tables import Table as DataTable

    with database().session() as session:
        rows = [_row(d, lang) for d in store.list_documents(
            session, _filter(kind, jurisdiction, None, None, None, None))]
    columns = ["id", "kind", "number", "adopted", "jurisdiction", "status", "language", "title", "text",
               "event_id"]
    DataTable("library", columns, [[r[c] for c in columns] for r in rows]).write(out)
    console.print(f"wrote {out} ({len(rows)} documents)")


@app.command("reindex")
@reports_errors
def reindex_cmd() -> None:
    """Recompute every unit's family keys and the search index (after a change of the text pipeline)."""
    with database().session() as session:
        count = store.reindex(session, author=acting_user())
    console.print(f"reindexed {count} units")
