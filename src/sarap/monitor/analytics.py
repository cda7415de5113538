"""What a topic's mentions look like: over time, by platform, source, language and region, unique
authors, share of all items, the interest index, terms, and comparisons of topics.

Definitions (docs/monitoring.md has them with examples):
- scope: the items a topic looks at: its filters (languages, platforms, sources, period) and, for
  a user, the items that user may read. Duplicates (linked to a first item) are left out unless
  asked for, so a story reposted ten times counts once.
- mentions: items in scope that match the topic's query.
- share: mentions / all items in scope in the same bucket (Media Cloud's "attention").
- interest index 0–100, as Google Trends defines it: the share in each bucket, divided by the
  highest share in the series and multiplied by 100, rounded. 100 is the peak; 50 is half as much
  attention; 0 is no mention (or no items in that bucket). Indexes are relative to one series (or
  one comparison): they must not be compared across requests with different scopes.
- low volume: a bucket with fewer than MIN_VOLUME items in scope, or fewer than MIN_VOLUME_SHARE
  of the items of the series' busiest bucket, is marked `low_volume` and not scaled (its index is
  0, and it cannot be the peak): 1 mention in 2 items is a share of 50% that says nothing, and must
  not read 100 next to a week of 35 mentions in 270 items. Google Trends
  does the same with its "low search volume" threshold (it reports 0 for such regions and times).
- duplicates: a series counts every original item once and reports how many duplicates of
  matching items it left out (`duplicates_left_out`).
- buckets (YouScan's rule): a range under 4 days is counted by hour, under 120 days by day, and
  otherwise by week (weeks start on Monday). Times are UTC.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from sarap.monitor import keyindex, textual
from sarap.monitor.models import MonitorItem, MonitorSource, MonitorTopic

BUCKETS = ("hour", "day", "week")
HOURLY_UNDER = timedelta(days=4)
DAILY_UNDER = timedelta(days=120)
WIDTH = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}
MIN_VOLUME = 3  # items in a bucket below which its share is not scaled into the index
MIN_VOLUME_SHARE = 0.1  # … or this share of the busiest bucket's items
COMMON_SHARE = 0.5  # a term in more than half of all items in scope is a function word, not a topic
MIN_KEY_LENGTH = 3


@dataclass(frozen=True)
class Scope:
    languages: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None  # exclusive
    include_duplicates: bool = False

    @classmethod
    def of_topic(cls, topic: MonitorTopic, **overrides: Any) -> Scope:
        f = topic.filters or {}
        start = _day_start(f.get("start"))
        end = _day_start(f.get("end"))
        scope = cls(languages=tuple(f.get("languages") or ()), platforms=tuple(f.get("platforms") or ()),
                    sources=tuple(f.get("sources") or ()), start=start,
                    end=end + timedelta(days=1) if end else None)
        given = {k: v for k, v in overrides.items() if v not in (None, ())}
        return replace(scope, **given)


def _day_start(value: str | date | None) -> datetime | None:
    if not value:
        return None
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return datetime.combine(day, time(), UTC)


@dataclass(frozen=True)
class Row:
    id: int
    published: datetime
    platform: str
    source: str
    language: str
    region: str | None
    author: str | None
    text: str
    terms: str
    url: str | None
    title: str | None
    engagement: dict[str, int]


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _conditions(scope: Scope, readable: ColumnElement[bool] | None) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if not scope.include_duplicates:
        found.append(MonitorItem.duplicate_of_id.is_(None))
    if scope.languages:
        found.append(MonitorItem.language.in_(scope.languages))
    if scope.platforms:
        found.append(MonitorItem.platform.in_(scope.platforms))
    if scope.sources:
        found.append(MonitorSource.name.in_(scope.sources))
    if scope.start:
        found.append(MonitorItem.published_at >= scope.start)
    if scope.end:
        found.append(MonitorItem.published_at < scope.end)
    if readable is not None:
        found.append(readable)
    return found


def rows_in_scope(session: Session, scope: Scope, readable: ColumnElement[bool] | None = None,
                  where: ColumnElement[bool] | None = None) -> list[Row]:
    """The items in scope (and meeting `where`), oldest first."""
    query = (select(MonitorItem.id, MonitorItem.published_at, MonitorItem.platform, MonitorSource.name,
                    MonitorItem.language, MonitorItem.region, MonitorItem.author_key, MonitorItem.text,
                    MonitorItem.terms, MonitorItem.url, MonitorItem.title, MonitorItem.engagement)
             .join(MonitorSource, MonitorItem.source_id == MonitorSource.id)
             .where(*_conditions(scope, readable))
             .order_by(MonitorItem.published_at))
    if where is not None:
        query = query.where(where)
    return [Row(r[0], _utc(r[1]), *r[2:]) for r in session.execute(query)]


def matching(rows: Iterable[Row], query: textual.Query) -> list[Row]:
    return [r for r in rows if query.matches(r.text, r.terms, r.language)]


# --- buckets ------------------------------------------------------------------------------------

def choose_bucket(start: datetime, end: datetime) -> str:
    span = end - start
    if span < HOURLY_UNDER:
        return "hour"
    return "day" if span < DAILY_UNDER else "week"


def floor(moment: datetime, bucket: str) -> datetime:
    moment = _utc(moment)
    if bucket == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = datetime.combine(moment.date(), time(), UTC)
    return day if bucket == "day" else day - timedelta(days=day.weekday())


def grid(start: datetime, end: datetime, bucket: str) -> list[datetime]:
    """Every bucket from the one holding `start` to the one holding `end` (inclusive)."""
    out, at = [], floor(start, bucket)
    while at <= end:
        out.append(at)
        at += WIDTH[bucket]
    return out


# --- series and index ---------------------------------------------------------------------------

@dataclass
class Point:
    start: datetime
    count: int
    total: int
    share: float
    index: int = 0
    low_volume: bool = False  # fewer than MIN_VOLUME items: not scaled (index 0)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "count": self.count, "total": self.total,
                "share": round(self.share, 6), "index": self.index, "low_volume": self.low_volume}


@dataclass
class Series:
    topic: str
    bucket: str
    points: list[Point]
    mentions: int
    total: int
    unique_authors: int
    duplicates_left_out: int = 0  # matching items not counted because they repeat an earlier one

    @property
    def share(self) -> float:
        return self.mentions / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "bucket": self.bucket, "mentions": self.mentions, "total": self.total,
                "share": round(self.share, 6), "unique_authors": self.unique_authors,
                "duplicates_left_out": self.duplicates_left_out,
                "points": [p.to_dict() for p in self.points]}


def volume_floor(totals: Iterable[int]) -> float:
    """The fewest items a bucket needs to be scaled: MIN_VOLUME, or MIN_VOLUME_SHARE of the busiest."""
    return max(MIN_VOLUME, MIN_VOLUME_SHARE * max(totals, default=0))


def interest_index(shares: Sequence[float], totals: Sequence[int] | None = None) -> list[int]:
    """Google Trends' 0–100: each share relative to the peak share; with totals, low-volume buckets
    are not scaled and get 0 (see the module docstring)."""
    floor_ = volume_floor(totals) if totals is not None else 0
    sized = [t >= floor_ for t in totals] if totals is not None else [True] * len(shares)
    peak = max((s for s, ok in zip(shares, sized, strict=True) if ok), default=0.0)
    return [round(100 * s / peak) if peak > 0 and ok else 0 for s, ok in zip(shares, sized, strict=True)]


def _scale(points: Sequence[Point], peak: float, floor_: float) -> None:
    for p in points:
        p.low_volume = p.total < floor_
        p.index = round(100 * p.share / peak) if peak > 0 and not p.low_volume else 0


def scale_points(points: Sequence[Point]) -> None:
    """Sets each point's interest index and low-volume mark, by the rule of the module docstring."""
    floor_ = volume_floor(p.total for p in points)
    _scale(points, _peak(points, floor_), floor_)


