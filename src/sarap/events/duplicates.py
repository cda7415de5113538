"""Likely duplicate events: close dates, the same place, similar text, a shared source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sarap.events.models import Event

THRESHOLD = 0.5
CLOSE_DAYS = 3


@dataclass
class Candidate:
    first: Event
    second: Event
    score: float
    reasons: list[str]


def _words(text: str) -> set[str]:
    # Five-letter prefixes stand in for stems, so that inflected forms still meet.
    return {w[:5] for w in re.findall(r"[^\W\d_]{3,}", text.lower())}


def _text_similarity(a: Event, b: Event) -> float:
    wa, wb = _words(a.summary), _words(b.summary)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _dates_overlap(a: Event, b: Event) -> bool:
    slack = timedelta(days=CLOSE_DAYS)
    return a.date_start - slack <= b.date_end and b.date_start - slack <= a.date_end


def compare(a: Event, b: Event) -> Candidate | None:
    score, reasons = 0.0, []
    if _dates_overlap(a, b):
        score += 0.3
        reasons.append("dates overlap or lie within 3 days")
    regions_a = {p.region or p.country for p in a.places}
    regions_b = {p.region or p.country for p in b.places}
    if regions_a & regions_b:
        score += 0.2
        reasons.append("same place: " + ", ".join(sorted(x for x in regions_a & regions_b if x)))
    similarity = _text_similarity(a, b)
    if similarity >= 0.2:
        score += round(0.4 * similarity, 3)
        reasons.append(f"similar text ({similarity:.0%} of words shared)")
    urls = {s.url for s in a.sources if s.url} & {s.url for s in b.sources if s.url}
    if urls:
        score += 0.4
        reasons.append("shared source: " + ", ".join(sorted(urls)))
    if score < THRESHOLD or not (_dates_overlap(a, b) or urls):
        return None
    return Candidate(a, b, round(min(score, 1.0), 3), reasons)


def find_duplicates(events: list[Event], threshold: float = THRESHOLD) -> list[Candidate]:
    ordered = sorted(events, key=lambda e: e.date_start)
    found = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            shares_url = {s.url for s in a.sources if s.url} & {s.url for s in b.sources if s.url}
            if b.date_start - a.date_end > timedelta(days=CLOSE_DAYS) and not shares_url:
                continue
            candidate = compare(a, b)
            if candidate and candidate.score >= threshold:
                found.append(candidate)
    return sorted(found, key=lambda c: -c.score)
