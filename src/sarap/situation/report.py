"""The situation report of an anti-terrorism commission for one region and period, computed from
the records the reader may see: events (by action type and side, against the previous period of
the same length, casualties), the information space (each topic's mentions among the region's
items, alerts, sentiment shares), the review queue's counts (no texts), Decree 1404 plans for the
region with their status, and the exercises held. Every figure keeps the ids of the records behind
it, so a reader can check it; the analyst's assessment is left for a person to write.

`Reader` says what may be read: a user (the web page, `--as`), or everyone (an operator at the
terminal, as `sarap events list` shows every event)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from sarap.auth import access
from sarap.auth.models import User
from sarap.core.errors import InvalidInput, Problem
from sarap.events import regions
from sarap.events.models import Event
from sarap.events.store import EventFilter
from sarap.monitor import analytics, textual
from sarap.monitor.models import MonitorAlert, MonitorItem, MonitorTopic
from sarap.registry import exercises as exercises_mod
from sarap.registry import store as registry_store
from sarap.registry.models import PLAN_STATUSES, Exercise, Plan
from sarap.review.models import ReviewItem

CASUALTIES = ("killed_civilians", "killed_security", "killed_perpetrators", "killed_unknown",
              "injured_civilians", "injured_security", "injured_perpetrators", "injured_unknown",
              "hostages")
SENTIMENTS = ("positive", "negative", "neutral", "unscored")


@dataclass(frozen=True)
class Reader:
    """Whose view the report takes; `user=None, everyone=False` is a visitor who is not logged in."""

    user: User | None = None
    everyone: bool = False

    def rows(self, model: object) -> ColumnElement[bool]:
        return true() if self.everyone else access.readable_rows(self.user, model)

    def events(self) -> ColumnElement[bool]:
        return true() if self.everyone else access.readable(self.user)

    def review(self) -> ColumnElement[bool] | None:
        """Review items: an operator sees all; a reviewer those of their agency; others none."""
        if self.everyone:
            return true()
        if self.user is None or not self.user.has_role("reviewer"):
            return None
        return ReviewItem.agency.in_((self.user.agency.code,)) | ReviewItem.agency.is_(None)


@dataclass
class Figure:
    """One number and the ids of the records it counts (or sums)."""

    key: str
    value: int
    ids: list[int] = field(default_factory=list)


@dataclass
class TopicLine:
    id: int
    name: str
    query: str
    mentions: Figure
    share: float
    previous: int


@dataclass
class SituationReport:
    region: str
    start: date
    end: date
    previous_start: date
    previous_end: date
    generated_at: datetime
    events: list[Event]
    previous_events: Figure
    by_action_type: list[Figure]
    by_side: list[Figure]
    casualties: list[Figure]
    region_items: Figure
    topics: list[TopicLine]
    alerts: list[MonitorAlert]
    sentiment: list[Figure]
    review: list[Figure] | None
    plans: list[Plan]
    plan_status: list[Figure]
    exercises: list[Exercise]

    @property
    def event_count(self) -> int:
        return len(self.events)

    @property
    def change(self) -> int:
        return self.event_count - self.previous_events.value


def check(region: str, start: date | None, end: date | None) -> tuple[date, date]:
    problems = []
    if region not in {r.code for r in regions.all_regions()}:
        problems.append(Problem("unknown region", column="region", value=region,
                                expected="a region code, see `sarap regions`"))
    if start is None:
        problems.append(Problem("the period needs a first day", column="from", expected="YYYY-MM-DD"))
    if end is None:
        problems.append(Problem("the period needs a last day", column="to", expected="YYYY-MM-DD"))
    if start and end and end < start:
        problems.append(Problem("the period ends before it starts", column="to", value=end.isoformat(),
                                expected=f"a day on or after {start.isoformat()}"))
    if problems:
        raise InvalidInput(problems)
    assert start is not None and end is not None
    return start, end


def previous_period(first: date, last: date) -> tuple[date, date]:
    """The period just before, as long: whole months (or years) stay whole months, so 2011–2012 is
    compared with 2009–2010; any other span with the same number of days before it."""
    if first.day == 1 and (last + timedelta(days=1)).day == 1:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        index = first.year * 12 + first.month - 1 - months
        return date(index // 12, index % 12 + 1, 1), first - timedelta(days=1)
    length = last - first + timedelta(days=1)
    return first - length, first - timedelta(days=1)


def _events(session: Session, region: str, start: date, end: date, reader: Reader) -> list[Event]:
    """The same selection as `sarap events list --region --from --to`, narrowed to what the reader
    may see."""
    where = EventFilter(region=region, date_from=start, date_to=end)
    return list(session.scalars(where.select().where(reader.events())))


def _grouped(events: list[Event], attribute: str) -> list[Figure]:
    groups: dict[str, list[int]] = {}
    for e in events:
        groups.setdefault(getattr(e, attribute), []).append(e.id)
    return [Figure(k, len(v), v) for k, v in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _casualties(events: list[Event]) -> list[Figure]:
    found = []
    for column in CASUALTIES:
        counted = [(e.id, getattr(e, column)) for e in events if getattr(e, column)]
        found.append(Figure(column, sum(n for _, n in counted), [i for i, _ in counted]))
    return found


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _information_space(session: Session, region: str, start: date, end: date, previous: tuple[date, date],
                       reader: Reader) -> tuple[Figure, list[TopicLine], list[Figure], list[MonitorAlert]]:
    items = reader.rows(MonitorItem)
    in_region = MonitorItem.region == region
    scope = analytics.Scope(start=_moment(start), end=_moment(end + timedelta(days=1)))
    before = analytics.Scope(start=_moment(previous[0]), end=_moment(previous[1] + timedelta(days=1)))
    rows = analytics.rows_in_scope(session, scope, items, in_region)
    earlier = analytics.rows_in_scope(session, before, items, in_region)
    topics = list(session.scalars(select(MonitorTopic).where(reader.rows(MonitorTopic))
                                  .order_by(MonitorTopic.name)))
    lines, matched = [], set()
    for topic in topics:
        query = textual.compile_query(topic.query)
        hits = [r.id for r in analytics.matching(rows, query)]
        matched.update(hits)
        lines.append(TopicLine(topic.id, topic.name, topic.query, Figure("mentions", len(hits), hits),
                               len(hits) / len(rows) if rows else 0.0,
                               len(analytics.matching(earlier, query))))
    by_label: dict[str, list[int]] = {k: [] for k in SENTIMENTS}
    if matched:
        for item_id, label in session.execute(select(MonitorItem.id, MonitorItem.sentiment)
                                              .where(MonitorItem.id.in_(matched))):
            by_label[label if label in by_label else "unscored"].append(item_id)
    sentiment = [Figure(k, len(ids), sorted(ids)) for k, ids in by_label.items()]
    alerts = list(session.scalars(
        select(MonitorAlert).where(MonitorAlert.topic_id.in_([t.id for t in topics]),
                                   MonitorAlert.window_start >= _moment(start),
                                   MonitorAlert.window_start < _moment(end + timedelta(days=1)))
        .order_by(MonitorAlert.window_start))) if topics else []
    return Figure("items", len(rows), [r.id for r in rows]), lines, sentiment, alerts


def _review(session: Session, reader: Reader, start: date, end: date) -> list[Figure] | None:
    """Items entered in the period, by state; counts and ids only, never a text."""
    where = reader.review()
    if where is None:
        return None
    found: dict[str, list[int]] = {}
    for item_id, state in session.execute(
            select(ReviewItem.id, ReviewItem.state).where(
                where, ReviewItem.entered_at >= _moment(start),
                ReviewItem.entered_at < _moment(end + timedelta(days=1))).order_by(ReviewItem.id)):
        found.setdefault(state, []).append(item_id)
    return [Figure(state, len(ids), ids) for state, ids in sorted(found.items())]


def build(session: Session, *, region: str, start: date | None, end: date | None,
          reader: Reader) -> SituationReport:
    first, last = check(region, start, end)
    previous = previous_period(first, last)
    events = _events(session, region, first, last, reader)
    earlier = _events(session, region, *previous, reader)
    region_items, topics, sentiment, alerts = _information_space(session, region, first, last, previous,
                                                                 reader)
    plans = registry_store.plans(session, registry_store.PlanFilter(region=region, date_from=first,
                                                                    date_to=last), reader.rows(Plan))
    statuses = {s: [p.id for p in plans if p.status == s] for s in PLAN_STATUSES}
    held = exercises_mod.list_exercises(session, region=region, date_from=first, date_to=last,
                                        visible=reader.rows(Exercise))
    return SituationReport(
        region=region, start=first, end=last, previous_start=previous[0], previous_end=previous[1],
        generated_at=datetime.now(UTC), events=events,
        previous_events=Figure("previous", len(earlier), [e.id for e in earlier]),
        by_action_type=_grouped(events, "action_type"), by_side=_grouped(events, "side"),
        casualties=_casualties(events), region_items=region_items, topics=topics, alerts=alerts,
        sentiment=sentiment, review=_review(session, reader, first, last), plans=plans,
        plan_status=[Figure(s, len(ids), ids) for s, ids in statuses.items()], exercises=held)
