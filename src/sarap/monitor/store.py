"""Sources and topics: adding, listing, finding. Every write is audited."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.monitor import textual
from sarap.monitor.models import (
    ACCESS_LEVELS,
    SOURCE_KINDS,
    IngestRun,
    MonitorAlert,
    MonitorSource,
    MonitorTopic,
)

FILE_KINDS = ("csv", "jsonl", "telegram")
FILTER_KEYS = ("languages", "platforms", "sources", "start", "end")


def _owned(agency: str | None, access_level: str) -> list[Problem]:
    if access_level not in ACCESS_LEVELS:
        return [Problem("unknown access level", column="access_level", value=access_level,
                        expected=", ".join(ACCESS_LEVELS))]
    if access_level == "restricted" and not agency:
        return [Problem("a restricted record needs an owning agency", column="agency",
                        expected="an agency code")]
    return []


def add_source(session: Session, *, name: str, kind: str, location: str, platform: str | None = None,
               interval_minutes: int = 60, options: dict[str, Any] | None = None,
               public_authors: list[str] | None = None, all_public: bool = False,
               agency: str | None = None, access_level: str = "public", actor: str) -> MonitorSource:
    problems = _owned(agency, access_level)
    if kind not in SOURCE_KINDS:
        problems.append(Problem("unknown source kind", column="kind", value=kind,
                                expected=", ".join(SOURCE_KINDS)))
    elif kind in FILE_KINDS:
        if not Path(location).is_file():
            problems.append(Problem("no such file", file=location, column="location",
                                    expected="the path of an existing export file"))
    elif not location.startswith(("http://", "https://")):
        problems.append(Problem("not a web address", column="location", value=location,
                                expected="http:// or https:// URL"))
    if interval_minutes < 1:
        problems.append(Problem("the polling interval is at least one minute", column="interval",
                                value=str(interval_minutes), expected="minutes ≥ 1"))
    if session.scalar(select(MonitorSource.id).where(MonitorSource.name == name)) is not None:
        problems.append(Problem("a source of that name exists", column="name", value=name,
                                expected="a new name"))
    if problems:
        raise InvalidInput(problems)
    if kind in FILE_KINDS:
        location = str(Path(location).resolve())
    default_platform = {"telegram": "telegram", "web": "web", "rss": "news", "atom": "news"}
    source = MonitorSource(name=name, kind=kind, location=location,
                    platform=(platform or default_platform.get(kind) or "other").lower(),
                    interval_minutes=interval_minutes, options=options or {},
                    public_authors=public_authors or [], all_public=all_public, agency=agency,
                    access_level=access_level)
    session.add(source)
    session.flush()
    audit.record(session, actor=actor, action="monitor.source_add", entity="monitor_source",
                 entity_id=source.id, detail={"name": name, "kind": kind, "location": location})
    return source


def update_source(session: Session, source: MonitorSource, *, actor: str, **changes: Any) -> MonitorSource:
    """Changes a source's platform, interval, access, location (feeds) or pauses it (options.paused:
    a paused source is never due); audited with the fields that changed."""
    problems = _owned(changes.get("agency", source.agency), changes.get("access_level", source.access_level))
    interval = changes.get("interval_minutes", source.interval_minutes)
    if interval < 1:
        problems.append(Problem("the polling interval is at least one minute", column="interval",
                                value=str(interval), expected="minutes ≥ 1"))
    location = changes.get("location", source.location)
    if source.kind not in FILE_KINDS and not str(location).startswith(("http://", "https://")):
        problems.append(Problem("not a web address", column="location", value=str(location),
                                expected="http:// or https:// URL"))
    if problems:
        raise InvalidInput(problems)
    changed: dict[str, Any] = {}
    for key in ("platform", "interval_minutes", "access_level", "location"):
        if key in changes and changes[key] != getattr(source, key):
            changed[key] = changes[key]
            setattr(source, key, changes[key])
    if "paused" in changes and bool(changes["paused"]) != bool((source.options or {}).get("paused")):
        changed["paused"] = bool(changes["paused"])
        source.options = {**(source.options or {}), "paused": bool(changes["paused"])}
    if changed:
        audit.record(session, actor=actor, action="monitor.source_edit", entity="monitor_source",
                     entity_id=source.id, detail=changed)
    return source


def source_named(session: Session, name: str) -> MonitorSource:
    found = session.scalar(select(MonitorSource).where(MonitorSource.name == name))
    if found is None:
        raise NotFound(f"no monitoring source named {name!r}; see 'sarap monitor sources list'")
    return found


def sources(session: Session) -> list[MonitorSource]:
    return list(session.scalars(select(MonitorSource).order_by(MonitorSource.name)))


def file_fingerprint(source: MonitorSource) -> str | None:
    if source.kind not in FILE_KINDS:
        return None
    stat = Path(source.location).stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def is_due(session: Session, source: MonitorSource, now: datetime | None = None) -> bool:
    """Feeds and pages: their interval has passed since the last poll. Files: changed since the
    last finished run (or never run, or a run left unfinished)."""
    now = now or datetime.now(UTC)
    if (source.options or {}).get("paused"):
        return False
    if source.kind in FILE_KINDS:
        if not Path(source.location).is_file():
            return False
        last = session.scalar(select(IngestRun).where(IngestRun.source_id == source.id)
                              .order_by(IngestRun.id.desc()).limit(1))
        return last is None or last.state != "done" or last.fingerprint != file_fingerprint(source)
    if source.last_polled_at is None:
        return True
    polled = source.last_polled_at
    if polled.tzinfo is None:
        polled = polled.replace(tzinfo=UTC)
    return polled + timedelta(minutes=source.interval_minutes) <= now


def _day(value: Any, column: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidInput([Problem("not a date", column=column, value=str(value),
                                    expected="YYYY-MM-DD")]) from None


def clean_filters(filters: dict[str, Any]) -> dict[str, Any]:
    unknown = [k for k in filters if k not in FILTER_KEYS]
    if unknown:
        raise InvalidInput([Problem("unknown filter", column=k, expected=", ".join(FILTER_KEYS))
                            for k in unknown])
    out: dict[str, Any] = {}
    for key in ("languages", "platforms", "sources"):
        values = [str(v).strip() for v in filters.get(key) or [] if str(v).strip()]
        if values:
            out[key] = [v.lower() for v in values] if key != "sources" else values
    for key in ("start", "end"):
        if (day := _day(filters.get(key), key)) is not None:
            out[key] = day
    return out


def add_topic(session: Session, *, name: str, query: str, filters: dict[str, Any] | None = None,
              alert_rules: list[dict[str, Any]] | None = None, agency: str | None = None,
              access_level: str = "public", actor: str) -> MonitorTopic:
    textual.compile_query(query)  # a bad query fails here, with its position
    problems = _owned(agency, access_level)
    if session.scalar(select(MonitorTopic.id).where(MonitorTopic.name == name)) is not None:
        problems.append(Problem("a topic of that name exists", column="name", value=name,
                                expected="a new name"))
    if problems:
        raise InvalidInput(problems)
    from sarap.monitor.alerts import clean_rules

    topic = MonitorTopic(name=name, query=query, filters=clean_filters(filters or {}),
                  alert_rules=clean_rules(alert_rules), agency=agency, access_level=access_level)
    session.add(topic)
    session.flush()
    audit.record(session, actor=actor, action="monitor.topic_add", entity="monitor_topic",
                 entity_id=topic.id, detail={"name": name, "query": query, "filters": topic.filters})
    return topic


def topic_named(session: Session, name: str) -> MonitorTopic:
    found = session.scalar(select(MonitorTopic).where(MonitorTopic.name == name))
    if found is None:
        raise NotFound(f"no topic named {name!r}; see 'sarap monitor topics list'")
    return found


def topics(session: Session) -> list[MonitorTopic]:
    return list(session.scalars(select(MonitorTopic).order_by(MonitorTopic.name)))


def alerts(session: Session, *, topic: MonitorTopic | None = None,
           open_only: bool = False) -> list[MonitorAlert]:
    query = select(MonitorAlert).order_by(MonitorAlert.window_start, MonitorAlert.id)
    if topic is not None:
        query = query.where(MonitorAlert.topic_id == topic.id)
    if open_only:
        query = query.where(MonitorAlert.acknowledged_at.is_(None))
    return list(session.scalars(query))


def acknowledge(session: Session, alert_id: int, *, actor: str) -> MonitorAlert:
    alert = session.get(MonitorAlert, alert_id) if 0 < alert_id < 2**31 else None
    if alert is None:
        raise NotFound(f"no alert with id {alert_id}")
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = datetime.now(UTC), actor
        audit.record(session, actor=actor, action="monitor.alert_ack", entity="monitor_alert",
                     entity_id=alert.id, detail={"topic": alert.topic.name, "rule": alert.rule})
    return alert