def _peak(points: Iterable[Point], floor_: float) -> float:
    return max((p.share for p in points if p.total >= floor_), default=0.0)


# --- counting in SQL ------------------------------------------------------------------------------
# Totals are counted by the database (GROUP BY bucket or field). So are mentions when the query is
# answered by family keys alone (sarap.monitor.keyindex); otherwise the database hands over only the
# items that can match (those holding the keys the query's words need) and Python checks them.

def _bucket_of(session: Session, bucket: str) -> ColumnElement[Any]:
    """The bucket of an item's published time, as SQL: ISO text on SQLite, where times are stored as
    UTC text; a UTC timestamp on PostgreSQL."""
    if session.get_bind().dialect.name == "sqlite":
        if bucket == "hour":
            return func.substr(MonitorItem.published_at, 1, 13)
        day = func.substr(MonitorItem.published_at, 1, 10)
        return day if bucket == "day" else func.date(day, "-6 days", "weekday 1")
    return func.date_trunc(bucket, func.timezone("UTC", MonitorItem.published_at))


def _bucket_start(value: str | datetime, bucket: str) -> datetime:
    if isinstance(value, datetime):
        return _utc(value)
    return datetime.strptime(value, "%Y-%m-%d %H" if bucket == "hour" else "%Y-%m-%d").replace(tzinfo=UTC)


