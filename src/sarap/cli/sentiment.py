"""`sarap sentiment …`: score texts, train and evaluate the models, correct labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from sarap.cli.common import acting_user, console, database, err, print_json, reports_errors
from sarap.core.errors import InvalidInput, Problem
from sarap.core.settings import load_settings
from sarap.text.sentiment import LANGUAGES, SentimentResult, add_label, retrain, sentiment_batch
from sarap.text.sentiment.classifier import PUBLIC_DIR, save_public
from sarap.text.sentiment.evaluate import Evaluation, evaluate
from sarap.text.sentiment.labels import check_lang, labelled
from sarap.text.sentiment.public import FORMATS, evaluate_file
from sarap.text.sentiment.scoring import METHODS
from sarap.text.sentiment.text_file import read_texts

SCORE_BATCH = 2000

app = typer.Typer(help="Sentiment (positive, negative, neutral) for kk, ru and en: lexicon and classifier.",
                  no_args_is_help=True)


def _data_dir() -> Path:
    return load_settings().data_dir


def _langs(lang: str | None) -> list[str]:
    return [check_lang(lang)] if lang else list(LANGUAGES)


def _print_result(text: str, r: SentimentResult, prefix: str = "") -> None:
    if not r.scored:
        console.print(f"{prefix}[bold]unscored[/bold] ({r.lang}: {r.reason})  {text}", highlight=False)
        return
    console.print(f"{prefix}[bold]{r.label}[/bold] {r.score:+.2f}  {r.lang}, {r.model}  {text}",
                  highlight=False)
    if r.probabilities:
        console.print("  probabilities: " + ", ".join(f"{k} {v:.2f}" for k, v in r.probabilities.items()),
                      highlight=False)
    for m in r.matches:
        negation = f", negated by «{m.negated_by}»" if m.negated_by else ""
        console.print(f"  lexicon: «{m.words}» = {m.term} ({m.polarity} {m.weight:g}{negation}) "
                      f"→ {m.contribution:+g}", highlight=False)
    for feature, push in r.features:
        console.print(f"  feature: {feature} (+{push:.3f} toward {r.native or r.label})", highlight=False)


def _score_file(path: Path, column: str, lang: str | None, method: str, as_json: bool) -> None:
    rows = read_texts(path, column)
    for start in range(0, len(rows), SCORE_BATCH):
        chunk = rows[start:start + SCORE_BATCH]
        results = sentiment_batch([r.text for r in chunk], [lang] * len(chunk) if lang else None,
                                  data_dir=_data_dir(), method=method)
        for row, r in zip(chunk, results, strict=True):
            if as_json:
                record = {"row": row.row, "line": row.line, "label": r.label, "score": r.score,
                          "lang": r.lang, "model": r.model, "class": r.native,
                          "probabilities": r.probabilities, "words": [m.words for m in r.matches],
                          "features": [f for f, _ in r.features], "reason": r.reason or None}
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                _print_result(row.text[:120].replace("\n", " "), r, prefix=f"{row.row}\t")
        if len(rows) > SCORE_BATCH:
            err.print(f"scored {min(start + SCORE_BATCH, len(rows))} of {len(rows)} rows", highlight=False)


@app.command("score")
@reports_errors
def score(texts: list[str] = typer.Argument(None, help="One or more texts (or use --file)."),
          file: Path | None = typer.Option(None, "--file", help="A CSV, TSV or JSON Lines file of texts."),
          column: str = typer.Option("text", "--column",
                                     help="The file's column (or JSON key) with the text."),
          lang: str | None = typer.Option(None, "--lang",
                                          help="kk, ru or en (default: identified per text)."),
          method: str = typer.Option("auto", help="auto, lexicon, classifier (shipped model) or local "
                                                  "(retrained from the analysts' labels)."),
          as_json: bool = typer.Option(False, "--json", help="Machine-readable output: with --file one JSON "
                                                             "object per row, in row order.")) -> None:
    """The sentiment of each text with its score and the reasons: lexicon entries and model features.
    With --file, every row of the file: row number, label (positive, negative, neutral or unscored),
    score (-1 … 1), language and model."""
    if method not in METHODS:
        raise InvalidInput([Problem("unknown method", column="method", value=method,
                                    expected=", ".join(METHODS))])
    if lang is not None:
        check_lang(lang)
    if file is not None:
        if texts:
            raise InvalidInput([Problem("give texts or --file, not both", column="file")])
        _score_file(file, column, lang, method, as_json)
        return
    if not texts:
        raise InvalidInput([Problem("nothing to score", expected="one or more texts, or --file FILE")])
    results = sentiment_batch(texts, [lang] * len(texts) if lang else None, data_dir=_data_dir(),
                              method=method)
    if as_json:
        print_json([{"text": t, **r.to_dict()} for t, r in zip(texts, results, strict=True)])
        return
    for text, r in zip(texts, results, strict=True):
        _print_result(text, r)


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


def _scores_table(title: str, scores: dict[str, Any]) -> Table:
    names = scores["confusion"]["classes"]
    other = scores["confusion"].get("other") or [0] * len(names)
    extra = ["→ other"] if any(other) else []  # e.g. neutral or unscored against two-class gold
    table = Table("class", "precision", "recall", "F1", "support", *[f"→ {n}" for n in names], *extra,
                  title=title, title_justify="left")
    for (label, s), counts, more in zip(scores["per_class"].items(), scores["confusion"]["matrix"], other,
                                        strict=True):
        table.add_row(label, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                      str(s["support"]), *[str(c) for c in counts], *([str(more)] if extra else []))
    table.add_row("[bold]macro[/bold]", "", "", f"[bold]{scores['macro_f1']:.3f}[/bold]",
                  f"accuracy {scores['accuracy']:.3f}")
    return table


@app.command("eval")
@reports_errors
def evaluation(file: Path | None = typer.Argument(
                   None, help="A labelled file in a public layout (--format); without it, the shipped "
                              "sentences' held-out part."),
               fmt: str | None = typer.Option(None, "--format",
                                              help="kazsandra, rusentiment or rusentitweet."),
               method: str = typer.Option("auto", help="auto, lexicon, classifier or local (with FILE)."),
               lang: str | None = typer.Option(None, "--lang",
                                               help="kk, ru or en (without FILE; default: all)."),
               shipped_only: bool = typer.Option(False, "--shipped-only",
                                                 help="Leave out the analysts' corrections and additions."),
               as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Precision, recall and F1 per class, macro-F1 and the confusion matrix: on a public labelled
    file (FILE --format …: KazSAnDRA polarity, RuSentiment or RuSentiTweet CSV), or, without FILE, of
    the lexicon and a model fitted on the shipped sentences, on their fixed held-out part."""
    if file is not None:
        if fmt is None:
            raise InvalidInput([Problem("which layout is the file in?", column="format",
                                        expected=", ".join(FORMATS))])
        if method not in METHODS:
            raise InvalidInput([Problem("unknown method", column="method", value=method,
                                        expected=", ".join(METHODS))])
        def progress(done: int, total: int) -> None:
            if total > 2000:
                err.print(f"scored {done} of {total}", highlight=False)

        result = evaluate_file(file, fmt, method=method, data_dir=_data_dir(), progress=progress)
        if as_json:
            print_json(result)
            return
        console.print(f"{file} ({fmt}, {result['rows']} rows, {result['lang']}); models: "
                      + ", ".join(f"{k} {v}" for k, v in result["models"].items()), highlight=False)
        console.print(_scores_table(f"{fmt} classes", result["classes"]))
        if "sentiment" in result:
            console.print(_scores_table("positive/negative/neutral (speech→positive, skip→neutral)",
                                        result["sentiment"]))
        return
    data_dir = None if shipped_only else _data_dir()
    results = [evaluate(code, data_dir) for code in _langs(lang)]
    if as_json:
        print_json([r.to_dict() for r in results])
        return
    for r in results:
        console.print(_table(r))


