"""The item state machine. The only code that changes `ReviewItem.state`.

    (new) ──enter──▶ pending ──decide: not violating──────────────▶ not_violating
                       │  ▲──decide: escalate──▶ escalated ──decide──▶ (as from pending)
                       │
                       └─decide: a violating category─┬─(confirmation required)─▶ awaiting_confirmation
                                                      └─(not required)──────────▶ violating
    awaiting_confirmation ──a different reviewer agrees──▶ violating
                          ──a different reviewer differs──▶ escalated

Entering is the only move without a person; every other move takes the reviewer's Decision, and the
flush guard in models.py refuses a decided state that no such Decision supports.
"""

from __future__ import annotations

from sarap.core.errors import SarapError
from sarap.review.categories import ESCALATE, NOT_VIOLATING, violating_codes
from sarap.review.models import (
    AWAITING_CONFIRMATION,
    ESCALATED,
    PENDING,
    VIOLATING,
    Decision,
    ReviewItem,
)
from sarap.review.models import NOT_VIOLATING as NOT_VIOLATING_STATE

DECIDABLE = (PENDING, ESCALATED)


class TransitionRefused(SarapError):
    """The item is not in a state that allows this act."""


def enter(item: ReviewItem) -> None:
    if item.state is not None:
        raise TransitionRefused(f"item {item.id} is already in the queue ({item.state})")
    item.state = PENDING


def after_decision(item: ReviewItem, decision: Decision, *, require_confirmation: bool) -> str:
    """Moves the item by a reviewer's decision; returns the new state."""
    if item.state not in DECIDABLE:
        raise TransitionRefused(f"item {item.id} is {item.state}; a decision is taken on pending or "
                                "escalated items (an item awaiting confirmation needs a second reviewer)")
    if decision.kind != "decision" or decision.item is not item:
        raise TransitionRefused("a decision on this item is needed")
    if decision.outcome == ESCALATE:
        item.state = ESCALATED
    elif decision.outcome == NOT_VIOLATING:
        item.state, item.category, item.decided_at = NOT_VIOLATING_STATE, NOT_VIOLATING, decision.at
    elif decision.outcome in violating_codes():
        if require_confirmation:
            item.state = AWAITING_CONFIRMATION
        else:
            item.state, item.category, item.decided_at = VIOLATING, decision.outcome, decision.at
    else:
        raise TransitionRefused(f"unknown outcome {decision.outcome!r}")
    return item.state


def after_confirmation(item: ReviewItem, first: Decision, confirmation: Decision) -> str:
    """A second reviewer agrees (the item is violating) or differs (it is escalated)."""
    if item.state != AWAITING_CONFIRMATION:
        raise TransitionRefused(f"item {item.id} is {item.state}, not awaiting confirmation")
    if confirmation.kind != "confirmation" or confirmation.item is not item:
        raise TransitionRefused("a confirmation of this item is needed")
    if confirmation.reviewer_id == first.reviewer_id or confirmation.reviewer is first.reviewer:
        raise TransitionRefused("the confirmation must come from a different reviewer")
    if confirmation.outcome == first.outcome:
        item.state, item.category, item.decided_at = VIOLATING, first.outcome, confirmation.at
    else:
        item.state = ESCALATED
    return item.state
