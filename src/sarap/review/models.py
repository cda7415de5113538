"""The review tables: listed organisations (with revisions), queue items, human decisions, trained
models. Authors are stored only as keyed hashes; an item's text can be purged, its counts stay."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from sarap.auth.models import User
from sarap.core.db import Base
from sarap.core.errors import SarapError


class Organisation(Base):
    """An organisation on Kazakhstan's official list of banned terrorist and extremist organisations."""

    __tablename__ = "review_organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # {lang: name} and {lang: [alias, …]}; a name or alias may be {"name": …, "strict": true}.
    names: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    aliases: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ban_date: Mapped[date | None] = mapped_column(Date)
    ban_date_precision: Mapped[str | None] = mapped_column(String(5))  # day, month or year
    ban_date_note: Mapped[str | None] = mapped_column(Text)
    court: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # "terrorist" or "extremist": only terrorist designations feed the join/finance/glorify rules, so a
    # banned religious or political movement named in a text is never, by itself, grounds for a flag.
    designation: Mapped[str] = mapped_column(String(12), default="terrorist", server_default="terrorist")
    # False when no public source for the decision could be cited; shown, and kept out of the rules.
    verified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())


class OrganisationRevision(Base):
    """The whole entry as it was after each change, who made it and why."""

    __tablename__ = "review_organisation_revisions"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("review_organisations.id", ondelete="CASCADE"),
                                                 index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ReviewItem(Base):
    """One text in the review queue. `state` changes only through sarap.review.states."""

    __tablename__ = "review_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(10), index=True)  # pasted, import, monitor
    source_ref: Mapped[str | None] = mapped_column(String(300), index=True)
    text: Mapped[str | None] = mapped_column(Text)  # None once purged
    context: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(10))
    author_key: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text)
    agency: Mapped[str | None] = mapped_column(String(60), index=True)
    state: Mapped[str] = mapped_column(String(24), index=True)
    score: Mapped[float] = mapped_column(Float)
    rule_score: Mapped[float] = mapped_column(Float)
    model_score: Mapped[float | None] = mapped_column(Float)
    counter_score: Mapped[float] = mapped_column(Float, default=0.0)
    suggested_category: Mapped[str | None] = mapped_column(String(40), index=True)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    model_version: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(40), index=True)  # the final human decision
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    entered_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="Decision.id")


class Decision(Base):
    """A reviewer's act on an item: a decision (a category, not violating, escalate), or a second
    reviewer's confirmation of a violating decision. Always a user account, never the system."""

    __tablename__ = "review_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # decision or confirmation
    outcome: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    item: Mapped[ReviewItem] = relationship(back_populates="decisions")
    reviewer: Mapped[User] = relationship(lazy="joined")


class TrainedModel(Base):
    """A classifier trained on decided items with its calibration (gzip-compressed JSON in `blob`, no
    pickle), and its model card."""

    __tablename__ = "review_models"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    card: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    blob: Mapped[bytes] = mapped_column(LargeBinary)


# --- states, and the guard that keeps the decided ones human -----------------------------------------

PENDING = "pending"
ESCALATED = "escalated"
AWAITING_CONFIRMATION = "awaiting_confirmation"
VIOLATING = "violating"
NOT_VIOLATING = "not_violating"
STATES = (PENDING, ESCALATED, AWAITING_CONFIRMATION, VIOLATING, NOT_VIOLATING)
OPEN_STATES = (PENDING, ESCALATED, AWAITING_CONFIRMATION)
# Every state but "pending" is reached only by a reviewer's act recorded as a Decision.
HUMAN_STATES = (ESCALATED, AWAITING_CONFIRMATION, VIOLATING, NOT_VIOLATING)


class HumanDecisionRequired(SarapError):
    """An item was about to reach a decided state without a reviewer's recorded act."""


def _supports(item: ReviewItem, decision: Decision) -> bool:
    if decision.reviewer is None:
        return False
    if item.state == VIOLATING:
        return decision.outcome == item.category and item.category not in (None, NOT_VIOLATING, "escalate")
    if item.state == NOT_VIOLATING:
        return decision.outcome == NOT_VIOLATING == item.category
    if item.state == AWAITING_CONFIRMATION:
        return decision.kind == "decision" and decision.outcome not in (NOT_VIOLATING, "escalate")
    return True  # escalated: any reviewer's act (an escalation or a disagreement)


def _may_decide(reviewer: User | None) -> bool:
    return reviewer is not None and reviewer.active and reviewer.has_role("reviewer")


@event.listens_for(Session, "before_flush")
def _only_humans_decide(session: Session, _context: object, _instances: object) -> None:
    """The last line of defence: whatever code sets an item's state, the flush refuses a decided state
    unless the item's newest act is a reviewer's recorded Decision that supports it."""
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, Decision) and obj in session.new and not _may_decide(obj.reviewer):
            raise HumanDecisionRequired("a review decision needs an active user with the reviewer role")
        if not isinstance(obj, ReviewItem):
            continue
        if obj.state not in STATES:
            raise HumanDecisionRequired(f"review item {obj.id}: unknown state {obj.state!r}")
        if obj.state in HUMAN_STATES and not (obj.decisions and _supports(obj, obj.decisions[-1])):
            raise HumanDecisionRequired(
                f"review item {obj.id} cannot become {obj.state!r} without a reviewer's decision")
