"""`sarap review …`: the review queue for possibly violent-extremist content. A flag asks a human;
`decide` and `confirm` are the only commands that change what an item is judged to be."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer
import yaml
from rich.markup import escape
from rich.table import Table

from sarap.auth import users
from sarap.cli.common import acting_user, console, database, print_json, reports_errors
from sarap.core.errors import InvalidInput, Problem
from sarap.core.safeload import yaml_problem
from sarap.core.settings import load_settings
from sarap.review import (
    batch,
    categories,
    importing,
    metrics,
    organisations,
    privacy,
    queue,
    report,
    training,
)
from sarap.review.config import ReviewConfig, load_config
from sarap.review.scoring import Scorer

app = typer.Typer(help="Review queue: flags for human decision, decisions, metrics, transparency report.",
                  no_args_is_help=True)
orgs_app = typer.Typer(help="The official list of banned organisations (editable, with revisions).",
                       no_args_is_help=True)
app.add_typer(orgs_app, name="organisations")

JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")
LangOpt = typer.Option("en", "--lang", help="Labels in kk, ru or en.")
AsOpt = typer.Option(None, "--as", help="The reviewer (a user account; default: SARAP_USER or you).")
NoteOpt = typer.Option(..., "--note", "-m", help="Why: it goes into the record.")


def _config() -> ReviewConfig:
    return load_config(load_settings().data_dir)


@app.command("categories")
def list_categories(lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """The categories a reviewer decides between, with their definitions."""
    rows: list[dict[str, Any]] = [
        {"code": c.code, "violating": c.violating, "tcap_tier": c.tcap_tier, "label": c.label_in(lang),
         "definition": c.definition.get(lang) or c.definition["en"]} for c in categories.categories()]
    if as_json:
        print_json(rows)
        return
    console.print(categories.principle(lang))
    table = Table("code", "label", "definition")
    for r in rows:
        table.add_row(r["code"], r["label"], r["definition"])
    console.print(table)


# --- organisations ----------------------------------------------------------------------------------

def _org_row(org: Any, lang: str) -> dict[str, Any]:
    return {"slug": org.slug, "name": organisations.display_name(org, lang),
            "ban_date": organisations.format_ban_date(org) or None, "ban_date_note": org.ban_date_note,
            "court": org.court.get(lang) or org.court.get("en"), "source": org.source, "active": org.active,
            "revision": org.revision, "names": org.names, "aliases": org.aliases,
            "designation": org.designation, "verified": org.verified,
            "feeds_rules": organisations.counts_for_rules(org)}


@orgs_app.command("list")
@reports_errors
def orgs_list(lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """The list: name, date of the ban, court, source (loaded from the dissertation on first use)."""
    with database().session() as session:
        organisations.ensure_loaded(session)
        rows = [_org_row(o, lang) for o in organisations.listed(session)]
    if as_json:
        print_json(rows)
        return
    table = Table("slug", "name", "designation", "banned", "court", "source", "active", "verified", "rev")
    for r in rows:
        table.add_row(r["slug"], r["name"], r["designation"], r["ban_date"] or "— (not stated)",
                      r["court"] or "", r["source"], "yes" if r["active"] else "no",
                      "yes" if r["verified"] else "NO — unverified", str(r["revision"]))
    console.print(table)


@orgs_app.command("history")
@reports_errors
def orgs_history(slug: str, as_json: bool = JsonOpt) -> None:
    """Every revision of one entry: who, when, why, and the entry as it then was."""
    with database().session() as session:
        rows = [{"number": h.number, "at": h.at, "actor": h.actor, "reason": h.reason, "entry": h.snapshot}
                for h in organisations.history(session, slug)]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        console.print(f"[bold]#{r['number']}[/bold] by {escape(str(r['actor']))} at {r['at']} — "
                      f"{escape(str(r['reason']))}")


def _read_entry(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidInput([yaml_problem(path.name, exc, "a mapping like the entries of "
                                         "organisations.yaml")]) from None
    if not isinstance(data, dict):
        raise InvalidInput([Problem("not a mapping", file=path.name,
                                    expected="names:, ban_date:, court:, …")])
    return data


@orgs_app.command("add")
@reports_errors
def orgs_add(slug: str,
             entry: Path = typer.Argument(..., help="YAML: names, aliases, ban_date, court, source."),
             reason: str = typer.Option(..., "--reason", "-m")) -> None:
    """Add an organisation (after a court decision), from a YAML entry."""
    with database().session() as session:
        organisations.ensure_loaded(session)
        org = organisations.add(session, slug, _read_entry(entry), actor=acting_user(), reason=reason,
                                where=entry.name)
        console.print(f"added {org.slug} (revision 1)")


@orgs_app.command("edit")
@reports_errors
def orgs_edit(slug: str,
              set_: list[str] = typer.Option([], "--set", help="field=value (value in YAML), repeatable."),
              reason: str = typer.Option(..., "--reason", "-m")) -> None:
    """Change fields of an entry, e.g. --set ban_date=2005-03-28 --set 'aliases={en: [X]}'."""
    changes: dict[str, Any] = {}
    for pair in set_:
        field, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInput([Problem("expected field=value", file="--set", value=pair,
                                        expected="e.g. ban_date=2005-03-28")])
        changes[field.strip()] = yaml.safe_load(value) if value.strip() else None
    with database().session() as session:
        organisations.ensure_loaded(session)
        org = organisations.edit(session, slug, changes, actor=acting_user(), reason=reason, where="--set")
        console.print(f"{org.slug}: revision {org.revision}")


# --- items ------------------------------------------------------------------------------------------

def _show_summary(item: Any) -> str:
    return (f"item {item.id}: {item.state}, score {item.score:.2f}"
            + (f", flagged as {item.suggested_category}" if item.flagged else ", not flagged"))


@app.command("add")
@reports_errors
def add(text: str = typer.Argument(..., help="The text to review ('-' reads standard input)."),
        context: str = typer.Option(None, help="Where it appeared, what it answers."),
        source: str = typer.Option(None, help="A reference to the source (channel, post id)."),
        author: str = typer.Option(None, help="The author's handle: stored only as a keyed hash."),
        platform: str = typer.Option("unknown"), url: str = typer.Option(None),
        as_json: bool = JsonOpt) -> None:
    """Paste one text into the queue; prints its score and why."""
    if text == "-":
        text = typer.get_text_stream("stdin").read()
    config = _config()
    with database().session() as session:
        item = queue.add_item(session, queue.NewItem(text, source_ref=source, context=context, author=author,
                                                     platform=platform, url=url),
                              actor=acting_user(), origin="pasted", config=config)
        data = {**queue.summary(item), "reasons": item.reasons}
    if as_json:
        print_json(data)
        return
    console.print(f"item {data['id']}: score {data['score']:.2f}, "
                  + (f"flagged as {data['suggested']}" if data["flagged"] else "not flagged"))
    _print_reasons(data["reasons"])


@app.command("import")
@reports_errors
def import_items(path: Path,
                 skip_bad: bool = typer.Option(False, "--skip-bad",
                                               help="Import the good rows; bad rows go to a reject file."),
                 reject_file: Path | None = typer.Option(None, help="Where --skip-bad writes bad rows."),
                 as_json: bool = JsonOpt) -> None:
    """Import texts to review from CSV (header with 'text') or JSON Lines in one transaction: a bad row
    (empty text, broken line) is an error naming its row, and nothing is written unless --skip-bad."""
    with database().session() as session:
        summary = importing.import_file(session, path, actor=acting_user(), config=_config(),
                                        skip_bad=skip_bad, reject_file=reject_file)
    data = {"file": summary.file, "read": summary.read, "added": summary.added, "flagged": summary.flagged,
            "rejected": summary.rejected, "reject_file": summary.reject_file,
            "errors": [str(p) for p in summary.errors], "items": summary.item_ids}
    if as_json:
        print_json(data)
        return
    for problem in summary.errors:
        console.print(f"[yellow]skipped[/yellow] {escape(str(problem))}", highlight=False)
    console.print(f"{summary.file}: read {summary.read}, added {summary.added}, flagged {summary.flagged}"
                  + (f", rejected {summary.rejected} → {summary.reject_file}" if summary.rejected else ""))


def _scorer(session: Any, threshold: float | None) -> Scorer:
    config = _config()
    if threshold is not None:
        config = ReviewConfig(**{**config.__dict__, "threshold": threshold})
    return Scorer(session, config)


ThresholdOpt = typer.Option(None, "--threshold", help="Override the queue's calibrated threshold.")


@app.command("score")
@reports_errors
def score_file(file: Path = typer.Option(..., "--file", "-f", help="CSV (with a header) or JSON Lines."),
               column: str = typer.Option("text", "--column", "-c",
                                          help="The column (or JSON key) with the text."),
               explain: bool = typer.Option(False, "--explain",
                                            help="Also the classifier's top features (slower)."),
               threshold: float | None = ThresholdOpt, as_json: bool = JsonOpt) -> None:
    """Score every row of a file as the queue would, in order; writes nothing to the queue."""
    with database().session() as session:
        scorer = _scorer(session, threshold)
        for out in batch.score_file(scorer, file, column, explain=explain):
            if as_json:
                sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str) + "\n")
                continue
            why = ", ".join(r["rule"] for r in out["reasons"].get("rules", [])) or out.get("error") or (
                out["reasons"].get("language", {}).get("reason", {}).get("en", ""))
            score = "—" if out["score"] is None else f"{out['score']:.3f}"
            console.print(f"{out['row']}\t{score}\t{'FLAG' if out['flagged'] else '-'}\t"
                          f"{out['category'] or ''}\t{escape(why)}", highlight=False)


@app.command("eval")
@reports_errors
def evaluate(file: Path = typer.Argument(..., help="A labelled CSV or JSON Lines file."),
             text_column: str = typer.Option("text", "--text-column", help="The column with the text."),
             label_column: str = typer.Option(..., "--label-column", help="The column with the label."),
             positive: list[str] = typer.Option(..., "--positive",
                                                help="The label value(s) meaning violating; repeatable."),
             threshold: float | None = ThresholdOpt, as_json: bool = JsonOpt) -> None:
    """The queue's precision, recall, F1, AUC and confusion matrix on a labelled file, at its threshold."""
    with database().session() as session:
        data = batch.evaluate(_scorer(session, threshold), file, text_column, label_column, positive)
    if as_json:
        print_json(data)
        return
    def fmt(v: Any) -> str:
        return "—" if v is None else f"{v:.3f}"

    console.print(f"{data['file']}: {data['n']} texts, {data['positives']} positive "
                  f"({', '.join(data['positive'])}), threshold {data['threshold']:.2f}")
    console.print(f"precision {fmt(data['precision'])}  recall {fmt(data['recall'])}  F1 {fmt(data['f1'])}  "
                  f"AUC {fmt(data['auc'])}  false-positive rate {fmt(data['false_positive_rate'])}")
    c = data["confusion"]
    table = Table("", "flagged", "not flagged")
    table.add_row("positive", str(c["true_positive"]), str(c["false_negative"]))
    table.add_row("negative", str(c["false_positive"]), str(c["true_negative"]))
    console.print(table)
    if data["not_covered"] or data["skipped"]:
        console.print(f"{data['not_covered']} texts in languages not covered (counted as not flagged); "
                      f"{data['skipped']} rows skipped (no text or label)")


