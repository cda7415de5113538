"""The review queue: items enter (pasted, imported, or from monitoring above the threshold), reviewers
decide, a second reviewer confirms violating decisions. Every act is audited in the caller's
transaction; the text of an item never goes into the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.auth.models import User
from sarap.core import audit
from sarap.core.errors import InvalidInput, NotFound, Problem, SarapError
from sarap.monitor.pseudonyms import Pseudonymiser
from sarap.review import categories, states
from sarap.review.config import ReviewConfig
from sarap.review.models import OPEN_STATES, Decision, ReviewItem
from sarap.review.scoring import Scorer

ORIGINS = ("pasted", "import", "monitor")
MAX_TEXT = 20_000


class NotAReviewer(SarapError):
    """Deciding needs an active account with the reviewer role."""


@dataclass(frozen=True)
class NewItem:
    """What a reviewer or a program hands in. `author` is a raw handle and is only ever hashed;
    `author_key` is a handle already pseudonymised (as monitoring stores them)."""

    text: str
    source_ref: str | None = None
    context: str | None = None
    lang: str | None = None
    author: str | None = None
    platform: str = "unknown"
    author_key: str | None = None
    url: str | None = None


def _now(at: datetime | None) -> datetime:
    return at or datetime.now(UTC)


def check_new(new: NewItem, where: str, row: int | None = None) -> list[Problem]:
    problems = []
    if not new.text or not new.text.strip():
        problems.append(Problem("empty text", file=where, row=row, column="text",
                                expected="the text to review"))
    elif len(new.text) > MAX_TEXT:
        problems.append(Problem("text too long", file=where, row=row, column="text",
                                value=f"{len(new.text)} chars",
                                expected=f"at most {MAX_TEXT} characters (split long documents)"))
    return problems


def add_item(session: Session, new: NewItem, *, actor: str, origin: str, config: ReviewConfig,
             scorer: Scorer | None = None, agency: str | None = None,
             at: datetime | None = None) -> ReviewItem:
    """Scores the text and puts it in the queue as "pending"; nothing here decides anything."""
    if origin not in ORIGINS:
        raise InvalidInput([Problem("unknown origin", column="origin", value=origin,
                                    expected=" or ".join(ORIGINS))])
    problems = check_new(new, origin)
    if problems:
        raise InvalidInput(problems)
    scored = (scorer or Scorer(session, config)).score(new.text)
    author_key = new.author_key
    if new.author:
        author_key = Pseudonymiser.in_data_dir(config.data_dir).key_of(new.platform, new.author)
    item = ReviewItem(origin=origin, source_ref=new.source_ref, text=scored.text, context=new.context,
                      lang=new.lang or scored.lang, author_key=author_key, url=new.url, agency=agency,
                      score=scored.score, rule_score=scored.rule_score, model_score=scored.model_score,
                      counter_score=scored.counter_score, suggested_category=scored.category,
                      flagged=scored.flagged, reasons=scored.reasons, model_version=scored.model_version,
                      entered_at=_now(at), entered_by=actor, state=None)
    states.enter(item)
    session.add(item)
    session.flush()
    audit.record(session, actor=actor, action="review.item.enter", entity="review_item", entity_id=item.id,
                 detail={"origin": origin, "score": item.score, "flagged": item.flagged,
                         "suggested": item.suggested_category, "source_ref": item.source_ref})
    return item


def accept_monitor_item(session: Session, source_ref: str, text: str, language: str | None,
                        author_key: str | None, url: str | None, *, config: ReviewConfig,
                        scorer: Scorer | None = None, agency: str | None = None) -> ReviewItem | None:
    """For monitoring: the item enters the queue when its score reaches the threshold, once per
    source reference. Returns the queued item, or None when it stays out."""
    existing = session.scalar(select(ReviewItem).where(ReviewItem.origin == "monitor",
                                                       ReviewItem.source_ref == source_ref))
    if existing is not None:
        return existing
    scorer = scorer or Scorer(session, config)
    scored = scorer.score(text, explain=False)
    if not (scored.flagged or (config.route_uncovered and not scored.covered)):
        return None
    return add_item(session, NewItem(text=text, source_ref=source_ref, lang=language, author_key=author_key,
                                     url=url), actor="monitor", origin="monitor", config=config,
                    scorer=scorer, agency=agency)


def get(session: Session, item_id: int) -> ReviewItem:
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise NotFound(f"no review item {item_id}; see 'sarap review queue'")
    return item


def open_items(session: Session, *, agency: str | None = None, limit: int = 200) -> list[ReviewItem]:
    """The queue, most urgent first: awaiting confirmation, escalated, then by score."""
    query = select(ReviewItem).where(ReviewItem.state.in_(OPEN_STATES))
    if agency is not None:
        query = query.where((ReviewItem.agency == agency) | ReviewItem.agency.is_(None))
    rank = {"awaiting_confirmation": 0, "escalated": 1, "pending": 2}
    found = list(session.scalars(query.order_by(ReviewItem.score.desc(), ReviewItem.id)))
    return sorted(found, key=lambda i: rank[i.state])[:limit]


def _reviewer(user: User) -> User:
    if not user.active or not user.has_role("reviewer"):
        raise NotAReviewer(f"user {user.username!r} is not an active reviewer (role: {user.role})")
    return user


def _note(note: str, where: str) -> str:
    if not note or not note.strip():
        raise InvalidInput([Problem("missing note", file=where, column="note",
                                    expected="why you decide so (it goes into the transparency record)")])
    return note.strip()


def decide(session: Session, item: ReviewItem, reviewer: User, outcome: str, note: str, *,
           config: ReviewConfig, at: datetime | None = None) -> Decision:
    """A reviewer's decision: a category (violating or not) or escalate, with a note."""
    _reviewer(reviewer)
    if outcome not in categories.outcomes():
        raise InvalidInput([Problem("unknown outcome", file="decision", column="outcome", value=outcome,
                                    expected=" or ".join(categories.outcomes()))])
    decision = Decision(item=item, reviewer=reviewer, reviewer_id=reviewer.id, kind="decision",
                        outcome=outcome, note=_note(note, "decision"), at=_now(at))
    before = item.state
    new_state = states.after_decision(item, decision, require_confirmation=config.require_confirmation)
    session.add(decision)
    session.flush()
    audit.record(session, actor=reviewer.username, action="review.item.decide", entity="review_item",
                 entity_id=item.id, detail={"outcome": outcome, "from": before, "to": new_state,
                                            "decision": decision.id})
    return decision


