"""`sarap text …`: the language pipeline from the terminal (analyse, language, stem evaluation)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sarap.cli.common import acting_user, console, database, print_json, reports_errors
from sarap.text import kazakh, language_eval, stem_eval
from sarap.text import query as query_language
from sarap.text.language import identify_batch
from sarap.text.normalise import normalise_batch
from sarap.text.pipeline import analyse_batch

app = typer.Typer(help="The language pipeline: normalisation, language, tokens, word families.",
                  no_args_is_help=True)


@app.command("analyse")
@reports_errors
def analyse(texts: list[str] = typer.Argument(..., help="One or more texts."),
            as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Normalise each text, identify its language, and list its tokens with their family keys."""
    results = analyse_batch(texts)
    if as_json:
        print_json([r.to_dict() for r in results])
        return
    for result in results:
        console.print(f"[bold]{result.lang}[/bold] ({result.confidence:.2f})  {result.text}", highlight=False)
        table = Table("token", "kind", "span", "family keys")
        for tok in result.tokens:
            table.add_row(tok.text, tok.kind, f"{tok.start}-{tok.end}", " ".join(tok.keys))
        console.print(table)


@app.command("lang")
@reports_errors
def lang(texts: list[str] = typer.Argument(..., help="One or more texts."),
         as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """The language of each text: kk, ru, en, mixed or unknown, with the evidence."""
    guesses = identify_batch(normalise_batch(texts))
    if as_json:
        print_json([{"text": t, "lang": g.lang, "confidence": g.confidence, "reason": g.reason,
                     "scores": g.scores} for t, g in zip(texts, guesses, strict=True)])
        return
    for text, guess in zip(texts, guesses, strict=True):
        console.print(f"{guess.lang}\t{guess.confidence:.2f}\t{guess.reason}\t{text}", highlight=False)


@app.command("lang-eval")
@reports_errors
def lang_evaluation(
    file: Path = typer.Argument(..., help="Texts all in one language: .jsonl, .csv (with a header) or .txt."),
    expect: str = typer.Option(..., "--expect", help="The language every text is in: kk, ru or en."),
    column: str = typer.Option("text", "--column", help="The field or column holding the text."),
    misses: int = typer.Option(0, "--misses", help="Also list this many texts given another language."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Share of the texts identified as the expected language, with every other verdict and why."""
    result = language_eval.evaluate(language_eval.read_texts(file, column), expect)
    if as_json:
        print_json(result.to_dict(misses))
        return
    console.print(f"{file}: {result.texts} texts, {result.accuracy:.2%} identified as {expect}",
                  highlight=False)
    console.print("verdicts: " + ", ".join(f"{k} {v}" for k, v in result.verdicts.items()), highlight=False)
    console.print("reasons: " + ", ".join(f"{k} {v}" for k, v in result.reasons.items()), highlight=False)
    for row, verdict, reason, text in result.misses[:misses]:
        console.print(f"  row {row}: {verdict} ({reason})  {text[:160]!r}", highlight=False)


@app.command("reindex")
@reports_errors
def reindex(
    batch_size: int = typer.Option(500, "--batch-size", min=1, help="Items per committed batch."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Re-analyse what an older text pipeline analysed: monitoring items and library documents.
    Resumable: each batch is committed, and a new run picks up the items still left."""
    from sarap.library import store as library_store
    from sarap.monitor import reanalyse
    from sarap.text.pipeline import VERSION

    db = database()
    with db.session() as session:
        total = reanalyse.stale_count(session)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=as_json) as bar:
        task = bar.add_task("monitoring items", total=total)
        items = reanalyse.reanalyse(db, actor=acting_user(), batch_size=batch_size,
                                    progress=lambda n: bar.update(task, completed=n))
    with db.session() as session:
        units = library_store.reindex(session, author=acting_user(), stale_only=True)
    result = {"pipeline_version": VERSION, "monitor_items": items, "library_units": units}
    if as_json:
        print_json(result)
        return
    console.print(f"pipeline {VERSION}: re-analysed {items} monitoring items and {units} library units")


@app.command("stem")
@reports_errors
def stem(words: list[str] = typer.Argument(..., help="Kazakh words.")) -> None:
    """The Kazakh stem of each word and the suffixes stripped."""
    for word in words:
        base, suffixes = kazakh.strip_suffixes(word.lower())
        console.print(f"{word}\t{kazakh.stem(word)}\t{' + '.join(reversed(suffixes))}", highlight=False)


@app.command("stem-eval")
@reports_errors
def stem_evaluation(
    tsv: Path | None = typer.Option(None, "--tsv", help="form<TAB>family list "
                                    "(default: tests/fixtures/text/kazakh_families.tsv)."),
    errors: bool = typer.Option(False, "--errors", help="Also list over- and under-stemmed pairs."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Pairwise precision and recall of the Kazakh stemmer's grouping on a hand-checked list."""
    result = stem_eval.evaluate_file(tsv)
    summary: dict[str, object] = {"forms": result.forms, "families": result.families, "stems": result.stems,
               "true_pairs": result.true_pairs, "predicted_pairs": result.predicted_pairs,
               "correct_pairs": result.correct_pairs, "precision": round(result.precision, 4),
               "recall": round(result.recall, 4), "f1": round(result.f1, 4)}
    if as_json:
        if errors:
            summary["over_stemmed"] = result.over_stemmed
            summary["under_stemmed"] = result.under_stemmed
        print_json(summary)
        return
    console.print(f"{result.forms} forms in {result.families} families; the stemmer made {result.stems} "
                  f"groups")
    console.print(f"precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}  "
                  f"({result.correct_pairs} of {result.predicted_pairs} predicted pairs right, "
                  f"{result.correct_pairs} of {result.true_pairs} true pairs found)")
    if errors:
        console.print(f"\n[bold]over-stemmed[/bold] ({len(result.over_stemmed)} pairs of different "
                      "families with one stem):")
        for a, b, shared in result.over_stemmed:
            console.print(f"  {a} ~ {b}  → {shared}", highlight=False)
        console.print(f"\n[bold]under-stemmed[/bold] ({len(result.under_stemmed)} pairs of one family "
                      "with different stems):")
        for a, stem_a, b, stem_b in result.under_stemmed:
            console.print(f"  {a} → {stem_a}   {b} → {stem_b}", highlight=False)


@app.command("match")
@reports_errors
def match_texts(query: str = typer.Argument(..., help='A topic query, e.g. \'терроризм NOT "учения"\'.'),
                texts: list[str] = typer.Argument(..., help="Texts to match."),
                as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Whether each text matches the query, with the words that hit (see docs/query-language.md)."""
    node = query_language.parse(query)
    analysed = analyse_batch(texts)
    results = query_language.match_batch(node, analysed)
    if as_json:
        print_json([{"text": a.text, "matched": m.matched,
                     "hits": [{"term": h.term, "start": h.start, "end": h.end, "word": a.text[h.start:h.end]}
                              for h in m.hits]} for a, m in zip(analysed, results, strict=True)])
        return
    console.print(f"query: {query_language.to_text(node)}", highlight=False)
    for a, m in zip(analysed, results, strict=True):
        words = ", ".join(f"{a.text[h.start:h.end]} ({h.term})" for h in m.hits)
        console.print(f"{'yes' if m.matched else 'no '}\t{a.text}\t{words}", highlight=False)
