"""Spike alerts on a topic's mention counts: a threshold rule and an anomaly rule, de-bounced.

- threshold: a bucket with at least `min_count` mentions.
- anomaly: a bucket whose count exceeds the median of the `window` buckets before it by more than
  `k` robust standard deviations (1.4826 × the median absolute deviation, MAD), and has at least
  `min_count` mentions. The deviation is floored at 1 so that a flat, quiet history does not turn
  a single mention into an alarm. The first `window` buckets have no history and raise nothing.
- de-bounce: after an alert, the same rule of the same topic stays quiet for `cooldown` buckets;
  an alert for a bucket already alerted is never made again, so running the rules twice adds nothing.

Alerts are counted by `bucket` (day unless the rule says hour or week) over all the topic's items,
so the buckets do not move as the data grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.errors import InvalidInput, Problem
from sarap.monitor import analytics
from sarap.monitor.models import MonitorAlert, MonitorItem, MonitorTopic

MAD_SCALE = 1.4826
DEFAULTS: dict[str, dict[str, Any]] = {
    "threshold": {"min_count": 10, "bucket": "day", "cooldown": 3},
    "anomaly": {"k": 3.0, "window": 7, "min_count": 3, "bucket": "day", "cooldown": 3},
}
DEFAULT_RULES = [{"kind": "anomaly"}]


def clean_rules(rules: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Rules with their defaults filled in; unknown kinds, keys or values are errors."""
    out = []
    for n, rule in enumerate(rules if rules is not None else DEFAULT_RULES, start=1):
        kind = rule.get("kind")
        if kind not in DEFAULTS:
            raise InvalidInput([Problem("unknown alert rule", row=n, column="kind", value=str(kind),
                                        expected="threshold or anomaly")])
        merged = {"kind": kind, **DEFAULTS[kind]}
        for key, value in rule.items():
            if key == "kind":
                continue
            if key not in DEFAULTS[kind]:
                raise InvalidInput([Problem(f"unknown setting of the {kind} rule", row=n, column=key,
                                            expected=", ".join(DEFAULTS[kind]))])
            merged[key] = _value(kind, key, value, n)
        out.append(merged)
    return out


def _value(kind: str, key: str, value: Any, row: int) -> Any:
    if key == "bucket":
        if value not in analytics.BUCKETS:
            raise InvalidInput([Problem("unknown bucket", row=row, column=key, value=str(value),
                                        expected="hour, day or week")])
        return value
    try:
        number = float(value) if key == "k" else int(value)
    except (TypeError, ValueError):
        raise InvalidInput([Problem(f"not a number in the {kind} rule", row=row, column=key,
                                    value=str(value), expected="a number")]) from None
    if number < (0 if key == "cooldown" else 1 if key in ("window", "min_count") else 0.1):
        raise InvalidInput([Problem(f"too small a value in the {kind} rule", row=row, column=key,
                                    value=str(value), expected="a positive number")])
    return number


@dataclass
class Candidate:
    rule: str
    start: datetime
    value: float
    threshold: float
    detail: dict[str, Any]


def _candidates(rule: dict[str, Any], counts: list[int], starts: list[datetime]) -> list[Candidate]:
    out = []
    for i, (count, start) in enumerate(zip(counts, starts, strict=True)):
        if rule["kind"] == "threshold":
            if count >= rule["min_count"]:
                out.append(Candidate("threshold", start, count, rule["min_count"], {}))
            continue
        window = rule["window"]
        if i < window:
            continue
        history = counts[i - window:i]
        centre = median(history)
        spread = max(MAD_SCALE * median(abs(x - centre) for x in history), 1.0)
        limit = centre + rule["k"] * spread
        if count > limit and count >= rule["min_count"]:
            out.append(Candidate("anomaly", start, count, round(limit, 3),
                                 {"median": centre, "robust_sd": round(spread, 3), "window": window}))
    return out


def audience(topic: MonitorTopic) -> ColumnElement[bool]:
    """The items that every reader of the topic may read: its alerts show their counts to all of
    them, so a restricted item of another agency must not move an official topic's alert."""
    if topic.access_level == "public":
        return MonitorItem.access_level == "public"
    shared = MonitorItem.access_level.in_(("public", "official"))
    return shared if topic.access_level == "official" else or_(shared, MonitorItem.agency == topic.agency)


def run_rules(session: Session, topic: MonitorTopic, *, actor: str) -> list[MonitorAlert]:
    """Evaluates the topic's rules over the items its readers may all read; returns the alerts
    newly raised."""
    raised = []
    for rule in clean_rules(topic.alert_rules or DEFAULT_RULES):
        bucket = rule["bucket"]
        s = analytics.series(session, topic, bucket=bucket, readable=audience(topic))
        counts, starts = [p.count for p in s.points], [p.start for p in s.points]
        existing = {analytics.floor(a.window_start, bucket) for a in session.scalars(
            select(MonitorAlert).where(MonitorAlert.topic_id == topic.id, MonitorAlert.rule == rule["kind"]))}
        quiet_until: datetime | None = None
        for c in _candidates(rule, counts, starts):
            if c.start in existing or (quiet_until is not None and c.start < quiet_until):
                if c.start in existing:
                    quiet_until = c.start + analytics.WIDTH[bucket] * (rule["cooldown"] + 1)
                continue
            quiet_until = c.start + analytics.WIDTH[bucket] * (rule["cooldown"] + 1)
            alert = MonitorAlert(topic_id=topic.id, rule=c.rule, window_start=c.start, bucket=bucket,
                                 value=c.value, threshold=c.threshold, detail=c.detail)
            session.add(alert)
            session.flush()
            audit.record(session, actor=actor, action="monitor.alert", entity="monitor_alert",
                         entity_id=alert.id, detail={"topic": topic.name, "rule": c.rule,
                                                     "window": c.start.isoformat(), "value": c.value})
            raised.append(alert)
    return raised
