"""/api/v1/registry through the real app: bodies with duties, measures, exercises, and writes."""

from __future__ import annotations

import warnings

import pytest

from sarap.auth import users
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def tokens(loaded):
    with loaded.session() as s:
        editor, _ = users.create_user(s, "ed", "atc", "editor", actor="t", password="correct horse battery")
        viewer, _ = users.create_user(s, "vi", "atc", "viewer", actor="t", password="correct horse battery")
        return {"editor": users.create_token(s, editor, "t", actor="t"),
                "viewer": users.create_token(s, viewer, "t", actor="t")}


def test_bodies_and_measures_cite_the_decree(loaded):
    client = TestClient(create_app(loaded, secret="s"))
    bodies = {b["code"]: b for b in client.get("/api/v1/registry/bodies").json()}
    maritime = bodies["hq-maritime"]
    assert maritime["parent"] and any(d["decree_item"].startswith("18") for d in maritime["duties"])
    kinds = client.get("/api/v1/registry/measures").json()
    assert len(kinds) == 5 and all(k["measures"] for k in kinds)


def test_an_exercise_added_by_api_is_a_verbal_event(loaded, tokens):
    client = TestClient(create_app(loaded, secret="s"))
    body = {"name": "Test-Antiterror 2025", "when": "2025-04-10", "scenario": "other", "region": "MNG"}
    refused = client.post("/api/v1/registry/exercises", json=body,
                          headers={"Authorization": f"Bearer {tokens['viewer']}"})
    assert refused.status_code == 403
    assert client.post("/api/v1/registry/exercises", json=body).status_code == 401
    made = client.post("/api/v1/registry/exercises", json=body,
                       headers={"Authorization": f"Bearer {tokens['editor']}"})
    assert made.status_code == 201, made.text
    event = client.get(f"/api/v1/events/{made.json()['event_id']}").json()
    assert event["action_type"] == "verbal" and event["category"] == "exercise"
    assert [e["name"] for e in client.get("/api/v1/registry/exercises").json()] == ["Test-Antiterror 2025"]


def test_a_nul_character_is_refused_before_any_query(loaded, tokens):
    """PostgreSQL cannot hold NUL in text (found by schemathesis): both databases answer 422."""
    client = TestClient(create_app(loaded, secret="s"))
    sent = client.post("/api/v1/registry/exercises", headers={"Authorization": f"Bearer {tokens['editor']}"},
                       json={"name": "x", "when": "2025-01-01", "bodies": ["a\u0000b"]})
    assert sent.status_code == 422 and "NUL" in sent.json()["problems"][0]["message"]
    assert client.get("/api/v1/registry/bodies", params={"lang": "a\u0000"}).status_code == 422
    assert client.get("/events", params={"dataset": "\u0000"}).status_code == 422
