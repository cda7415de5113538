"""The library's pages through the real app and database: search with marked word families and
paging, query errors with their column, a document's outline and amendments, the concept counts
page against the hand count, and another agency's restricted document answering 404."""

from __future__ import annotations

import csv
import io
import re
import warnings

import pytest
from sqlalchemy import select
from test_content_analysis import COUNTER_TERRORISM, PREVENTION, TERRORISM_FORMS

from sarap.auth import users
from sarap.core.audit import AuditEntry
from sarap.library import store
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
SECRET_TEXT = "1. Терроризмге қарсы <script>alert(1)</script> ішкі нұсқау & «жабық» жоспар."


def _csrf(page) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text)[1]


def _login(app, name: str) -> TestClient:
    client = TestClient(app)
    client.post("/login", data={"username": name, "password": PASSWORD, "csrf": _csrf(client.get("/login"))})
    return client


@pytest.fixture
def app(library):
    db, _ = library
    with db.session() as session:
        users.create_user(session, "atc-analyst", "atc", "viewer", actor="t", password=PASSWORD)
        users.create_user(session, "mvd-analyst", "mvd", "viewer", actor="t", password=PASSWORD)
        meta = store.DocumentMeta(slug="atc-instruction", title={"kk": "Ішкі нұсқау"}, kind="report",
                                  agency="atc", access_level="restricted")
        store.add_document(session, meta, SECRET_TEXT, author="t")
    return create_app(db, secret="test-secret")


def test_search_marks_the_kazakh_family_in_the_decree(app):
    page = TestClient(app).get("/library", params={"q": "терроризм", "kind": "decree"})
    assert page.status_code == 200
    marked = {m.lower() for m in re.findall(r"<mark>([^<]+)</mark>", page.text)}
    assert {"терроризмге", "терроризм", "террористік", "терроризмнің"} <= marked
    first = re.search(r'<li class="hit"><a href="([^"]+)"', page.text)[1]
    assert first == "/library/decree-1404?unit=item%2012#unit-item-12"  # item 12 holds the most: 11
    assert "Табылған бөліктер: 28" in page.text  # the decree's units with the family
    english = TestClient(app).get("/library", params={"q": '"терроризмге қарсы операцияларды"', "lang": "en",
                                                      "kind": "decree"})
    assert "Units found: 1" in english.text and "item 18" in english.text
    assert "On approval of the Rules" in english.text  # the title in the page's language


def test_search_pages_through_many_results(app):
    client = TestClient(app)
    first = client.get("/library", params={"q": "терроризм"})
    total = int(re.sub(r"\D", "", re.search(r'id="found">[^<]*', first.text)[0]))
    assert total > 40 and first.text.count('<li class="hit">') == 20 and 'rel="next"' in first.text
    second = client.get("/library", params={"q": "терроризм", "page": 2})
    assert 'start="21"' in second.text and 'rel="prev"' in second.text


def test_a_query_error_shows_its_column_and_caret(app):
    page = TestClient(app).get("/library", params={"q": "(терроризм OR экстремизм", "lang": "en"})
    assert page.status_code == 400
    assert 'column <span class="column">25</span>: expected ) to close the ( at column 1' in page.text
    assert re.search(r'<pre class="caret">\(терроризм OR экстремизм\n {24}\^</pre>', page.text)
    bad_year = TestClient(app).get("/library", params={"q": "терроризм", "from": "soon"})
    assert bad_year.status_code == 400 and "not a year" in bad_year.text


def test_document_page_has_outline_amendments_and_adoption_event(app):
    page = TestClient(app).get("/library/decree-1404", params={"lang": "en"})
    assert page.status_code == 200
    outline = page.text.split('<nav class="outline">')[1].split("</nav>")[0]
    chapters = re.findall(r'<a href="#unit-chapter-(\d)">chapter \d</a> ([^\n<]+)', outline)
    assert [c[0] for c in chapters] == ["1", "2", "3", "4"] and chapters[0][1].strip() == "Жалпы ережелер"
    assert len(set(re.findall(r'href="#unit-item-(\d+)"', outline))) == 23
    amendments = page.text.split('<ol class="amendments">')[1].split("</ol>")[0]
    assert amendments.count("<li>") == 16 and "<time>2020-10-23</time> · № 701" in amendments
    assert re.search(r'<dd id="adoption-event"><a href="/events/\d+">', page.text)
    assert 'id="unit-item-18"' in page.text  # the text of every unit, with its anchor