@dataclass
class _Counts:
    totals: Counter[Any]
    mentions: Counter[Any]
    authors: dict[Any, int]  # unique authors among the mentions, per group
    all_authors: int


def _grouped(group: ColumnElement[Any], *where: ColumnElement[bool]) -> Select[Any]:
    return (select(group, func.count(), func.count(func.distinct(MonitorItem.author_key)))
            .select_from(MonitorItem).join(MonitorSource, MonitorItem.source_id == MonitorSource.id)
            .where(*where).group_by(group))


def _count(session: Session, query: textual.Query, scope: Scope, readable: ColumnElement[bool] | None,
           group: ColumnElement[Any]) -> _Counts:
    """Items in scope and the query's mentions, per value of `group`."""
    conditions = _conditions(scope, readable)
    totals = Counter({key: n for key, n, _ in session.execute(_grouped(group, *conditions))})
    exact = keyindex.condition(session, query.root, textual.query_keys, True) if query.keys_only else None
    if exact is not None:
        rows = session.execute(_grouped(group, *conditions, exact)).all()
        everyone = session.scalar(select(func.count(func.distinct(MonitorItem.author_key)))
                                  .select_from(MonitorItem)
                                  .join(MonitorSource, MonitorItem.source_id == MonitorSource.id)
                                  .where(*conditions, exact))
        return _Counts(totals, Counter({k: n for k, n, _ in rows}), {k: a for k, _, a in rows}, everyone or 0)
    loose = keyindex.condition(session, query.root, textual.query_keys, False)
    candidates = (select(group, MonitorItem.text, MonitorItem.terms, MonitorItem.language,
                         MonitorItem.author_key).select_from(MonitorItem)
                  .join(MonitorSource, MonitorItem.source_id == MonitorSource.id)
                  .where(*conditions, *([loose] if loose is not None else [])))
    mentions: Counter[Any] = Counter()
    authors: dict[Any, set[str]] = {}
    for key, text, terms, language, author in session.execute(candidates):
        if query.matches(text, terms, language):
            mentions[key] += 1
            if author:
                authors.setdefault(key, set()).add(author)
    return _Counts(totals, mentions, {k: len(v) for k, v in authors.items()},
                   len(set().union(*authors.values())) if authors else 0)


def _span(session: Session, scope: Scope,
          readable: ColumnElement[bool] | None) -> tuple[datetime, datetime] | None:
    """The range a series covers: the scope's, or where its items lie; None for nothing to show."""
    if scope.start is not None and scope.end is not None:
        return scope.start, scope.end - timedelta(microseconds=1)
    first, last = session.execute(
        select(func.min(MonitorItem.published_at), func.max(MonitorItem.published_at))
        .select_from(MonitorItem).join(MonitorSource, MonitorItem.source_id == MonitorSource.id)
        .where(*_conditions(scope, readable))).one()
    if first is None:
        return None
    return (scope.start or _utc(first),
            (scope.end - timedelta(microseconds=1)) if scope.end else _utc(last))


def _points(counts: _Counts, buckets: list[datetime], bucket: str) -> list[Point]:
    mentions = Counter({_bucket_start(k, bucket): n for k, n in counts.mentions.items()})
    totals = Counter({_bucket_start(k, bucket): n for k, n in counts.totals.items()})
    return [Point(b, mentions[b], totals[b], mentions[b] / totals[b] if totals[b] else 0.0) for b in buckets]


def series(session: Session, topic: MonitorTopic, scope: Scope | None = None, *, bucket: str | None = None,
           readable: ColumnElement[bool] | None = None) -> Series:
    """Mentions of a topic per bucket, with the totals, shares and interest index."""
    scope = scope or Scope.of_topic(topic)
    span = _span(session, scope, readable)
    if span is None:
        return Series(topic.name, bucket or "day", [], 0, 0, 0)
    bucket = bucket or choose_bucket(*span)
    query = textual.compile_query(topic.query)
    counts = _count(session, query, scope, readable, _bucket_of(session, bucket))
    points = _points(counts, grid(*span, bucket), bucket)
    scale_points(points)
    left_out = 0
    if not scope.include_duplicates:
        with_copies = _count(session, query, replace(scope, include_duplicates=True), readable,
                             _bucket_of(session, bucket))
        left_out = sum(with_copies.mentions.values()) - sum(counts.mentions.values())
    return Series(topic.name, bucket, points, sum(counts.mentions.values()), sum(counts.totals.values()),
                  counts.all_authors, left_out)


