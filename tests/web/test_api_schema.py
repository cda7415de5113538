"""Property-based test of the JSON API against its own OpenAPI document (schemathesis):
generated requests, anonymous and with an editor's token, must never cause a server error."""

import warnings

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from sarap.auth import users
from sarap.events.importing import run_import
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def app_and_token(db, fixtures):
    run_import(db, fixtures / "events_good.csv", dataset="t", author="a")
    with db.session() as s:
        user, _ = users.create_user(s, "editor", "atc", "editor", actor="t",
                                    password="correct horse battery")
        token = users.create_token(s, user, "schemathesis", actor="t")
    return create_app(db, secret="s"), token


def test_openapi_document_is_valid(app_and_token):
    app, _ = app_and_token
    spec = TestClient(app).get("/api/v1/openapi.json").json()
    from openapi_spec_validator import validate

    validate(spec)


@pytest.mark.parametrize("authorised", [False, True])
def test_generated_requests_cause_no_server_error(app_and_token, authorised):
    app, token = app_and_token
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"} if authorised else {}
    failures: list[tuple[str, int, str]] = []
    for operation in schema.get_all_operations():
        exercise(operation.ok(), headers, failures)
    assert failures == []


def exercise(operation, headers, failures):
    @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy())
    def check(case):
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append((operation.label, response.status_code, response.text[:200]))

    check()
