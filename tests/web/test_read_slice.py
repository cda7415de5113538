"""The read-only slice beyond the basics: the rest of the API, exports, event details, languages,
dates and the 500 page, always as an anonymous visitor."""

import io
import json
import warnings
from datetime import date

import pytest
from openpyxl import load_workbook

from sarap.events import codebook, records, regions, store
from sarap.events.importing import run_import
from sarap.web.app import create_app
from sarap.web.i18n import format_date, t

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _create(db, **fields):
    record, problems = records.validate({"date": {"start": "2019-03"}, "category": "plot",
                                         "action_type": "physical", "summary": "x", **fields})
    assert not problems, problems
    with db.session() as s:
        return store.create(s, record, author="t", dataset=store.dataset_named(s, "t")).id


@pytest.fixture
def app(db, fixtures):
    run_import(db, fixtures / "events_good.csv", dataset="t", author="a")
    return create_app(db)


@pytest.fixture
def client(app):
    return TestClient(app)


def test_stats_and_datasets_leave_out_restricted_events(db, client):
    _create(db, origin="secret:1", summary="Restricted", access_level="restricted", agency="atc")
    stats = client.get("/api/v1/datasets/t/stats").json()
    assert stats["counts"][0] == {"scope": "all", "total": 3, "verbal": 1, "physical": 2}
    assert "secret" not in {c["scope"] for c in stats["counts"]}
    assert client.get("/api/v1/datasets").json()[0]["events"] == 3
    assert client.get("/api/v1/datasets/nope/stats").status_code == 404


def test_history_codebook_and_regions_api(client):
    first = client.get("/api/v1/events", params={"limit": 1}).json()
    assert first["total"] == 3 and len(first["items"]) == 1
    history = client.get(f"/api/v1/events/{first['items'][0]['id']}/history").json()
    assert history[0]["action"] == "create" and "summary" in history[0]["diff"]
    assert "armed_assault" in client.get("/api/v1/codebook").json()["categories"]
    assert {r["code"] for r in client.get("/api/v1/regions").json()} >= {"AKT", "ALA", "AST"}


def test_event_page_shows_sources_coding_and_corrections(db, client):
    event_id = _create(db, sources=[{"url": "https://example.org/a", "outlet": "Outlet A"}],
                       author_coding={"Күні": "2019 наурыз"},
                       corrections=[{"field": "category", "author_value": "attack", "value": "plot",
                                     "reason": "no attack happened"}])
    page = client.get(f"/events/{event_id}", params={"lang": "en"}).text
    assert '<a href="https://example.org/a"' in page and "Outlet A" in page
    assert "2019 наурыз" in page and "no attack happened" in page
    assert format_date(date(2019, 3, 1), date(2019, 3, 31), "month", "en") in page


def test_russian_labels_region_names_and_dates(client):
    page = client.get("/events", params={"lang": "ru", "region": "AKT"}).text
    assert codebook.label("categories", "armed_assault", "ru") in page
    assert regions.get("AKT").name("ru") in client.get("/").text
    assert "17 мая 2011 г." in page


@pytest.mark.parametrize(("precision", "start", "end", "expected"), [
    ("day", date(2011, 5, 17), date(2011, 5, 17), "17 May 2011"),
    ("month", date(2011, 5, 1), date(2011, 5, 31), "May 2011"),
    ("season", date(2011, 6, 1), date(2011, 8, 31), "summer 2011"),
    ("year", date(2011, 1, 1), date(2011, 12, 31), "2011"),
])
def test_dates_are_no_more_precise_than_known(precision, start, end, expected):
    assert format_date(start, end, precision, "en") == expected


def test_xlsx_and_jsonl_exports_follow_the_filter(client):
    jsonl = client.get("/events/export.jsonl", params={"action_type": "verbal"})
    lines = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [e["action_type"] for e in lines] == ["verbal"]
    xlsx = client.get("/events/export.xlsx", params={"region": "AKT"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3  # the header and two events in Aktobe
    assert client.get("/events/export.pdf").status_code == 404


def test_a_server_error_is_a_localised_page_without_a_traceback(app):
    def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/boom", boom)
    page = TestClient(app, raise_server_exceptions=False).get("/boom", params={"lang": "ru"})
    assert page.status_code == 500 and t("server_error", "ru") in page.text
    assert "secret internals" not in page.text and "Traceback" not in page.text
    assert page.headers["referrer-policy"] == "same-origin"
