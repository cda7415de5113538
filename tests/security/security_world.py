"""Helpers of the security tests: a client that shows errors as answers, and one event."""

from __future__ import annotations

import warnings

from sarap.events import records, store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def new_event(s, origin, agency, level="public", dataset=None):
    record, problems = records.validate({"origin": origin, "date": {"start": "2021-03-04"},
                                         "category": "plot", "action_type": "physical",
                                         "summary": f"{origin} summary", "agency": agency,
                                         "access_level": level, "places": [{"region": "ATY"}]})
    assert not problems
    return store.create(s, record, author="setup", dataset=dataset)


def client(app):
    return TestClient(app, raise_server_exceptions=False)