def first_decision(item: ReviewItem) -> Decision:
    """The decision a confirmation answers: the newest decision on the item."""
    return [d for d in item.decisions if d.kind == "decision"][-1]


def confirm(session: Session, item: ReviewItem, reviewer: User, outcome: str, note: str = "", *,
            at: datetime | None = None) -> Decision:
    """A second, different reviewer gives their own outcome: the same confirms, another escalates."""
    _reviewer(reviewer)
    if outcome not in categories.outcomes():
        raise InvalidInput([Problem("unknown outcome", file="confirmation", column="outcome", value=outcome,
                                    expected=" or ".join(categories.outcomes()))])
    if item.state != "awaiting_confirmation":
        raise states.TransitionRefused(f"item {item.id} is {item.state}, not awaiting confirmation")
    first = first_decision(item)
    if first.reviewer_id == reviewer.id:
        raise states.TransitionRefused("the confirmation must come from a different reviewer than "
                                       f"{reviewer.username!r}, who made the decision")
    if outcome != first.outcome:
        note = _note(note, "confirmation")  # disagreeing needs a reason
    confirmation = Decision(item=item, reviewer=reviewer, reviewer_id=reviewer.id, kind="confirmation",
                            outcome=outcome, note=note.strip(), at=_now(at))
    new_state = states.after_confirmation(item, first, confirmation)
    session.add(confirmation)
    session.flush()
    audit.record(session, actor=reviewer.username, action="review.item.confirm", entity="review_item",
                 entity_id=item.id, detail={"outcome": outcome, "agrees": outcome == first.outcome,
                                            "to": new_state, "decision": confirmation.id})
    return confirmation


def rescore_open(session: Session, scorer: Scorer, *, actor: str) -> int:
    """Scores the open items again (after retraining or a list change); states stay as they are."""
    count = 0
    for item in session.scalars(select(ReviewItem).where(ReviewItem.state.in_(OPEN_STATES))):
        if item.text is None:
            continue
        scored = scorer.score(item.text)
        item.flagged = scored.flagged
        item.score, item.rule_score, item.model_score = scored.score, scored.rule_score, scored.model_score
        item.counter_score, item.suggested_category = scored.counter_score, scored.category
        item.reasons, item.model_version = scored.reasons, scored.model_version
        count += 1
    audit.record(session, actor=actor, action="review.items.rescore", entity="review_item",
                 detail={"items": count, "model_version": scorer.model.version if scorer.model else None})
    return count


def summary(item: ReviewItem) -> dict[str, Any]:
    return {"id": item.id, "state": item.state, "score": item.score, "flagged": item.flagged,
            "suggested": item.suggested_category, "category": item.category, "origin": item.origin,
            "source_ref": item.source_ref, "lang": item.lang, "entered_at": item.entered_at,
            "decided_at": item.decided_at, "purged": item.purged_at is not None}
