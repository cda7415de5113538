"""The shipped library: seeds import and parse; the catalogue links acts to their adoption events;
search through word families returns the same units on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from sarap.core.errors import InvalidInput
from sarap.events.models import Event
from sarap.library import search, seed, store
from sarap.library.store import DocumentFilter


def test_seeds_import_with_structure_and_amendments(library):
    db, report = library
    assert len(report.added) == 38 and report.with_text == 3
    with db.session() as session:
        decree = store.get(session, "decree-1404")
        items = [u.key for u in decree.units if u.kind == "item" and not u.key.startswith("preamble")]
        assert items == [f"item {n}" for n in range(1, 24)]
        assert [u.heading for u in decree.units if u.kind == "chapter"][0] == "Жалпы ережелер"
        assert len(decree.amendments) == 16  # the 16 «Ескерту» notes, not body text
        item22 = next(a for a in decree.amendments if a.unit == "item 22")
        assert (item22.date, item22.act_number, item22.change) == (date(2020, 10, 23), "701", "new wording")
        assert all("Ескерту" not in u.text for u in decree.units)
        dissertation = store.get(session, "dissertation-2025")
        assert sum(u.kind == "paragraph" for u in dissertation.units) > 500
        # metadata alone where there is no text
        assert store.get(session, "hostages-convention-1979").text is None


def test_catalogue_links_the_hand_checked_adoption_events(library):
    db, report = library
    expected = {e["slug"]: e["event"] for e in seed.entries() if e.get("event")}
    assert report.linked == expected  # 12 acts; nothing else linked (no false matches)
    with db.session() as session:
        law = store.get(session, "law-416-i-countering-terrorism")
        event = session.get(Event, law.event_id)
        assert event.action_type == "verbal" and event.date_start == date(1999, 7, 13)
    with db.session() as session:  # seeding again adds nothing
        again = seed.load(session, author="tester")
    assert again.added == [] and again.present == 38


def test_kazakh_family_finds_inflected_forms_in_the_decree(library):
    db, _ = library
    with db.session() as session:
        hits = search.search(session, "терроризм", document="decree-1404", limit=100)
    forms = {f for h in hits for f in h.forms}
    assert {"терроризмге", "терроризмнің", "террористік", "терроризмді", "террористердің"} <= forms
    # item 12 (propaganda) holds the most: 11 words of the family
    assert (hits[0].unit, hits[0].hits) == ("item 12", 11)
    assert "[терроризмге]" in hits[0].snippet_text().lower()
    assert "<mark>" in hits[0].snippet_html()


def test_same_results_on_both_databases(library):
    """The tests run on SQLite and on PostgreSQL with these exact expectations."""
    db, _ = library
    with db.session() as session:
        phrase = search.search(session, '"терроризмге қарсы операцияларды"', document="decree-1404")
        either = search.search(session, "оқу-жаттығулар OR жаттықтырулар", document="decree-1404")
        without = search.search(session, "террористік NOT профилактика", document="decree-1404", limit=100)
    assert [(h.unit, h.hits) for h in phrase] == [("item 18", 1)]
    assert [(h.unit, h.forms) for h in either] == [("item 10", ["жаттықтырулар", "оқу-жаттығулар"])]
    assert {h.unit for h in without}.isdisjoint({"item 2", "item 7"})  # these mention профилактика
    assert "item 14" in {h.unit for h in without}


def test_metadata_filters_and_titles_in_three_languages(library):
    db, _ = library
    with db.session() as session:
        un = search.search(session, "конвенция", where=DocumentFilter(kind="convention", jurisdiction="UN"))
        hostages = search.search(session, "hostages")
        ru = search.search(session, "терроризму", where=DocumentFilter(year_from=1999, year_to=1999))
        years = search.search(session, "конвенция", where=DocumentFilter(year_from=2010))
    assert {h.document for h in un} == {"hostages-convention-1979", "terrorist-bombings-convention-1997",
                                        "terrorist-financing-convention-1999",
                                        "nuclear-terrorism-convention-2005",
                                        "protected-persons-convention-1973"}
    assert [(h.document, h.unit) for h in hostages] == [("hostages-convention-1979", "title")]
    # A Russian word meets the Russian title through its lemma, and Kazakh titles through the root
    # the families share across languages (терроризму, терроризмді → террор).
    assert {h.document for h in ru} == {"law-416-i-countering-terrorism",
                                        "terrorist-financing-convention-1999"}
    assert {h.document for h in years} == {"beijing-convention-2010", "beijing-protocol-2010"}


def test_a_query_with_nothing_to_find_is_an_error(library):
    db, _ = library
    with db.session() as session, pytest.raises(InvalidInput, match="nothing to search for"):
        search.search(session, "NOT терроризм")