@app.command("queue")
@reports_errors
def show_queue(as_json: bool = JsonOpt) -> None:
    """Open items, most urgent first: awaiting confirmation, escalated, then by score."""
    with database().session() as session:
        rows = [queue.summary(i) for i in queue.open_items(session)]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "state", "score", "flagged as", "origin", "entered")
    for r in rows:
        table.add_row(str(r["id"]), r["state"], f"{r['score']:.2f}", r["suggested"] or "—", r["origin"],
                      str(r["entered_at"])[:16])
    console.print(table)


def _print_reasons(reasons: dict[str, Any]) -> None:
    for r in reasons.get("rules", []):
        spans = ", ".join(f"«{s[2]}»" for s in r["spans"] if len(s) > 2)
        quoted = " (inside quotation marks)" if r["quoted"] else ""
        console.print(f"  rule {r['rule']} [{r['category']}] +{r['weight']}{quoted}: {escape(spans)}",
                      highlight=False)
    for c in reasons.get("counter_signals", []):
        spans = ", ".join(f"«{s[2]}»" for s in c["spans"] if len(s) > 2)
        console.print(f"  counter-signal {c['rule']} −{c['weight']}: {escape(spans)}", highlight=False)
    for f in reasons.get("features", []):
        console.print(f"  model feature {escape(f['feature'])} +{f['weight']}", highlight=False)


