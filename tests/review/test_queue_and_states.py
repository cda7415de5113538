"""The queue and its state machine: only a reviewer's recorded act moves an item, and nothing
reaches "violating" without one (or, when required, without a second, different reviewer)."""

import ast
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from sarap.auth.models import User
from sarap.core.audit import AuditEntry
from sarap.core.errors import InvalidInput
from sarap.review import importing, organisations, privacy, queue, training
from sarap.review.models import (
    HUMAN_STATES,
    VIOLATING,
    Decision,
    HumanDecisionRequired,
    ReviewItem,
)
from sarap.review.scoring import Scorer
from sarap.review.states import TransitionRefused

THREAT = "Убивайте их всех! Завтра взрывайте вокзал."
NEWS = "Суд приговорил жителя к 7 годам за призывы вступить в Аль-Каиду, сообщает пресс-служба."
SRC = Path(__file__).parents[2] / "src" / "sarap" / "review"


def _user(s, ids, name):
    return s.get(User, ids[name])


def test_decide_then_a_different_reviewer_confirms(db, config, reviewers):
    with db.session() as s:
        item = queue.add_item(s, queue.NewItem(THREAT, context="a reply under a news post"), actor="aru",
                              origin="pasted", config=config)
        assert (item.state, item.flagged, item.suggested_category) == ("pending", True, "threat_to_life")
        queue.decide(s, item, _user(s, reviewers, "aru"), "threat_to_life", "direct call to kill",
                     config=config)
        assert item.state == "awaiting_confirmation" and item.category is None
        with pytest.raises(TransitionRefused, match="different reviewer"):
            queue.confirm(s, item, _user(s, reviewers, "aru"), "threat_to_life")
        queue.confirm(s, item, _user(s, reviewers, "bolat"), "threat_to_life")
        assert (item.state, item.category) == (VIOLATING, "threat_to_life")
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "review_item"))]
        assert actions == ["review.item.enter", "review.item.decide", "review.item.confirm"]


def test_a_disagreeing_second_reviewer_escalates_and_needs_a_note(db, config, reviewers):
    with db.session() as s:
        item = queue.add_item(s, queue.NewItem(THREAT), actor="aru", origin="pasted", config=config)
        queue.decide(s, item, _user(s, reviewers, "aru"), "threat_to_life", "call to kill", config=config)
        with pytest.raises(InvalidInput, match="note"):
            queue.confirm(s, item, _user(s, reviewers, "bolat"), "not_violating", "")
        queue.confirm(s, item, _user(s, reviewers, "bolat"), "not_violating", "a quotation in a film review")
        assert item.state == "escalated"
        queue.decide(s, item, _user(s, reviewers, "bolat"), "not_violating", "context: film", config=config)
        assert (item.state, item.category) == ("not_violating", "not_violating")


def test_without_required_confirmation_one_decision_is_final(db, config, reviewers):
    single = replace(config, require_confirmation=False)
    with db.session() as s:
        item = queue.add_item(s, queue.NewItem(THREAT), actor="aru", origin="pasted", config=single)
        queue.decide(s, item, _user(s, reviewers, "aru"), "threat_to_life", "call to kill", config=single)
        assert item.state == VIOLATING


def test_a_viewer_cannot_decide_and_decisions_need_a_known_outcome_and_a_note(db, config, reviewers):
    with db.session() as s:
        item = queue.add_item(s, queue.NewItem(THREAT), actor="aru", origin="pasted", config=config)
        with pytest.raises(queue.NotAReviewer):
            queue.decide(s, item, _user(s, reviewers, "vera"), "threat_to_life", "x", config=config)
        with pytest.raises(InvalidInput, match="outcome"):
            queue.decide(s, item, _user(s, reviewers, "aru"), "religion", "x", config=config)
        with pytest.raises(InvalidInput, match="note"):
            queue.decide(s, item, _user(s, reviewers, "aru"), "threat_to_life", "  ", config=config)
        assert item.state == "pending"


