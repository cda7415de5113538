"""Categories are tied to violence and the official list; the list is the dissertation's and editable."""

import re

import pytest
import yaml

from sarap.core.audit import AuditEntry
from sarap.core.errors import InvalidInput
from sarap.review import categories, organisations
from sarap.review.categories import DATA


def test_five_categories_in_three_languages_and_none_about_belief_origin_or_opinion():
    assert categories.codes() == ("threat_to_life", "attacker_content", "listed_org_propaganda",
                                  "join_or_finance", "not_violating")
    raw = yaml.safe_load((DATA / "categories.yaml").read_text(encoding="utf-8"))["categories"]
    forbidden = re.compile(r"relig|faith|belief|ethnic|nation|race|politic|opinion|ideolog|"
                           r"дін|сенім|ұлт|этн|саяси|религ|вер[аы]|национал|политич|мнени", re.IGNORECASE)
    for cat in raw:
        for lang in ("kk", "ru", "en"):
            assert cat["label"][lang] and cat["definition"][lang]
            for text in (cat["code"], cat["label"][lang], cat["definition"][lang]):
                assert not forbidden.search(text), (cat["code"], lang, text)


def test_shipped_list_is_current_and_every_entry_sourced(db):
    with db.session() as s:
        shipped = len(organisations.shipped()["organisations"])
        assert organisations.load_shipped(s, actor="t") == shipped >= 20
        assert organisations.load_shipped(s, actor="t") == 0  # once only
        listed = {o.slug: o for o in organisations.listed(s)}
        supreme = [o for o in listed.values() if o.court.get("en") == "Supreme Court of Kazakhstan"]
        assert len(supreme) == 11 and {organisations.format_ban_date(o) for o in supreme} == {"2006-10"}
        assert all(o.source.startswith("seeds/001_48552558eefd79c5.txt:1148") for o in supreme)
        isis = listed["islamic-state"]
        assert organisations.format_ban_date(isis) == "2015-10-15"
        assert isis.court["en"] == "Yesil district court of Astana" and "https://" in isis.source
        assert {"ISIS", "ИГИЛ", "Daesh", "داعش"} <= {v.name for v in organisations.variants(isis)}
        nusra = listed["jabhat-al-nusra"]
        assert nusra.ban_date.year == 2015 and "https://" in nusra.source
        assert listed["taliban"].active is False and "2023" in listed["taliban"].source  # removed Dec 2023
        for org in listed.values():
            assert org.source.strip()
            assert org.verified is False or org.court, org.slug  # a verified entry names its court
            if org.designation == "extremist" or not org.verified:
                assert not organisations.counts_for_rules(org), org.slug
        assert organisations.display_name(listed["al-qaeda"], "kk") == "Әл-Каеда"


def test_editing_an_entry_keeps_every_revision_and_audits_it(db):
    with db.session() as s:
        organisations.load_shipped(s, actor="t")
        organisations.edit(s, "hizb-ut-tahrir", {"ban_date": "2005-03-28", "ban_date_note": None},
                           actor="editor1", reason="date from the court decision")
        org = organisations.get(s, "hizb-ut-tahrir")
        assert (org.revision, organisations.format_ban_date(org)) == (2, "2005-03-28")
        history = organisations.history(s, "hizb-ut-tahrir")
        assert [(h.number, h.actor, h.snapshot["ban_date"]) for h in history] == [
            (1, "t", ""), (2, "editor1", "2005-03-28")]
        assert s.query(AuditEntry).filter_by(action="review.organisation.edit").count() == 1
        with pytest.raises(InvalidInput, match="ban_date.*31 February|no such date"):
            organisations.edit(s, "taliban", {"ban_date": "2006-02-31"}, actor="x", reason="typo")
        with pytest.raises(InvalidInput, match="missing reason"):
            organisations.edit(s, "taliban", {"active": False}, actor="x", reason=" ")


def test_adding_an_organisation_needs_names_and_a_source(db):
    with db.session() as s:
        with pytest.raises(InvalidInput) as caught:
            organisations.add(s, "New Group", {"names": {}}, actor="x", reason="court decision")
        columns = {p.column for p in caught.value.problems}
        assert columns == {"names", "source", "slug"}
        org = organisations.add(s, "example-group", {"names": {"en": "Example Group"}, "ban_date": "2020",
                                                     "source": "court decision no. 1 (test)"},
                                actor="x", reason="court decision")
        assert (org.ban_date_precision, org.revision) == ("year", 1)
