"""Bodies, duties and measure kinds come from the decree's text, each with the item it is in."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from sarap.core import audit
from sarap.core.audit import AuditEntry
from sarap.core.errors import InvalidInput
from sarap.registry import decree, store
from sarap.registry.models import Body, Duty


def test_bodies_hierarchy_and_duties_with_items(loaded):
    with loaded.session() as session:
        tree = {node.body.code: node for node in store.bodies_tree(session)}
        assert len(tree) == 25
        assert tree["atc"].body.parent.code == "national-security-bodies"
        assert tree["atc"].body.kind == "centre" and tree["atc"].body.level == "republican"
        # The republican HQ leads the territorial and the maritime HQs (item 18).
        republican = tree["hq-republican"].body
        assert {c.code for c in republican.children} == {
            "hq-region", "hq-city", "hq-capital", "hq-district", "hq-maritime"}
        assert tree["hq-maritime"].depth == tree["hq-republican"].depth + 1
        assert tree["hq-maritime"].body.level == "maritime"
        assert tree["commission-district"].body.parent.code == "akimat-district"
        duty = tree["hq-maritime"].body.duties[0]
        assert duty.decree_item == "18" and (duty.first_line, duty.last_line) == (231, 243)
        assert "теңіздегі экономикалық қызмет объектілеріне" in duty.text["kk"]
        assert [d.decree_item for d in tree["other-state-bodies"].body.duties] == ["4", "13", "16"]


def test_measure_kinds_and_sub_items(loaded):
    with loaded.session() as session:
        kinds = store.measure_kinds(session)
        assert [(k.code, k.decree_item, len(k.measures)) for k in kinds] == [
            ("legal", "8", 3), ("economic_social", "9", 6), ("organisational", "10", 6),
            ("educational", "11", 3), ("propaganda", "12", 5)]
        drills = kinds[2].measures[2]
        assert drills.decree_item == "10 3)" and (drills.first_line, drills.last_line) == (150, 152)
        assert drills.text["kk"].startswith("азаматтардың төтенше жағдайлардағы")
        assert "оқу-жаттығулар" in drills.text["kk"] and not drills.text["kk"].startswith("3)")


def test_loading_twice_changes_nothing_and_is_audited(loaded):
    with loaded.session() as session:
        decree.load(session, author="tester")
    with loaded.session() as session:
        assert session.scalar(select(func.count(Body.id))) == 25
        assert session.scalar(select(func.count(Duty.id))) == 34
        actions = list(session.scalars(select(AuditEntry.action)))
        assert actions.count("registry.load_decree") == 2
        assert audit.verify(session).ok


def test_a_phrase_missing_from_its_item_fails_loudly_naming_the_line(db, tmp_path: Path):
    text = decree.MAPPING.read_text(encoding="utf-8").replace(
        "phrase: терроризмге қарсы күрес жөніндегі теңіздік жедел штаб құрылады",
        "phrase: теңіздік жедел штаб жоқ")
    mapping = tmp_path / "decree_1404.yaml"
    mapping.write_text(text, encoding="utf-8")
    (tmp_path / "decree_1404_kk.txt").write_text(
        (decree.HERE / "decree_1404_kk.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with db.session() as session, pytest.raises(InvalidInput) as caught:
        decree.load(session, author="tester", mapping=mapping)
    (problem,) = caught.value.problems
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "code: hq-maritime" in row)
    assert (problem.file, problem.row, problem.value) == ("decree_1404.yaml", line, "теңіздік жедел штаб жоқ")
    assert problem.column.endswith(".phrase") and "item 18 (lines 231–243" in problem.message
    with db.session() as session:
        assert session.scalar(select(func.count(Body.id))) == 0  # nothing half-loaded


def test_an_item_the_decree_does_not_have_is_refused(tmp_path: Path):
    data, doc, _ = decree.read_mapping()
    data["measure_kinds"][0]["measures"][0]["item"] = "24"
    (problem,) = decree.check(data, doc, "decree_1404.yaml")
    assert problem.value == "24" and problem.column == "measure_kinds[0].measures[0].item"
    assert yaml  # the mapping is plain YAML