def _everything_without_a_person(s, config, tmp_path):
    """Every function of the package that writes, called the way a program (not a person) would."""
    eager = replace(config, threshold=0.0)  # even a zero score enters the queue
    scorer = Scorer(s, eager)
    queue.add_item(s, queue.NewItem(THREAT), actor="script", origin="pasted", config=eager)
    queue.accept_monitor_item(s, "monitor:1", THREAT, "ru", "k" * 32, "https://example.org/1", config=eager)
    queue.accept_monitor_item(s, "monitor:1", THREAT, "ru", None, None, config=eager)  # again: same item
    queue.accept_monitor_item(s, "monitor:2", NEWS, "ru", None, None, config=eager)
    path = tmp_path / "items.jsonl"
    record = json.dumps({"text": THREAT, "author": "someone"}, ensure_ascii=False)
    path.write_text(record + "\n", encoding="utf-8")
    importing.import_file(s, path, actor="script", config=eager)
    queue.rescore_open(s, scorer, actor="script")
    organisations.edit(s, "taliban", {"active": False}, actor="script", reason="test")
    privacy.purge(s, now=datetime.now(UTC) + timedelta(days=9999), retention_days=0, actor="script")
    with pytest.raises(InvalidInput):
        training.retrain(s, actor="script")  # nothing decided: nothing to learn from


def test_no_code_path_without_a_reviewer_moves_an_item_beyond_pending(db, config, tmp_path):
    with db.session() as s:
        _everything_without_a_person(s, config, tmp_path)
        states = {i.state for i in s.scalars(select(ReviewItem))}
        assert states == {"pending"} and s.query(ReviewItem).count() == 4


@pytest.mark.parametrize("state", HUMAN_STATES)
def test_setting_a_decided_state_directly_is_refused_at_flush(db, config, state):
    with db.session() as s:
        item = queue.add_item(s, queue.NewItem(THREAT), actor="x", origin="pasted", config=config)
        item.state, item.category = state, "threat_to_life"
        with pytest.raises(HumanDecisionRequired):
            s.flush()
        s.rollback()


def test_a_decision_without_a_reviewer_account_is_refused(db, config, reviewers):
    with db.session() as s:
        item = queue.add_item(s, queue.NewItem(THREAT), actor="x", origin="pasted", config=config)
        item.state, item.category = VIOLATING, "threat_to_life"
        s.add(Decision(item=item, reviewer_id=reviewers["vera"], kind="decision", outcome="threat_to_life",
                       note="a viewer is not a reviewer", at=datetime.now(UTC)))
        with pytest.raises(HumanDecisionRequired):
            s.flush()
        s.rollback()


def test_only_the_state_machine_assigns_a_state():
    """Read the package's source: `.state =` appears only in states.py."""
    assigners = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
                if isinstance(node, ast.AugAssign | ast.AnnAssign) else []
            for target in targets:
                elts = target.elts if isinstance(target, ast.Tuple) else [target]
                if any(isinstance(e, ast.Attribute) and e.attr == "state" for e in elts):
                    assigners.add(path.name)
    assert assigners == {"states.py"}


def test_monitoring_items_enter_above_the_threshold_once(db, config):
    with db.session() as s:
        high = queue.accept_monitor_item(s, "tg:42", THREAT, "ru", "a" * 32, None, config=config)
        low = queue.accept_monitor_item(s, "tg:43", NEWS, "ru", "b" * 32, None, config=config)
        assert high is not None and low is None
        assert queue.accept_monitor_item(s, "tg:42", THREAT, "ru", "a" * 32, None, config=config) is high
        assert (high.origin, high.author_key, high.entered_by) == ("monitor", "a" * 32, "monitor")


def test_import_pseudonymises_authors_and_rejects_bad_rows_with_their_line(db, config, tmp_path):
    good = tmp_path / "items.csv"
    good.write_text("text,author,platform,source\n"
                    f"\"{THREAT}\",@private_person,telegram,chat:1\n"
                    f"\"{NEWS}\",@private_person,telegram,chat:2\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("text,colour\nfine text,red\n,blue\n", encoding="utf-8")
    with db.session() as s:
        summary = importing.import_file(s, good, actor="aru", config=config)
        assert (summary.read, summary.added, summary.flagged) == (2, 2, 1)
        items = list(s.scalars(select(ReviewItem)))
        assert items[0].author_key == items[1].author_key and len(items[0].author_key) == 32
        dump = json.dumps([[i.text, i.author_key, i.reasons, i.context] for i in items], ensure_ascii=False)
        assert "private_person" not in dump
        with pytest.raises(InvalidInput) as caught:
            importing.import_file(s, bad, actor="aru", config=config)
        assert [(p.file, p.row, p.column) for p in caught.value.problems] == [
            ("bad.csv", 2, "colour"), ("bad.csv", 3, "colour"), ("bad.csv", 3, "text")]
        assert s.query(ReviewItem).count() == 2  # all or nothing
