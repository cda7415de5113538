"""`sarap registry …`: the organisational model of Decree 1404 from the terminal."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from rich.tree import Tree

from sarap.cli.common import acting_user, cli_user, console, database, print_json, reports_errors
from sarap.core.errors import InvalidInput, Problem
from sarap.core.partial_dates import iso_day
from sarap.events import regions
from sarap.registry import decree, exercises, reports, store
from sarap.registry.models import PLAN_STATUSES, SCENARIOS
from sarap.registry.vocabulary import label

app = typer.Typer(help="Decree 1404: bodies, duties, prevention measures, plans and exercises.",
                  no_args_is_help=True)
plans_app = typer.Typer(help="Plans of prevention measures.", no_args_is_help=True)
exercises_app = typer.Typer(help="Anti-terrorism exercises (each a verbal event).", no_args_is_help=True)
app.add_typer(plans_app, name="plans")
app.add_typer(exercises_app, name="exercises")

LangOpt = typer.Option("kk", "--lang", help="kk, ru or en.")
JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")
RegionOpt = typer.Option(None, help="Region code or name (see `sarap regions`).")
FromOpt = typer.Option(None, "--from", help="From YYYY-MM-DD.")
ToOpt = typer.Option(None, "--to", help="To YYYY-MM-DD.")
AgencyOpt = typer.Option(None, help="Owning agency code.")
AccessOpt = typer.Option("public", "--access", help="public, official or restricted.")



def _region(value: str | None) -> str | None:
    problems: list[Problem] = []
    code = store.check_region(problems, value, "--region")
    if problems:
        raise InvalidInput(problems)
    return code


@app.command("load-decree")
@reports_errors
def load_decree(examples: bool = typer.Option(
        True, help="Also add the dissertation's exercises (linked to their events when loaded).")
        ) -> None:
    """Load the decree's bodies, duties and measure kinds from its parsed text (decree_1404.yaml)."""
    with database().session() as session:
        report = decree.load(session, author=acting_user())
        console.print(f"Decree 1404: {report.chapters} chapters, {report.items} items; "
                      f"{report.bodies} bodies, {report.duties} duties, {report.measure_kinds} measure "
                      f"kinds, {report.measures} measures")
        if examples:
            added = exercises.load_examples(session, author=acting_user())
            console.print(f"exercises: {added.linked} linked to existing events, {added.created} "
                          f"created with a new event, {added.present} already present")


