"""The review pages through the real app and database: queue, item with highlighted reasons,
decision and second confirmation (CSRF-checked forms), and the public transparency report."""

import re

import pytest
from fastapi.testclient import TestClient

from app_client import PASSWORD, csrf_of, login
from sarap.auth import users
from sarap.web.app import create_app

THREAT = "Убивайте их всех! Завтра взрывайте вокзал."




@pytest.fixture
def app(db, tmp_path):
    with db.session() as s:
        for name, agency, role in (("aru", "atc", "reviewer"), ("bolat", "atc", "reviewer"),
                                   ("mira", "mvd", "reviewer"), ("vera", "atc", "viewer")):
            users.create_user(s, name, agency, role, actor="t", password=PASSWORD)
    return create_app(db, secret="test-secret", data_dir=tmp_path / "data")


def test_only_reviewers_see_the_queue(app):
    visitor = TestClient(app)
    assert visitor.get("/review", follow_redirects=False).status_code == 303  # to the login page
    login(visitor, "vera")
    assert visitor.get("/review").status_code == 403


def test_paste_decide_confirm_and_report(app):
    aru, bolat, mira = TestClient(app), TestClient(app), TestClient(app)
    for client, name in ((aru, "aru"), (bolat, "bolat"), (mira, "mira")):
        login(client, name)
    queue = aru.get("/review?lang=en")
    assert aru.post("/review/items", data={"text": THREAT, "csrf": "forged"}).status_code == 403
    empty = aru.post("/review/items", data={"text": " ", "csrf": csrf_of(queue)})
    assert empty.status_code == 400 and "empty text" in empty.text
    added = aru.post("/review/items", data={"text": THREAT, "context": "a comment", "csrf": csrf_of(queue)},
                     follow_redirects=False)
    url = added.headers["location"]
    item = aru.get(url + "?lang=en")
    assert '<mark class="flag" title="ru.imperative_violence">Убивайте</mark>' in item.text
    assert "Threat to life or incitement to violence" in item.text and "a comment" in item.text
    assert mira.get(url).status_code == 404  # another agency's item
    no_note = aru.post(url + "/decide", data={"outcome": "threat_to_life", "note": "", "csrf": csrf_of(item)})
    assert no_note.status_code == 400 and "missing note" in no_note.text
    decision = {"outcome": "threat_to_life", "note": "call to kill", "csrf": csrf_of(item)}
    aru.post(url + "/decide", data=decision)
    own = aru.get(url + "?lang=en")
    assert "Awaiting confirmation" in own.text and "confirm-form" not in own.text
    other = bolat.get(url + "?lang=en")
    assert "confirm-form" in other.text
    bolat.post(url + "/confirm", data={"outcome": "threat_to_life", "note": "", "csrf": csrf_of(other)})
    done = bolat.get(url + "?lang=ru")
    assert "Нарушение" in done.text and "call to kill" in done.text

    public = TestClient(app).get("/review/report?lang=en")
    row = re.search(r'<tr data-category="threat_to_life"><td>[^<]+</td><td>(\d+)</td><td>([^<]*)</td>'
                    r'\s*<td>([0-9.—]+)', public.text)
    assert row and row.groups() == ("1", "ru.imperative_violence (1), any.time_or_place (1)", "1.000")
    assert THREAT not in public.text and "call to kill" not in public.text
    csv = TestClient(app).get("/review/report.csv")
    assert "decided,threat_to_life,items,1" in csv.text


def test_a_text_in_a_language_not_covered_shows_why_on_its_page(app):
    client = TestClient(app)
    login(client, "aru")
    queue = client.get("/review?lang=kk")
    added = client.post("/review/items", data={"text": "اقتلوهم جميعا", "csrf": csrf_of(queue)},
                        follow_redirects=False)
    page = client.get(added.headers["location"] + "?lang=kk")
    assert 'class="notice language-not-covered"' in page.text and "Араб жазуы" in page.text
