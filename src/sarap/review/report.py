"""The transparency report for a period: what entered the queue, what was flagged, what reviewers
decided and why (the rules behind each category), with precision, agreement and time to decision.
Counts only: no text, no authors, no notes — it can be published."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from sarap.core import spreadsheet
from sarap.core.errors import InvalidInput, Problem
from sarap.review import categories, metrics
from sarap.review.metrics import UTC, Metrics
from sarap.review.models import OPEN_STATES

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Report:
    start: date
    end: date  # inclusive
    entered: int
    by_origin: dict[str, int]
    flagged: dict[str, int]  # suggested category → items flagged
    decided: dict[str, int]  # final category → items
    escalations: int
    still_open: int
    purged: int
    why: dict[str, list[tuple[str, int]]]  # final category → (rule, items it fired on)
    metrics: Metrics

    def rows(self) -> list[tuple[str, str, str, Any]]:
        """(section, category, key, value): the report as one long table."""
        out: list[tuple[str, str, str, Any]] = [("period", "", "start", self.start.isoformat()),
                                                ("period", "", "end", self.end.isoformat()),
                                                ("entered", "", "items", self.entered)]
        out += [("entered", "", f"origin:{k}", v) for k, v in sorted(self.by_origin.items())]
        out += [("flagged", k, "items", v) for k, v in self.flagged.items()]
        out += [("decided", k, "items", v) for k, v in self.decided.items()]
        out += [("decided", "", "escalations", self.escalations),
                ("decided", "", "still_open", self.still_open),
                ("privacy", "", "texts_purged", self.purged)]
        out += [("why", k, f"rule:{rule}", n) for k, rules in self.why.items() for rule, n in rules]
        for p in [*self.metrics.precision, self.metrics.precision_any]:
            out.append(("precision", p.category, "flagged_decided", p.flagged_decided))
            out.append(("precision", p.category, "confirmed", p.confirmed))
            out.append(("precision", p.category, "precision", "" if p.value is None else round(p.value, 4)))
        kappa = self.metrics.kappa.get("value")
        out += [("agreement", "", "double_reviewed", self.metrics.pairs),
                ("agreement", "", "disagreements", self.metrics.disagreements),
                ("agreement", "", "cohen_kappa", "" if kappa is None else round(kappa, 4))]
        out += [("time_to_decision_hours", "", k, "" if v is None else v)
                for k, v in self.metrics.hours_to_decision.items()]
        return out


def parse_period(start: str | None, end: str | None, *, today: date) -> tuple[date, date]:
    """YYYY-MM-DD bounds (both inclusive); by default the current calendar year."""
    def one(value: str | None, default: date, field: str) -> date:
        if not value:
            return default
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InvalidInput([Problem("not a date", file="period", column=field, value=value,
                                        expected="YYYY-MM-DD")]) from None
    first, last = one(start, date(today.year, 1, 1), "from"), one(end, date(today.year, 12, 31), "to")
    if last < first:
        raise InvalidInput([Problem("the period ends before it starts", file="period", column="to",
                                    value=last.isoformat(), expected=f"on or after {first.isoformat()}")])
    return first, last


def build(session: Session, start: date, end: date) -> Report:
    lo = datetime.combine(start, time.min, UTC)
    hi = datetime.combine(end, time.max, UTC)
    items = metrics.items_between(session, lo, hi)
    violating = categories.violating_codes()
    flagged = Counter(i.suggested_category or "unspecified" for i in items if i.flagged)
    decided = Counter(i.category for i in items if i.category)
    why: dict[str, list[tuple[str, int]]] = {}
    for code in decided:
        fired = Counter(r["rule"] for i in items if i.category == code
                        for r in (i.reasons or {}).get("rules", []))
        why[code] = fired.most_common(5)
    return Report(start, end, len(items), dict(Counter(i.origin for i in items)),
                  {c: flagged.get(c, 0) for c in (*violating, "unspecified") if flagged.get(c)},
                  {c: decided.get(c, 0) for c in categories.codes()},
                  sum(1 for i in items for d in i.decisions if d.outcome == categories.ESCALATE),
                  sum(i.state in OPEN_STATES for i in items), sum(i.purged_at is not None for i in items),
                  why, metrics.compute(items))


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = spreadsheet.csv_writer(buffer, lineterminator="\n")
    writer.writerow(["section", "category", "key", "value"])
    writer.writerows(report.rows())
    return buffer.getvalue()


def to_html(report: Report, lang: str = "en") -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    return env.get_template("transparency.html").render(
        r=report, lang=lang, label=lambda code: categories.label(code, lang),
        principle=categories.principle(lang), fmt=lambda v: "—" if v is None else f"{v:.3f}")