@app.command("bodies")
@reports_errors
def bodies(lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """The bodies as a tree, with each duty and the decree item it comes from."""
    with database().session() as session:
        nodes = store.bodies_tree(session)
        if as_json:
            print_json([{"code": n.body.code, "name": n.body.name(lang), "kind": n.body.kind,
                         "level": n.body.level, "parent": n.body.parent.code if n.body.parent else None,
                         "decree_item": n.body.decree_item,
                         "duties": [{"item": d.decree_item, "text": d.text} for d in n.body.duties]}
                        for n in nodes])
            return
        root = Tree("Decree 1404")
        branches: dict[int, Tree] = {}
        for node in nodes:
            body = node.body
            parent = branches.get(body.parent_id or -1, root)
            kind, level = label("body_kinds", body.kind, lang), label("levels", body.level, lang)
            branch = parent.add(f"[bold]{body.name(lang)}[/bold] ({kind}, {level}) "
                                f"[dim]{body.code}, п. {body.decree_item}")
            for duty in body.duties:
                branch.add(f"п. {duty.decree_item}: {duty.text.get(lang) or duty.text['kk']}")
            branches[body.id] = branch
        console.print(root)


@app.command("measures")
@reports_errors
def measures(lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """Kinds of prevention measure (items 8–12) and their sub-items."""
    with database().session() as session:
        kinds = store.measure_kinds(session)
        if as_json:
            print_json([{"code": k.code, "name": k.name(lang), "item": k.decree_item,
                         "measures": [{"number": i + 1, "item": m.decree_item, "text": m.text}
                                      for i, m in enumerate(k.measures)]} for k in kinds])
            return
        for kind in kinds:
            table = Table("#", "item", "measure", title=f"{kind.name(lang)} (п. {kind.decree_item})",
                          title_justify="left")
            for i, measure in enumerate(kind.measures, start=1):
                table.add_row(str(i), measure.decree_item, measure.text.get(lang) or measure.text["kk"])
            console.print(table)


@plans_app.command("add")
@reports_errors
def plans_add(title: str = typer.Argument(..., help="What is planned."),
              kind: str = typer.Option(..., help="Measure kind code (see `sarap registry measures`)."),
              body: str = typer.Option(..., help="Responsible body code."),
              measure: int | None = typer.Option(None, help="Number of the kind's sub-item."),
              region: str | None = RegionOpt, deadline: str | None = typer.Option(None, help="YYYY-MM-DD."),
              status: str = typer.Option("planned", help=", ".join(PLAN_STATUSES)),
              agency: str | None = AgencyOpt, access: str = AccessOpt) -> None:
    """Add a plan of a prevention measure."""
    with database().session() as session:
        plan = store.add_plan(session, title=title, kind=kind, body_code=body, measure=measure,
                              region=region, deadline=iso_day(deadline, "--deadline"), status=status,
                              agency=agency, access_level=access, author=acting_user())
        console.print(f"plan {plan.id} added")


@plans_app.command("list")
@reports_errors
def plans_list(region: str | None = RegionOpt, kind: str | None = typer.Option(None),
               status: str | None = typer.Option(None), date_from: str | None = FromOpt,
               date_to: str | None = ToOpt, lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """List plans, filtered by region, kind, status and deadline."""
    where = store.PlanFilter(region=_region(region), kind=kind, status=status,
                             date_from=iso_day(date_from, "--from"),
                                         date_to=iso_day(date_to, "--to"))
    with database().session() as session:
        found = store.plans(session, where)
        rows = [{"id": p.id, "title": p.title, "kind": p.kind.code, "body": p.body.code,
                 "region": p.region, "deadline": p.deadline, "status": p.status} for p in found]
        if as_json:
            print_json(rows)
            return
        table = Table("id", "deadline", "region", "kind", "body", "status", "title",
                      title=f"{len(rows)} plans")
        for p in found:
            table.add_row(str(p.id), str(p.deadline or ""), p.region or "", p.kind.name(lang), p.body.code,
                          label("plan_statuses", p.status, lang), p.title)
        console.print(table)


@plans_app.command("set-status")
@reports_errors
def plans_set_status(plan_id: int, status: str = typer.Argument(..., help=", ".join(PLAN_STATUSES)),
                     reason: str | None = typer.Option(None, "--reason", "-m")) -> None:
    """Change a plan's status (kept in the audit log with the reason)."""
    with database().session() as session:
        plan = store.set_plan_status(session, plan_id, status, author=acting_user(), reason=reason)
        console.print(f"plan {plan.id}: {plan.status}")


@exercises_app.command("add")
@reports_errors
def exercises_add(name: str = typer.Argument(..., help="e.g. «Дабыл-Антитеррор-2024»."),
                  when: str = typer.Option(..., "--date", help="YYYY-MM-DD (or YYYY-MM)."),
                  scenario: str = typer.Option("other", help=", ".join(SCENARIOS)),
                  region: str | None = RegionOpt, settlement: str | None = typer.Option(None),
                  body: list[str] = typer.Option([], "--body", help="Participating body code (repeat)."),
                  description: str | None = typer.Option(None),
                  event: int | None = typer.Option(None, help="Link this existing verbal event."),
                  agency: str | None = AgencyOpt, access: str = AccessOpt) -> None:
    """Add an exercise; it appears as a verbal event in the event bank (or links --event)."""
    new = exercises.NewExercise(name=name, when=when, scenario=scenario, region=region,
                                settlement=settlement, bodies=list(body), description=description,
                                agency=agency, access_level=access, event_id=event)
    with database().session() as session:
        added = exercises.add(session, new, author=acting_user(), reader=cli_user(session))
        console.print(f"exercise {added.id} added; its event is {added.event_id}")


@exercises_app.command("list")
@reports_errors
def exercises_list(region: str | None = RegionOpt, date_from: str | None = FromOpt,
                   date_to: str | None = ToOpt, lang: str = LangOpt, as_json: bool = JsonOpt) -> None:
    """List exercises with their events."""
    with database().session() as session:
        found = exercises.list_exercises(session, region=_region(region),
                                         date_from=iso_day(date_from, "--from"),
                                         date_to=iso_day(date_to, "--to"))
        rows = [{"id": e.id, "name": e.name, "date": e.date_start, "region": e.region,
                 "scenario": e.scenario, "bodies": [b.code for b in e.bodies], "event_id": e.event_id}
                for e in found]
        if as_json:
            print_json(rows)
            return
        table = Table("id", "date", "region", "scenario", "event", "name", title=f"{len(rows)} exercises")
        for e in found:
            table.add_row(str(e.id), e.date_start.isoformat(), e.region or "",
                          label("scenarios", e.scenario, lang), str(e.event_id), e.name)
        console.print(table)


@app.command("report")
@reports_errors
def report(region: str | None = RegionOpt, date_from: str | None = FromOpt, date_to: str | None = ToOpt,
           lang: str = LangOpt, output: Path | None = typer.Option(
               None, "--output", "-o", help="Write CSV or XLSX (by the file's suffix).")) -> None:
    """Plans planned and done per measure kind, and exercises held, for a region and period."""
    with database().session() as session:
        built = reports.build(session, region=_region(region), date_from=iso_day(date_from, "--from"),
                              date_to=iso_day(date_to, "--to"), lang=lang)
        if output:
            console.print(f"written: {reports.write(built, output)}")
            return
        where = regions.get(built.region).name(lang) if built.region else "Kazakhstan"
        table = Table(*reports.HEADER, title=f"{where}: {date_from or '…'} – {date_to or '…'}")
        for row in reports.table(built)[1:]:
            table.add_row(*(str(cell) for cell in row))
        console.print(table)
        console.print(f"exercises held: {len(built.exercises)}")
        for exercise in built.exercises:
            console.print(f"  {exercise.date_start} {exercise.name} (event {exercise.event_id})")