@dataclass
class Comparison:
    bucket: str
    starts: list[datetime]
    topics: dict[str, list[Point]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"bucket": self.bucket, "starts": [s.isoformat() for s in self.starts],
                "topics": {name: [p.to_dict() for p in pts] for name, pts in self.topics.items()}}


def compare(session: Session, topics: Sequence[MonitorTopic], scope: Scope, *, bucket: str | None = None,
            readable: ColumnElement[bool] | None = None) -> Comparison:
    """Several topics on one index: every topic's query over the same scope, and the index scaled
    so that the highest share of any topic in any bucket is 100 (as Trends compares terms)."""
    span = _span(session, scope, readable)
    if span is None:
        return Comparison(bucket or "day", [], {t.name: [] for t in topics})
    bucket = bucket or choose_bucket(*span)
    buckets = grid(*span, bucket)
    result = Comparison(bucket, buckets)
    for topic in topics:
        query = textual.compile_query(topic.query)
        counts = _count(session, query, scope, readable, _bucket_of(session, bucket))
        result.topics[topic.name] = _points(counts, buckets, bucket)
    floor_ = volume_floor(p.total for pts in result.topics.values() for p in pts)
    peak = _peak((p for pts in result.topics.values() for p in pts), floor_)
    for pts in result.topics.values():
        _scale(pts, peak, floor_)
    return result


# --- breakdowns and terms -----------------------------------------------------------------------

BREAKDOWNS = ("platform", "source", "language", "region")


def breakdown(session: Session, topic: MonitorTopic, by: str, scope: Scope | None = None,
              readable: ColumnElement[bool] | None = None) -> list[dict[str, Any]]:
    """Mentions, all items and share per platform, source, language or region ("unknown" where a
    region is not known), most mentions first."""
    if by not in BREAKDOWNS:
        raise ValueError(f"breakdown by {by!r}; expected one of {', '.join(BREAKDOWNS)}")
    scope = scope or Scope.of_topic(topic)
    columns: dict[str, Any] = {"platform": MonitorItem.platform, "source": MonitorSource.name,
                               "language": MonitorItem.language, "region": MonitorItem.region}
    column: ColumnElement[Any] = columns[by]
    found = _count(session, textual.compile_query(topic.query), scope, readable, column)
    totals = Counter({k or "unknown": n for k, n in found.totals.items()})
    counts = Counter({k or "unknown": n for k, n in found.mentions.items()})
    authors = {k or "unknown": n for k, n in found.authors.items()}
    return [{by: key, "mentions": counts[key], "total": totals[key],
             "share": round(counts[key] / totals[key], 6) if totals[key] else 0.0,
             "unique_authors": authors.get(key, 0)}
            for key in sorted(totals, key=lambda k: (-counts[k], -totals[k], k))]


def terms(session: Session, topic: MonitorTopic, scope: Scope | None = None, *, limit: int = 20,
          min_count: int = 2, readable: ColumnElement[bool] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Top terms: the family keys most frequent in the matched items. Co-occurring terms: those
    over-represented in the matched items against all items in scope (lift = share of matched
    items with the term / share of all items with it), seen in at least `min_count` matched items.
    The query's own keys, keys under MIN_KEY_LENGTH letters, and keys found in more than half of
    all items (function words) are left out of both."""
    scope = scope or Scope.of_topic(topic)
    everything = rows_in_scope(session, scope, readable)
    query = textual.compile_query(topic.query)
    matched = matching(everything, query)
    overall = Counter(k for r in everything for k in set(r.terms.split()))
    inside = Counter(k for r in matched for k in set(r.terms.split()))
    own = query.keys()
    n_all, n_in = len(everything), len(matched)

    def kept(key: str) -> bool:
        return key not in own and len(key) >= MIN_KEY_LENGTH and overall[key] <= COMMON_SHARE * n_all

    top = [{"term": k, "items": c} for k, c in sorted(inside.items(), key=lambda kv: (-kv[1], kv[0]))
           if kept(k)][:limit]
    lifted = [(k, c, (c / n_in) / (overall[k] / n_all)) for k, c in inside.items()
              if kept(k) and c >= min_count]
    co = [{"term": k, "items": c, "lift": round(lift, 3)}
          for k, c, lift in sorted(lifted, key=lambda t: (-t[2], -t[1], t[0]))][:limit]
    return {"top": top, "co_occurring": co}
