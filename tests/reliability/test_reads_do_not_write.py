"""Token-authenticated reads do not write (the last-used time at most once a minute, outside the
request's transaction), and keep answering while another writer holds SQLite's lock."""

from __future__ import annotations

import time
import warnings

import pytest
from sqlalchemy import select

from sarap.auth import users
from sarap.auth.models import ApiToken
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def api(db):
    with db.session() as session:
        user, _ = users.create_user(session, "ana", "atc", "editor", actor="t",
                                    password="correct horse battery")
        token = users.create_token(session, user, "t", actor="t")
    return TestClient(create_app(db, secret="s")), {"Authorization": f"Bearer {token}"}


def _last_used(db):
    with db.session(rollback=True) as session:
        return session.scalar(select(ApiToken.last_used))


def test_last_used_is_written_once_a_minute_not_per_request(db, api):
    client, headers = api
    assert client.get("/api/v1/events", headers=headers).status_code == 200
    first = _last_used(db)
    assert first is not None
    for _ in range(3):
        assert client.get("/api/v1/events", headers=headers).status_code == 200
    assert _last_used(db) == first


def test_token_reads_answer_while_another_writer_holds_the_lock(db, api):
    if not db.is_sqlite:
        pytest.skip("SQLite's single-writer lock")
    client, headers = api
    with db.session(write=True, rollback=True):  # BEGIN IMMEDIATE, held as a long import holds it
        began = time.perf_counter()
        for path in ("/api/v1/events", "/api/v1/datasets", "/"):
            assert client.get(path, headers=headers).status_code == 200, path
        assert time.perf_counter() - began < 5


def test_a_duplicate_origin_through_the_api_is_a_conflict_not_a_500(db, api):
    client, headers = api
    body = {"dataset": "d", "origin": "same", "date": {"start": "2011"}, "category": "bombing",
            "action_type": "physical", "summary": "x"}
    assert client.post("/api/v1/events", headers=headers, json=body).status_code == 201
    second = client.post("/api/v1/events", headers=headers, json=body)
    assert second.status_code == 409, second.text
