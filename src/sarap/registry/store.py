"""Reading the registry, and writing plans of measures. Every write is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.orm import Session, selectinload

from sarap.core import audit
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.events import regions
from sarap.events.codebook import codes
from sarap.registry.models import PLAN_STATUSES, Body, MeasureKind, Plan


@dataclass
class BodyNode:
    body: Body
    depth: int


def bodies_tree(session: Session, where: ColumnElement[bool] | None = None) -> list[BodyNode]:
    """Bodies in hierarchy order (each after its parent), with their depth."""
    rows = list(session.scalars(select(Body).where(where if where is not None else true())
                                .options(selectinload(Body.duties)).order_by(Body.id)))
    shown = {b.id for b in rows}
    children: dict[int | None, list[Body]] = {}
    for body in rows:
        parent = body.parent_id if body.parent_id in shown else None
        children.setdefault(parent, []).append(body)
    out: list[BodyNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for body in children.get(parent, []):
            out.append(BodyNode(body, depth))
            walk(body.id, depth + 1)

    walk(None, 0)
    return out


def body(session: Session, code: str) -> Body:
    found = session.scalar(select(Body).where(Body.code == code))
    if found is None:
        raise NotFound(f"no body with code {code!r}; see 'sarap registry bodies' "
                       "(or load the decree first: 'sarap registry load-decree')")
    return found


def measure_kinds(session: Session) -> list[MeasureKind]:
    return list(session.scalars(select(MeasureKind).options(selectinload(MeasureKind.measures))
                                .order_by(MeasureKind.position)))


def measure_kind(session: Session, code: str) -> MeasureKind:
    found = session.scalar(select(MeasureKind).where(MeasureKind.code == code))
    if found is None:
        known = ", ".join(k.code for k in measure_kinds(session)) or "none loaded yet"
        raise NotFound(f"no measure kind {code!r}; known: {known}")
    return found


def check_region(problems: list[Problem], value: str | None, field: str = "region") -> str | None:
    if not value:
        return None
    code = regions.resolve(value)
    if code is None:
        problems.append(Problem("unknown region", column=field, value=value,
                                expected="one of the 20 region codes or names (sarap regions)"))
    return code


def check_access(problems: list[Problem], value: str | None) -> str:
    level = value or "public"
    if level not in codes("access_levels"):
        problems.append(Problem("unknown access level", column="access_level", value=level,
                                expected="one of " + ", ".join(codes("access_levels"))))
    return level


def add_plan(session: Session, *, title: str, kind: str, body_code: str, author: str,
             region: str | None = None, deadline: date | None = None, measure: int | None = None,
             status: str = "planned", agency: str | None = None, access_level: str | None = None,
             notes: str | None = None) -> Plan:
    """A plan of one measure; `measure` is the position (1-based) of a sub-item of the kind."""
    problems: list[Problem] = []
    if not title.strip():
        problems.append(Problem("a value is required", column="title", expected="what is planned"))
    if status not in PLAN_STATUSES:
        problems.append(Problem("unknown status", column="status", value=status,
                                expected="one of " + ", ".join(PLAN_STATUSES)))
    region_code = check_region(problems, region)
    level = check_access(problems, access_level)
    the_kind, the_body = measure_kind(session, kind), body(session, body_code)
    chosen = None
    if measure is not None:
        if not 1 <= measure <= len(the_kind.measures):
            problems.append(Problem(f"kind {kind!r} has no measure {measure}", column="measure",
                                    value=str(measure),
                                    expected=f"a number from 1 to {len(the_kind.measures)}"))
        else:
            chosen = the_kind.measures[measure - 1]
    if problems:
        raise InvalidInput(problems)
    plan = Plan(title=title.strip(), kind=the_kind, measure=chosen, body=the_body, region=region_code,
                deadline=deadline, status=status, agency=agency, access_level=level, notes=notes)
    session.add(plan)
    session.flush()
    audit.record(session, actor=author, action="registry.plan.create", entity="registry_plan",
                 entity_id=plan.id, detail=_plan_detail(plan))
    return plan


def _plan_detail(plan: Plan) -> dict[str, Any]:
    return {"title": plan.title, "kind": plan.kind.code, "body": plan.body.code, "region": plan.region,
            "deadline": plan.deadline, "status": plan.status, "agency": plan.agency,
            "access_level": plan.access_level}


def set_plan_status(session: Session, plan_id: int, status: str, *, author: str,
                    reason: str | None = None) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"no plan with id {plan_id}")
    if status not in PLAN_STATUSES:
        raise InvalidInput([Problem("unknown status", column="status", value=status,
                                    expected="one of " + ", ".join(PLAN_STATUSES))])
    before, plan.status = plan.status, status
    session.flush()
    audit.record(session, actor=author, action="registry.plan.status", entity="registry_plan",
                 entity_id=plan.id, detail={"status": [before, status], "reason": reason})
    return plan


@dataclass
class PlanFilter:
    region: str | None = None
    kind: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def select(self, where: ColumnElement[bool] | None = None) -> Select[tuple[Plan]]:
        query = select(Plan).options(selectinload(Plan.kind), selectinload(Plan.body))
        if where is not None:
            query = query.where(where)
        if self.region:
            query = query.where(Plan.region == self.region)
        if self.kind:
            query = query.join(MeasureKind).where(MeasureKind.code == self.kind)
        if self.status:
            query = query.where(Plan.status == self.status)
        if self.date_from:
            query = query.where(Plan.deadline >= self.date_from)
        if self.date_to:
            query = query.where(Plan.deadline <= self.date_to)
        return query.order_by(Plan.deadline, Plan.id)


def plans(session: Session, where: PlanFilter,
          visible: ColumnElement[bool] | None = None) -> list[Plan]:
    return list(session.scalars(where.select(visible)))
