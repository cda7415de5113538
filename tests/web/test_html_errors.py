"""A bad parameter on a page is an HTML page in the reader's language that names the field; a bad
date filter says so and filters nothing (no list at all); JSON stays for /api."""

from __future__ import annotations

import warnings

from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_an_impossible_date_on_the_events_page(db):
    client = TestClient(create_app(db, secret="t"))
    page = client.get("/events", params={"from": "31.11.2024", "lang": "ru"})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert 'data-field="from"' in page.text and "«31.11.2024»: не дата" in page.text
    assert 'class="events"' not in page.text  # nothing listed as if the filter were not there
    api = client.get("/api/v1/events", params={"from": "31.11.2024"})
    assert api.status_code == 422 and api.json()["problems"][0]["column"] == "from"
