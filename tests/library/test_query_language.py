"""Library search speaks the project's query language (sarap.text.query): prefixes, NEAR,
parentheses, NOT over phrases, errors with their column; and a search showing another agency's
restricted text to its own agency is in the audit log. Same expectations on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sarap.auth import users
from sarap.auth.models import User
from sarap.core.audit import AuditEntry
from sarap.core.errors import NotFound
from sarap.library import search, store
from sarap.text.query import QuerySyntaxError

DECREE = "decree-1404"


def _units(session, query, **kwargs):
    return [(h.unit, h.hits) for h in search.search(session, query, document=DECREE, limit=200, **kwargs)]


def test_prefix_near_and_parentheses(library):
    db, _ = library
    with db.session() as session:
        prefix = search.search(session, "терр*", document=DECREE, limit=200)
        family = search.search(session, "терроризм", document=DECREE, limit=200)
        near = search.search(session, "шабуыл NEAR/3 террор*", document=DECREE)
        grouped = _units(session, "(оқу-жаттығулар OR жаттықтырулар) AND шабуыл")
    # Every word of the terrorism family in the decree begins with «терр», and nothing else does.
    assert [(h.unit, h.hits) for h in prefix] == [(h.unit, h.hits) for h in family]
    assert [(h.unit, h.forms) for h in near] == [("item 10", ["террористік", "шабуыл"])]
    assert grouped == [("item 10", 3)]


def test_not_over_a_phrase_keeps_units_that_have_the_words_but_not_the_phrase(library):
    """NOT "a b" cannot be answered by the keys (a unit can hold both words apart): the units with
    «терроризмге» but never «терроризмге қарсы» must stay."""
    db, _ = library
    with db.session() as session:
        without = dict(_units(session, 'терроризм NOT "терроризмге қарсы"'))
        with_phrase = {u for u, _ in _units(session, '"терроризмге қарсы"')}
        everything = {u for u, _ in _units(session, "терроризм")}
    assert set(without) == everything - with_phrase
    assert "item 21" in without and "item 12" not in without


def test_a_compound_means_its_own_family_not_its_parts(library):
    db, _ = library
    with db.session() as session:
        compound = _units(session, "оқу-жаттығулар")
        part = {u for u, _ in _units(session, "қимыл")}
    assert compound == [("item 10", 1)]  # not item 8's «оқ-дәрінің», which shares «оқ»
    assert "item 2" in part  # «қимыл» finds «іс-қимыл»


@pytest.mark.parametrize(("query", "column"), [('"терроризм', 1), ("терроризм AND", 14),
                                              ("(терроризм OR экстремизм", 25), ("т*", 1)])
def test_a_query_that_does_not_parse_names_its_column(library, query, column):
    db, _ = library
    with db.session() as session, pytest.raises(QuerySyntaxError) as caught:
        search.search(session, query)
    assert caught.value.column == column
    assert f"column {column}" in str(caught.value) and "^" in str(caught.value)


def test_restricted_documents_are_found_only_by_their_agency_and_audited(library):
    db, _ = library
    with db.session() as session:
        for name, agency in (("analyst", "atc"), ("visitor", "mvd")):
            users.create_user(session, name, agency, "viewer", actor="t", password="correct horse battery")
        meta = store.DocumentMeta(slug="atc-note", title={"kk": "Ішкі жазба"}, kind="report",
                                  agency="atc", access_level="restricted")
        store.add_document(session, meta, "Терроризмге қарсы ішкі жазба.", author="t")
    with db.session() as session:
        analyst = session.scalar(select(User).where(User.username == "analyst"))
        visitor = session.scalar(select(User).where(User.username == "visitor"))
        seen = search.search(session, '"ішкі жазба"', user=analyst, check_access=True)
        unseen = search.search(session, '"ішкі жазба"', user=visitor, check_access=True)
        anonymous = search.search(session, '"ішкі жазба"', check_access=True)
        with pytest.raises(NotFound):
            store.get(session, "atc-note", visitor, check_access=True)
        store.get(session, "atc-note", analyst, check_access=True, purpose="page")
    assert {h.document for h in seen} == {"atc-note"} and unseen == [] and anonymous == []
    with db.session() as session:
        reads = [(e.actor, e.action, e.detail) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(("library.search", "library.document.read")))
            .order_by(AuditEntry.seq))]
    assert reads == [("analyst", "library.search", {"query": '"ішкі жазба"', "restricted": ["atc-note"]}),
                     ("analyst", "library.document.read", {"slug": "atc-note", "purpose": "page"})]