@app.command("show")
@reports_errors
def show(item_id: int, as_json: bool = JsonOpt) -> None:
    """One item: text, context, score, reasons and the decisions taken."""
    with database().session() as session:
        item = queue.get(session, item_id)
        data = {**queue.summary(item), "text": item.text, "context": item.context, "url": item.url,
                "author_key": item.author_key, "rule_score": item.rule_score, "model_score": item.model_score,
                "counter_score": item.counter_score, "reasons": item.reasons,
                "decisions": [{"kind": d.kind, "outcome": d.outcome, "reviewer": d.reviewer.username,
                               "note": d.note, "at": d.at} for d in item.decisions]}
    if as_json:
        print_json(data)
        return
    console.print(f"[bold]item {data['id']}[/bold] {data['state']}, score {data['score']:.2f} "
                  f"(rules {data['rule_score']:.2f}, model {data['model_score']}, "
                  f"counter-signals {data['counter_score']:.2f})")
    console.print(escape(data["text"] or "[text purged after the retention period]"), highlight=False)
    if data["context"]:
        console.print(f"context: {escape(data['context'])}", highlight=False)
    _print_reasons(data["reasons"])
    for d in data["decisions"]:
        console.print(f"  {d['kind']} by {escape(d['reviewer'])}: {d['outcome']} — {escape(d['note'])}",
                      highlight=False)


