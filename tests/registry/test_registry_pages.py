"""Registry pages through the real app: bodies with their items, measures, exercises, and the
"add exercise" form (editors, CSRF) after which the exercise is a verbal event at /events/{id}."""

from __future__ import annotations

import re
import warnings

import pytest

from app_client import PASSWORD, csrf_of, logged_in
from sarap.auth import users
from sarap.registry import exercises
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient





@pytest.fixture
def app(loaded):
    with loaded.session() as s:
        users.create_user(s, "editor", "atc", "editor", actor="t", password=PASSWORD)
        users.create_user(s, "viewer", "mvd", "viewer", actor="t", password=PASSWORD)
        exercises.add(s, exercises.NewExercise(name="Жабық жаттығу", when="2024-02-02", scenario="other",
                                               agency="atc", access_level="restricted"), author="t")
    return create_app(loaded, secret="test-secret")


def test_bodies_page_shows_duties_with_their_items(app):
    page = TestClient(app).get("/registry?lang=en")
    assert page.status_code == 200
    assert "Maritime operational headquarters for combating terrorism" in page.text
    row = page.text.split('id="body-hq-maritime"')[1].split("</tr>")[0]
    assert "item 18" in row and "231–243" in row and "continental shelf" in row
    assert "теңіздегі экономикалық қызмет объектілеріне" in row  # the decree's own words too


def test_measures_page_lists_kinds_and_sub_items(app):
    page = TestClient(app).get("/registry/measures")
    assert page.status_code == 200
    kind = page.text.split('id="kind-organisational"')[1].split("</section>")[0]
    assert "Ұйымдастырушылық шаралар" in kind and kind.count("<li>") == 6 and "тармақ 10 3)" in kind


def test_an_editor_adds_an_exercise_and_sees_its_event(app):
    client = logged_in(app, "editor")
    form = client.get("/registry/exercises/new")
    assert form.status_code == 200
    answer = client.post("/registry/exercises/new", follow_redirects=False, data={
        "csrf": csrf_of(form), "name": "Найза-Антитеррор 2025", "when": "2025-06-03",
        "scenario": "seizure_of_object", "region": "KZY", "settlement": "Қызылорда",
        "bodies": ["atc", "hq-region"], "access_level": "public"})
    assert answer.status_code == 303
    event_page = client.get(answer.headers["location"])
    assert "Найза-Антитеррор 2025" in event_page.text
    listed = TestClient(app).get("/registry/exercises")
    assert "Найза-Антитеррор 2025" in listed.text and answer.headers["location"] in listed.text


def test_form_errors_and_who_may_add(app):
    editor = logged_in(app, "editor")
    token = csrf_of(editor.get("/registry/exercises/new"))
    bad = editor.post("/registry/exercises/new", data={"csrf": token, "name": "X", "when": "2025-02-30",
                                                       "scenario": "other", "access_level": "public"})
    assert bad.status_code == 400 and 'id="error-when"' in bad.text
    assert editor.post("/registry/exercises/new", data={"name": "X", "when": "2025-02-03"}).status_code == 403
    viewer = logged_in(app, "viewer")
    assert viewer.get("/registry/exercises/new").status_code == 403
    # A restricted exercise of the ATC is not listed for another agency's viewer nor anonymously.
    assert "Жабық жаттығу" not in viewer.get("/registry/exercises").text
    assert "Жабық жаттығу" in editor.get("/registry/exercises").text


def test_plans_page_counts_what_was_planned_and_done_and_editors_change_status(app):
    editor = logged_in(app, "editor")
    form = editor.get("/registry/plans?lang=en")
    assert form.status_code == 200 and "Add a plan" in form.text
    token = csrf_of(form)
    bad = editor.post("/registry/plans?lang=en", data={"csrf": token, "title": "", "kind": "educational",
                                                       "body": "atc"})
    assert bad.status_code == 400 and 'id="error-title"' in bad.text
    made = editor.post("/registry/plans", data={"csrf": token, "title": "Seminars in schools",
                                                "kind": "educational", "body": "atc", "region": "MNG",
                                                "deadline": "2025-06-01", "access_level": "public"},
                       follow_redirects=False)
    assert made.status_code == 303
    page = editor.get("/registry/plans?lang=en&region=MNG")
    plan_id = re.search(r'id="plan-(\d+)"', page.text)[1]
    row = page.text.split('id="kind-educational"')[1].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", row) == ["1", "0", "0", "0", "1"]  # planned, …, total
    done = editor.post(f"/registry/plans/{plan_id}/status", data={"csrf": token, "status": "done"},
                       follow_redirects=False)
    assert done.status_code == 303
    row = editor.get("/registry/plans?region=MNG").text.split('id="kind-educational"')[1].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", row) == ["0", "0", "1", "0", "1"]
    csv_text = editor.get("/registry/report.csv?region=MNG").text
    assert "measure_kind,planned,in_progress,done,cancelled,total" in csv_text
    assert "Seminars in schools" not in TestClient(app).get("/registry/plans?region=ALA").text


def test_a_viewer_cannot_add_plans_or_change_status(app):
    viewer = logged_in(app, "viewer")
    page = viewer.get("/registry/plans")
    assert 'method="post" action="/registry/plans"' not in page.text and "/status" not in page.text
    refused = viewer.post("/registry/plans", data={"csrf": csrf_of(viewer.get("/registry/exercises")),
                                                   "title": "x", "kind": "educational", "body": "atc"})
    assert refused.status_code == 403