@app.command("train-public")
@reports_errors
def train_public(kazsandra: Path | None = typer.Option(
                     None, "--kazsandra", help="Folder with KazSAnDRA's 04_pc_valid.csv and "
                                               "03_pc_train_rus.csv (or 01_pc_train_ib.csv)."),
                 rusentiment: Path | None = typer.Option(
                     None, "--rusentiment", help="Folder with RuSentiment's "
                                                 "rusentiment_preselected_posts.csv and _random_posts.csv."),
                 rusentitweet: Path | None = typer.Option(None, "--rusentitweet", help="Folder with "
                                                          "rusentitweet_train.csv."),
                 out: Path = typer.Option(PUBLIC_DIR, "--out", help="Where the models and cards go."),
                 folds: int = typer.Option(3, "--folds", help="Cross-validation folds.")) -> None:
    """Rebuild the shipped models from the public corpora (their train and validation splits only;
    test files are refused), each with its model card. Takes minutes."""
    from sarap.text.sentiment import public_training

    def say(message: str) -> None:
        err.print(message, highlight=False)

    built = []
    if kazsandra is not None:
        built.append(public_training.train_kazakh(kazsandra, folds=folds, progress=say))
    if rusentiment is not None or rusentitweet is not None:
        if rusentiment is None or rusentitweet is None:
            raise InvalidInput([Problem("the Russian model needs both --rusentiment and --rusentitweet")])
        built.append(public_training.train_russian(rusentiment, rusentitweet, folds=folds, progress=say))
    if not built:
        raise InvalidInput([Problem("no data given", expected="--kazsandra DIR and/or --rusentiment DIR "
                                                              "--rusentitweet DIR")])
    for model, card in built:
        path, card_path = save_public(model, card, out)
        console.print(f"{path} ({path.stat().st_size // 1024} KiB), card {card_path}: selection "
                      f"{card['selection']}", highlight=False)


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
