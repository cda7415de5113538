"""Who may write through the API: every write endpoint against every kind of caller."""

import re
import warnings

import pytest

from sarap.auth import users
from sarap.events import records, store
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
EVENT = {"dataset": "api", "date": {"start": "2021-10"}, "category": "exercise",
         "action_type": "verbal", "summary": "Exercise announced", "places": [{"region": "ALA"}]}


@pytest.fixture
def setup(db):
    with db.session() as s:
        editor, _ = users.create_user(s, "editor", "atc", "editor", actor="t", password=PASSWORD)
        viewer, _ = users.create_user(s, "viewer", "atc", "viewer", actor="t", password=PASSWORD)
        other, _ = users.create_user(s, "other", "mvd", "editor", actor="t", password=PASSWORD)
        tokens = {u.username: users.create_token(s, u, "test", actor="t") for u in (editor, viewer, other)}
        record, _ = records.validate({**EVENT, "origin": "secret", "access_level": "restricted",
                                      "agency": "atc"})
        secret = store.create(s, record, author="t").id
    return TestClient(create_app(db, secret="s")), tokens, secret


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_anonymous_and_viewer_cannot_write(setup):
    client, tokens, secret = setup
    assert client.post("/api/v1/events", json=EVENT).status_code == 401
    assert client.post("/api/v1/events", json=EVENT, headers=bearer(tokens["viewer"])).status_code == 403
    assert client.put(f"/api/v1/events/{secret}", json=EVENT,
                      headers=bearer(tokens["viewer"])).status_code == 403
    assert client.delete(f"/api/v1/events/{secret}", headers=bearer(tokens["viewer"])).status_code == 403


def test_editor_creates_updates_and_deletes_with_revisions(setup):
    client, tokens, _ = setup
    created = client.post("/api/v1/events", json={**EVENT, "reason": "from the press"},
                          headers=bearer(tokens["editor"]))
    assert created.status_code == 201
    event = created.json()
    assert event["agency"] == "atc" and event["places"][0]["region"] == "ALA"
    changed = client.put(f"/api/v1/events/{event['id']}", json={**EVENT, "summary": "Exercise held"},
                         headers=bearer(tokens["editor"]))
    assert changed.json()["summary"] == "Exercise held"
    assert client.delete(f"/api/v1/events/{event['id']}", headers=bearer(tokens["editor"])).status_code == 204
    history = client.get(f"/api/v1/events/{event['id']}/history", headers=bearer(tokens["editor"]))
    assert history.status_code == 404  # deleted events are gone from the API; history stays in the CLI


def test_another_agencys_restricted_record_answers_404(setup):
    client, tokens, secret = setup
    headers = bearer(tokens["other"])
    assert client.get(f"/api/v1/events/{secret}", headers=headers).status_code == 404
    assert client.put(f"/api/v1/events/{secret}", json=EVENT, headers=headers).status_code == 404
    assert client.delete(f"/api/v1/events/{secret}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/events/{secret}", headers=bearer(tokens["editor"])).status_code == 200


def test_invalid_event_gets_every_problem(setup):
    client, tokens, _ = setup
    answer = client.post("/api/v1/events", json={**EVENT, "date": {"start": "2024-11-31"},
                                                 "category": "riot"}, headers=bearer(tokens["editor"]))
    assert answer.status_code == 422
    assert {"date.start", "category"} <= {p["column"] for p in answer.json()["problems"]}


def test_cookie_session_writes_need_the_csrf_header(setup):
    client, _, _ = setup
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    client.post("/login", data={"username": "editor", "password": PASSWORD, "csrf": token})
    # Logging in starts a new session, so the page after it carries a new token.
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)[1]
    assert client.post("/api/v1/events", json=EVENT).status_code == 403
    assert client.post("/api/v1/events", json=EVENT, headers={"X-CSRF-Token": token}).status_code == 201


def test_oversized_requests_are_refused(setup):
    client, tokens, _ = setup
    answer = client.post("/api/v1/events", content=b"x" * (10 * 1024 * 1024 + 1),
                         headers={**bearer(tokens["editor"]), "Content-Type": "application/json"})
    assert answer.status_code == 413