def test_a_result_deep_in_a_long_text_opens_the_page_that_holds_it(app):
    client = TestClient(app)
    whole = client.get("/library/dissertation-2025")
    assert 'id="unit-paragraph-1"' in whole.text and 'id="unit-paragraph-1512"' not in whole.text
    deep = client.get("/library/dissertation-2025", params={"unit": "paragraph 1512"})
    assert 'id="unit-paragraph-1512"' in deep.text and 'rel="prev"' in deep.text


def test_concepts_page_matches_the_hand_count(app):
    client = TestClient(app)
    page = client.get("/library/decree-1404/concepts", params={"lang": "en"})
    assert page.status_code == 200

    def row(code: str) -> str:
        return page.text.split(f'<tr id="concept-{code}">')[1].split("</tr>")[0]

    assert '<td class="total">89</td>' in row("terrorism")
    for form, n in TERRORISM_FORMS.items():
        assert f'<span class="form">{form} – {n}</span>' in row("terrorism")
    assert f'<td class="total">{COUNTER_TERRORISM}</td>' in row("counter_terrorism")
    assert f'<td class="total">{PREVENTION}</td>' in row("prevention")
    assert '<span id="kwic-count">89</span>' in page.text  # KWIC lines of the first concept found
    # the chart is a file, not inline SVG (the CSP allows no inline content)
    assert '<img src="/library/decree-1404/concepts.svg"' in page.text and "<svg" not in page.text
    svg = client.get("/library/decree-1404/concepts.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "Terrorism" in svg.text
    assert client.get("/library/decree-1404/concepts.png").content[:4] == b"\x89PNG"
    rows = list(csv.reader(io.StringIO(client.get("/library/decree-1404/concepts.csv").text)))
    assert ["Terrorism", "Σ", "89"] in rows and ["Terrorism", "терроризмге", "33"] in rows
    kwic = list(csv.reader(io.StringIO(client.get("/library/decree-1404/kwic.csv",
                                                  params={"concept": "prevention"}).text)))
    assert kwic[0] == ["unit", "left", "keyword", "right"] and len(kwic) == 1 + PREVENTION


def test_restricted_document_is_404_for_others_and_its_reads_are_audited(app, library):
    db, _ = library
    paths = ["/library/atc-instruction", "/library/atc-instruction/concepts",
             "/library/atc-instruction/concepts.svg", "/library/atc-instruction/kwic.csv"]
    anonymous, other, own = TestClient(app), _login(app, "mvd-analyst"), _login(app, "atc-analyst")
    for client in (anonymous, other):
        assert [client.get(p).status_code for p in paths] == [404, 404, 404, 404]
        assert "atc-instruction" not in client.get("/library", params={"q": '"ішкі нұсқау"'}).text
        assert "atc-instruction" not in client.get("/library").text
    assert [own.get(p).status_code for p in paths] == [200, 200, 200, 200]
    found = own.get("/library", params={"q": '"ішкі нұсқау"'})
    assert 'href="/library/atc-instruction?unit=paragraph%201#unit-paragraph-1"' in found.text
    # The snippet is escaped before the hits are marked.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>ішкі нұсқау</mark> &amp; «жабық»" in found.text
    assert "<script>" not in found.text
    with db.session() as session:
        reads = [(e.actor, e.action, (e.detail or {}).get("purpose")) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(("library.document.read", "library.search")))
            .order_by(AuditEntry.seq))]
    assert reads == [("atc-analyst", "library.document.read", "page"),
                     ("atc-analyst", "library.document.read", "concepts"),
                     ("atc-analyst", "library.document.read", "concepts.svg"),
                     ("atc-analyst", "library.document.read", "kwic.csv"),
                     ("atc-analyst", "library.search", None)]