def _reviewer(session: Any, name: str | None) -> Any:
    return users.get_user(session, name or acting_user())


@app.command("decide")
@reports_errors
def decide(item_id: int, outcome: str = typer.Argument(..., help="A category code, or 'escalate'."),
           note: str = NoteOpt, as_user: str = AsOpt) -> None:
    """Decide an item: a category (see 'sarap review categories'), not_violating, or escalate."""
    config = _config()
    with database().session() as session:
        item = queue.get(session, item_id)
        queue.decide(session, item, _reviewer(session, as_user), outcome, note, config=config)
        console.print(_show_summary(item))


@app.command("confirm")
@reports_errors
def confirm(item_id: int,
            outcome: str = typer.Argument(..., help="The same category agrees; another differs."),
            note: str = typer.Option("", "--note", "-m"), as_user: str = AsOpt) -> None:
    """Second review of a violating decision, by a different reviewer."""
    with database().session() as session:
        item = queue.get(session, item_id)
        queue.confirm(session, item, _reviewer(session, as_user), outcome, note)
        console.print(_show_summary(item))


def _period(start: str | None, end: str | None) -> tuple[date, date]:
    return report.parse_period(start, end, today=datetime.now(UTC).date())


FromOpt = typer.Option(None, "--from", help="First day (YYYY-MM-DD); default 1 January this year.")
ToOpt = typer.Option(None, "--to", help="Last day (YYYY-MM-DD); default 31 December this year.")


@app.command("metrics")
@reports_errors
def show_metrics(start: str = FromOpt, end: str = ToOpt, as_json: bool = JsonOpt) -> None:
    """Precision of flags per category, Cohen's kappa between reviewers, time to decision."""
    first, last = _period(start, end)
    with database().session() as session:
        data = report.build(session, first, last).metrics.to_dict()
    if as_json:
        print_json(data)
        return
    table = Table("category", "flagged and decided", "decided as flagged", "precision")
    for code, p in data["precision"].items():
        table.add_row(code, str(p["flagged_decided"]), str(p["confirmed"]),
                      "—" if p["precision"] is None else f"{p['precision']:.3f}")
    console.print(table)
    kappa = data["kappa"].get("value")
    console.print(f"Cohen's kappa on {data['double_reviewed']} double-reviewed items: "
                  + ("—" if kappa is None else f"{kappa:.3f}"))
    console.print(f"hours to decision: {data['hours_to_decision']}")


