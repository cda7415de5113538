"""Pagination of the event list (50 a page) and of the API (limit/offset), with the filter kept."""

import re
import warnings
from datetime import date, timedelta

import pytest

from sarap.events import records, store
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROW = re.compile(r'<td><a href="/events/(\d+)">')


@pytest.fixture
def client(db):
    """60 events in Aktobe and 15 in Almaty, one a day from 2010 on."""
    with db.session() as s:
        dataset = store.dataset_named(s, "p", create=True)
        for i in range(75):
            record, problems = records.validate({
                "origin": f"p:{i}", "date": {"start": (date(2010, 1, 1) + timedelta(days=i)).isoformat()},
                "category": "plot", "action_type": "physical", "summary": f"Event number {i}",
                "places": [{"region": "AKT" if i < 60 else "ALA"}]})
            assert not problems, problems
            store.create(s, record, author="t", dataset=dataset)
    return TestClient(create_app(db))


def test_list_pages_by_fifty_and_keeps_the_filter(client):
    first = client.get("/events", params={"region": "AKT"}).text
    assert len(ROW.findall(first)) == 50 and "1 / 2" in first
    assert 'rel="next" href="/events?region=AKT&page=2"' in first
    second = client.get("/events", params={"region": "AKT", "page": 2}).text
    assert len(ROW.findall(second)) == 10 and 'rel="prev"' in second and 'rel="next"' not in second
    ids = [int(i) for i in ROW.findall(first) + ROW.findall(second)]
    assert len(set(ids)) == 60  # no event on two pages, none skipped
    assert "Event number 60" not in first + second  # Almaty's are filtered out


def test_list_is_in_date_order_across_pages(client):
    first = client.get("/events", params={"lang": "en"}).text
    second = client.get("/events", params={"lang": "en", "page": 2}).text
    assert "1 January 2010" in first and "1 January 2010" not in second
    assert "Event number 49<" in first and "Event number 50<" in second


def test_api_limit_and_offset(client):
    page = client.get("/api/v1/events", params={"region": "AKT", "limit": 25, "offset": 50}).json()
    assert page["total"] == 60 and len(page["items"]) == 10
    assert page["items"][0]["summary"] == "Event number 50"
    assert client.get("/api/v1/events", params={"limit": 0}).status_code == 422
