"""`sarap sentiment …`: score texts, train and evaluate the models, correct labels."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from sarap.cli.common import acting_user, console, database, print_json, reports_errors
from sarap.core.settings import load_settings
from sarap.text.sentiment import LANGUAGES, add_label, retrain, sentiment_batch
from sarap.text.sentiment.evaluate import Evaluation, evaluate
from sarap.text.sentiment.labels import check_lang, labelled

app = typer.Typer(help="Sentiment (positive, negative, neutral) for kk, ru and en: lexicon and classifier.",
                  no_args_is_help=True)


def _data_dir() -> Path:
    return load_settings().data_dir


def _langs(lang: str | None) -> list[str]:
    return [check_lang(lang)] if lang else list(LANGUAGES)


@app.command("score")
@reports_errors
def score(texts: list[str] = typer.Argument(..., help="One or more texts."),
          lang: str | None = typer.Option(None, "--lang", help="kk, ru or en (default: identified)."),
          method: str = typer.Option("auto", help="auto, lexicon or classifier."),
          as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """The sentiment of each text with its score and the reasons: lexicon entries and model features."""
    results = sentiment_batch(texts, [lang] * len(texts) if lang else None, data_dir=_data_dir(),
                              method=method)
    if as_json:
        print_json([{"text": t, **r.to_dict()} for t, r in zip(texts, results, strict=True)])
        return
    for text, r in zip(texts, results, strict=True):
        if not r.scored:
            console.print(f"[bold]unscored[/bold] ({r.lang}: {r.reason})  {text}", highlight=False)
            continue
        console.print(f"[bold]{r.label}[/bold] {r.score:+.2f}  {r.lang}, {r.model}  {text}", highlight=False)
        if r.probabilities:
            console.print("  probabilities: " + ", ".join(f"{k} {v:.2f}" for k, v in r.probabilities.items()),
                          highlight=False)
        for m in r.matches:
            negation = f", negated by «{m.negated_by}»" if m.negated_by else ""
            console.print(f"  lexicon: «{m.words}» = {m.term} ({m.polarity} {m.weight:g}{negation}) "
                          f"→ {m.contribution:+g}", highlight=False)
        for feature, push in r.features:
            console.print(f"  feature: {feature} (+{push:.3f} toward {r.label})", highlight=False)


def _table(ev: Evaluation) -> Table:
    table = Table("method", "class", "precision", "recall", "F1", "support",
                  title=f"{ev.lang}: {sum(ev.sizes['all'].values())} labelled "
                  f"({', '.join(f'{k} {v}' for k, v in ev.sizes['all'].items())}); "
                  f"train {sum(ev.sizes['train'].values())}, held out {sum(ev.sizes['test'].values())}",
                  title_justify="left")
    for name, scores in (("lexicon", ev.lexicon), ("classifier", ev.classifier)):
        for label, s in scores.per_class.items():
            table.add_row(name, label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support))
        table.add_row(name, "[bold]macro[/bold]", "", "", f"[bold]{scores.macro_f1:.3f}[/bold]",
                      f"accuracy {scores.accuracy:.3f}")
    return table


@app.command("eval")
@reports_errors
def evaluation(lang: str | None = typer.Option(None, "--lang", help="kk, ru or en (default: all)."),
               shipped_only: bool = typer.Option(False, "--shipped-only",
                                                 help="Leave out the analysts' corrections and additions."),
               as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Precision, recall and F1 per class and macro-F1 of the lexicon and the classifier on the fixed
    held-out part of the labelled sentences."""
    data_dir = None if shipped_only else _data_dir()
    results = [evaluate(code, data_dir) for code in _langs(lang)]
    if as_json:
        print_json([r.to_dict() for r in results])
        return
    for result in results:
        console.print(_table(result))


@app.command("train")
@reports_errors
def train(lang: str | None = typer.Option(None, "--lang", help="kk, ru or en (default: all).")) -> None:
    """Train each language's classifier on the shipped and the analysts' labels; writes a new model
    version and its card to the data directory."""
    data_dir = _data_dir()
    with database().session() as session:
        for code in _langs(lang):
            card = retrain(code, data_dir, actor=acting_user(), session=session)
            metrics = card["metrics"]
            better = "classifier" if metrics["classifier"]["macro_f1"] > metrics["lexicon"]["macro_f1"] \
                else "lexicon"
            console.print(f"{card['model']}: {card['data']['total']} labelled sentences "
                          f"({card['data']['corrected']} corrected, {card['data']['added']} added); held-out "
                          f"macro-F1 classifier {metrics['classifier']['macro_f1']:.3f}, lexicon "
                          f"{metrics['lexicon']['macro_f1']:.3f} → `score` uses the {better}",
                          highlight=False)
    console.print(f"models and cards in {data_dir / 'sentiment' / 'models'}", highlight=False)


@app.command("label")
@reports_errors
def label(item_id: str = typer.Argument(..., help="The id of a labelled sentence (e.g. kk-012) or a new id."),
          new_label: str = typer.Argument(..., metavar="LABEL", help="positive, negative or neutral."),
          text: str | None = typer.Option(None, help="The text, for a new id."),
          lang: str | None = typer.Option(None, "--lang", help="kk, ru or en, for a new id."),
          note: str = typer.Option("", help="Why this label.")) -> None:
    """Correct a sentence's label or add a labelled sentence (kept in the data directory; the shipped
    files stay as they are). `sarap sentiment train` then learns from it."""
    with database().session() as session:
        item = add_label(_data_dir(), item_id, new_label, actor=acting_user(), lang=lang, text=text,
                         note=note, session=session)
    console.print(f"{item.id} ({item.lang}) is now {item.label}: {item.text}", highlight=False)


@app.command("labels")
@reports_errors
def labels_list(lang: str = typer.Option(..., "--lang", help="kk, ru or en."),
                changed: bool = typer.Option(False, "--changed",
                                             help="Only corrected and added ones.")) -> None:
    """The labelled sentences of a language, with where each label comes from."""
    for item in labelled(check_lang(lang), _data_dir()):
        if changed and item.origin == "shipped":
            continue
        typer.echo(f"{item.id}\t{item.label}\t{item.origin}\t{item.text}")