@app.command("report")
@reports_errors
def make_report(start: str = FromOpt, end: str = ToOpt,
                html: Path = typer.Option(None, help="Write the HTML report here."),
                csv_path: Path = typer.Option(None, "--csv", help="Write the CSV report here."),
                lang: str = LangOpt) -> None:
    """The transparency report for a period: flagged, decided and why (counts only)."""
    first, last = _period(start, end)
    with database().session() as session:
        built = report.build(session, first, last)
    if html is None and csv_path is None:
        console.print(report.to_csv(built), highlight=False)
    if html is not None:
        html.write_text(report.to_html(built, lang), encoding="utf-8")
        console.print(f"wrote {html}")
    if csv_path is not None:
        csv_path.write_text(report.to_csv(built), encoding="utf-8")
        console.print(f"wrote {csv_path}")


@app.command("retrain")
@reports_errors
def retrain(as_json: bool = JsonOpt) -> None:
    """Train a new classifier version on decided items; write its model card; rescore open items."""
    settings = load_settings()
    config = load_config(settings.data_dir)
    with database().session() as session:
        model = training.retrain(session, actor=acting_user())
        rescored = queue.rescore_open(session, Scorer(session, config), actor=acting_user())
        card = model.card
    folder = settings.data_dir / "review" / "model-cards"
    folder.mkdir(parents=True, exist_ok=True)
    card_file = folder / f"model-v{card['version']}.md"
    (folder / f"model-v{card['version']}.json").write_text(json.dumps(card, ensure_ascii=False, indent=2),
                                                           encoding="utf-8")
    card_file.write_text(training.card_markdown(card), encoding="utf-8")
    if as_json:
        print_json({**card, "rescored_open_items": rescored})
        return
    console.print(training.card_markdown(card), highlight=False)
    console.print(f"model card: {card_file}; {rescored} open items rescored")


@app.command("purge")
@reports_errors
def purge(retention_days: int = typer.Option(None, help="Override the configured retention period."),
          now: str = typer.Option(None, help="Run as of this moment (ISO 8601), e.g. to test the rule."),
          ) -> None:
    """Purge the text of items decided "not violating" longer ago than the retention period."""
    config = _config()
    if now:
        try:
            moment = datetime.fromisoformat(now)
        except ValueError:
            raise InvalidInput([Problem("not a date and time", file="--now", value=now,
                                        expected="ISO 8601, e.g. 2025-06-01T00:00")]) from None
    else:
        moment = datetime.now(UTC)
    moment = metrics.utc(moment)
    days = config.retention_days if retention_days is None else retention_days
    with database().session() as session:
        result = privacy.purge(session, now=moment, retention_days=days, actor=acting_user())
    console.print(f"purged the text of {result.purged} items decided not violating before "
                  f"{result.cutoff.isoformat(timespec='minutes')}")


@app.command("from-monitor")
@reports_errors
def from_monitor(since: str = typer.Option(None, "--since", help="Items published on or after YYYY-MM-DD."),
                 as_json: bool = JsonOpt) -> None:
    """Score the monitored items and queue those at or above the threshold (each once)."""
    from sarap.review.intake import from_monitor as intake

    try:
        start = datetime.combine(date.fromisoformat(since), datetime.min.time(), UTC) if since else None
    except ValueError:
        raise InvalidInput([Problem("not a date", column="--since", value=since,
                                    expected="YYYY-MM-DD")]) from None
    with database().session() as session:
        found = intake(session, _config(), since=start)
    if as_json:
        print_json({"scanned": found.scanned, "queued": found.queued})
        return
    console.print(f"scanned {found.scanned} monitored items; {len(found.queued)} in the review queue")
