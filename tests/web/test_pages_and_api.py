"""The web app against a real database, through its HTTP interface."""

import re
import warnings
import xml.etree.ElementTree as ET

import pytest

from sarap.events import records, store
from sarap.events.importing import run_import
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def client(db, fixtures):
    run_import(db, fixtures / "events_good.csv", dataset="t", author="a")
    record, problems = records.validate({
        "origin": "secret", "date": {"start": "2020-05-05"}, "category": "plot",
        "action_type": "physical", "summary": "Restricted operational record",
        "places": [{"region": "ATY"}], "access_level": "restricted", "agency": "atc"})
    assert not problems
    with db.session() as s:
        store.create(s, record, author="a", dataset=store.dataset_named(s, "t"))
    return TestClient(create_app(db))


def test_dashboard_counts_and_draws_the_chart(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<span class="figure" id="total">3</span>' in page.text
    svg = page.text[page.text.index("<svg"):page.text.index("</svg>") + 6]
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns).text == "Жылдар бойынша вербалды және физикалық әрекеттер"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Жыл" in texts and "2005" in texts and "2016" in texts and "Вербалды" in texts


def test_list_filters_and_paginates(client):
    physical = client.get("/events", params={"action_type": "physical", "region": "AKT"})
    assert "Табылды: 2" in physical.text
    assert "Law on countering extremism" not in physical.text
    assert 'rel="next"' not in physical.text


def test_event_page_shows_casualties_and_history(client):
    [event] = client.get("/api/v1/events", params={"text": "gun shops"}).json()["items"]
    page = client.get(f"/events/{event['id']}")
    assert page.status_code == 200
    assert "<td>18</td>" in page.text  # perpetrators killed
    assert "#1 create" in page.text


def test_restricted_event_is_neither_listed_nor_counted_nor_shown(client):
    api = client.get("/api/v1/events").json()
    assert api["total"] == 3
    assert all(e["origin"] != "secret" for e in api["items"])
    assert client.get("/api/v1/events/4").status_code == 404
    assert client.get("/events/4").status_code == 404
    assert "Restricted operational record" not in client.get("/events", params={"region": "ATY"}).text


def test_language_choice_persists_in_a_cookie(client):
    english = client.get("/events", params={"lang": "en"})
    assert "Events" in english.text and english.cookies.get("lang") == "en"
    again = client.get("/events")
    assert '<html lang="en">' in again.text and "Armed assault" in again.text


def test_security_headers_and_a_localised_404(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "Бет табылмады" in page.text
    csp = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/v1/events/999").json() == {"error": "Бет табылмады"}


def test_csv_export_of_a_filter_imports_back(client, db, tmp_path):
    exported = client.get("/events/export.csv", params={"action_type": "physical"})
    assert exported.status_code == 200
    path = tmp_path / "physical.csv"
    path.write_bytes(exported.content)
    report = run_import(db, path, dataset="copy", author="a")
    assert (report.created, report.errors) == (2, [])


def test_openapi_document_lists_the_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/datasets"} <= set(spec["paths"])


def test_dashboard_map_names_every_region_with_its_count(client):
    page = client.get("/", params={"lang": "ru"}).text
    svg = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 640'):]
    root = ET.fromstring(svg[:svg.index("</svg>") + 6])
    ns = "{http://www.w3.org/2000/svg}"
    titles = {p.get("data-region"): p.find(f"{ns}title").text for p in root.iter(f"{ns}path")}
    assert len(titles) == 20
    assert titles["AKT"] == "Актюбинская область: 2" and titles["MNG"] == "Мангистауская область: 0"
    assert root.find(f"{ns}title").text == "Карта событий по регионам"


def test_list_sorts_newest_first_on_request(client):
    page = client.get("/events", params={"sort": "-date", "lang": "en"}).text
    assert page.index("5 June 2016") < page.index("17 May 2011") < page.index("18 February 2005")
    assert 'value="-date" selected' in page


def test_analysis_page_recomputes_from_readable_records(db, client):
    from sarap.events.seed import load

    load(db, "dissertation-2025")
    page = client.get("/analysis", params={"dataset": "dissertation-2025", "lang": "en"}).text
    assert "Total: 66" in page or "Events in all: 66" in page
    gti_rows = re.findall(r"<tr><td>(\d{4})</td><td>[^<]+</td><td>([\d.]+)</td></tr>", page)
    scores = dict(gti_rows)
    assert float(scores["2013"]) > 0 and float(scores["2024"]) == 0


def test_analysis_page_forecasts_and_serves_its_charts(db, client):
    from sarap.events.seed import load

    load(db, "dissertation-2025")
    query = {"dataset": "dissertation-2025", "lang": "ru"}
    page = client.get("/analysis", params=query).text
    assert "Прогноз физических актов террористов" in page
    assert re.search(r"<tr><td>2026</td><td>\d+</td><td>\d+–\d+</td>", page)  # next year, intervals
    assert "negbin_trend" in page or "mean" in page  # the back-test table names its models
    svg = client.get("/analysis/charts/regions.svg", params=query)
    assert svg.headers["content-type"] == "image/svg+xml" and "Актюбинская" in svg.text
    png = client.get("/analysis/charts/forecast.png", params=query)
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    rows = client.get("/analysis/charts/timeline.csv", params=query).text.splitlines()
    assert rows[0].lstrip("\ufeff") == "year,events,verbal,physical" and "2011,8,0,8" in rows
    assert client.get("/analysis/charts/nothing.svg").status_code == 404


def test_charts_count_only_what_the_visitor_may_read(db, client):
    from sarap.events import records, store

    with db.session() as s:
        record, _ = records.validate({"origin": "secret", "date": {"start": "2021-03-03"}, "category": "plot",
                                      "action_type": "physical", "side": "perpetrators", "summary": "r",
                                      "agency": "mvd", "access_level": "restricted",
                                      "places": [{"region": "ATY"}]})
        store.create(s, record, author="t", dataset=store.dataset_named(s, "secret-set", create=True))
    rows = client.get("/analysis/charts/forecast.csv", params={"dataset": "secret-set"}).text
    assert "2021" not in rows


def test_event_page_links_the_act_it_adopted_and_the_exercise_it_records(db, client):
    from sarap.events.seed import load
    from sarap.library import seed as library_seed
    from sarap.library.models import LibraryDocument
    from sarap.registry import decree, exercises
    from sarap.registry.models import Exercise

    load(db, "dissertation-2025")
    with db.session() as s:
        library_seed.load(s, author="t")
        decree.load(s, author="t")
        exercises.load_examples(s, author="t")
        adopted = s.query(LibraryDocument).filter_by(slug="decree-1404").one().event_id
        exercise = s.query(Exercise).first()
        exercise_event, exercise_name = exercise.event_id, exercise.name
    page = client.get(f"/events/{adopted}", params={"lang": "en"}).text
    assert "Linked records" in page and 'href="/library/decree-1404"' in page
    page = client.get(f"/events/{exercise_event}", params={"lang": "en"}).text
    assert f">{exercise_name}</a>" in page and "Exercise in the registry" in page
