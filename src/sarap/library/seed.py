"""The shipped library: the three seed texts and the catalogue of the acts and conventions the
dissertation lists (data/catalogue.yaml), each act linked to the verbal event of its adoption in
dataset dissertation-2025 when the event bank has that dataset. Loading is idempotent: a document
already there is left alone, and one still without its event gets it once the events are loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import extract, or_, select
from sqlalchemy.orm import Session

from sarap.core.errors import InvalidInput, Problem
from sarap.events.models import Dataset, Event
from sarap.library import store, terms
from sarap.library.models import LibraryDocument

DATA = Path(__file__).parent / "data"
CATALOGUE = DATA / "catalogue.yaml"
DATASET = "dissertation-2025"
# Words nearly every act's title has: they say nothing about which act it is.
_COMMON = ("туралы", "қазақстан", "республикасының", "заңы", "заң", "және", "мен", "бойынша", "жөніндегі",
           "кейбір", "бекіту", "халықаралық", "конвенция", "қарсы", "іс-қимыл", "жолын", "кесу")
# The codebook's categories for adopting, signing or approving an act.
ADOPTION_CATEGORIES = ("legislation", "programme", "international_cooperation")
MIN_SHARED_SAME_DAY = 1  # the same day and a distinctive title word
MIN_SHARED_SAME_YEAR = 2  # events dated by year only need more words in common


def _keys(text: str) -> set[str]:
    common = {terms.family_key(w, "kk") for w in _COMMON}
    return {w.key for w in terms.words(terms.clean(text), "kk") if len(w.key) > 2} - common


def entries(path: Path = CATALOGUE) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["documents"])


def match_event(session: Session, title: str, adopted: date | None) -> Event | None:
    """The verbal adoption event of dataset dissertation-2025 on the act's date (or in its year,
    for events dated by year only) whose summary shares the most distinctive title words."""
    if adopted is None:
        return None
    same_day = Event.date_start == adopted
    same_year = (Event.date_precision == "year") & (extract("year", Event.date_start) == adopted.year)
    candidates = session.scalars(
        select(Event).join(Dataset, Event.dataset_id == Dataset.id)
        .where(Dataset.name == DATASET, Event.action_type == "verbal", Event.deleted.is_(False),
               Event.category.in_(ADOPTION_CATEGORIES), or_(same_day, same_year)).order_by(Event.id))
    wanted = _keys(title)
    scored = []
    for event in candidates:
        shared = len(wanted & _keys(event.summary))
        needed = MIN_SHARED_SAME_DAY if event.date_start == adopted else MIN_SHARED_SAME_YEAR
        if shared >= needed:
            scored.append((shared, event))
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best else None


def _meta(entry: dict[str, Any], where: str) -> store.DocumentMeta:
    provenance = {"catalogue": CATALOGUE.name, "listed_in": entry.get("listed_in")}
    if entry.get("note"):
        provenance["note"] = entry["note"]
    if entry.get("event"):
        provenance["event_origin_checked"] = entry["event"]
    return store.DocumentMeta(
        slug=entry["slug"], title=dict(entry["title"]), kind=entry["kind"], number=entry.get("number"),
        adopted=entry.get("adopted"), adopted_text=entry.get("adopted_text"),
        issuing_body=entry.get("issuing_body"), status=entry.get("status", "unknown"),
        jurisdiction=entry.get("jurisdiction", "KAZ"), language=entry.get("language", "kk"),
        source_url=entry.get("source_url"), provenance=provenance)


@dataclass
class SeedReport:
    added: list[str] = field(default_factory=list)
    present: int = 0
    with_text: int = 0
    linked: dict[str, str] = field(default_factory=dict)  # slug → event origin
    dataset_loaded: bool = False


def load(session: Session, *, author: str, path: Path = CATALOGUE) -> SeedReport:
    """Adds what is missing from the catalogue and links events; one transaction (the caller's)."""
    report = SeedReport()
    report.dataset_loaded = session.scalar(select(Dataset.id).where(Dataset.name == DATASET)) is not None
    for number, entry in enumerate(entries(path), start=1):
        where = f"{path}:{entry.get('slug', number)}"
        doc = session.scalar(select(LibraryDocument).where(LibraryDocument.slug == entry["slug"]))
        if doc is None:
            text = None
            if entry.get("text"):
                text_path = path.parent / entry["text"]
                if not text_path.is_file():
                    raise InvalidInput([Problem("the text file is missing", file=where, column="text",
                                                value=str(text_path), expected="a shipped UTF-8 text")])
                text = text_path.read_text(encoding="utf-8")
            doc = store.add_document(session, _meta(entry, where), text, author=author,
                                     file_name=entry.get("text"), where=where)
            report.added.append(doc.slug)
            report.with_text += text is not None
        else:
            report.present += 1
        if doc.event_id is None and report.dataset_loaded:
            event = match_event(session, doc.title.get("kk") or doc.name(), doc.adopted)
            if event is not None:
                store.link_event(session, doc.slug, event.id, author=author)
        if doc.event_id is not None:
            linked = session.get(Event, doc.event_id)
            report.linked[doc.slug] = linked.origin or str(linked.id) if linked else ""
    return report
