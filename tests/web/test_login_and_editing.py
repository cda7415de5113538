"""Logging in, the forced password change, CSRF, agency-restricted records and editing."""

import re
import warnings

import pytest
from sqlalchemy import select

from app_client import PASSWORD, csrf_of, login
from sarap.auth import users
from sarap.core import audit
from sarap.events import records, store
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient





@pytest.fixture
def app_and_ids(db):
    ids = {}
    with db.session() as s:
        users.create_user(s, "atc_editor", "atc", "editor", actor="t", password=PASSWORD)
        users.create_user(s, "mvd_viewer", "mvd", "viewer", actor="t", password=PASSWORD)
        for origin, level in (("open", "public"), ("secret", "restricted")):
            record, problems = records.validate({
                "origin": origin, "date": {"start": "2020-05-05"}, "category": "plot",
                "action_type": "physical", "summary": f"{origin} record", "agency": "atc",
                "access_level": level, "places": [{"region": "ATY"}]})
            assert not problems
            ids[origin] = store.create(s, record, author="t").id
    return create_app(db, secret="test-secret"), ids


def test_one_time_password_must_be_changed_first(db):
    with db.session() as s:
        _, one_time = users.create_user(s, "new", "atc", "viewer", actor="admin")
    client = TestClient(create_app(db, secret="s"))
    answer = login(client, "new", one_time)
    assert answer.status_code == 303 and answer.headers["location"] == "/account/password"
    assert client.get("/events", follow_redirects=False).headers["location"] == "/account/password"
    form = client.get("/account/password")
    short = client.post("/account/password", data={"current": one_time, "new": "short", "repeat": "short",
                                                   "csrf": csrf_of(form)})
    assert short.status_code == 400 and "12" in short.text
    done = client.post("/account/password", data={"current": one_time, "new": PASSWORD,
                                                  "repeat": PASSWORD, "csrf": csrf_of(form)},
                       follow_redirects=False)
    assert done.status_code == 303
    assert client.get("/events", follow_redirects=False).status_code == 200
    with db.session() as s:
        assert users.get_user(s, "new").must_change_password is False


def test_wrong_password_is_refused_without_saying_which_part(app_and_ids):
    client = TestClient(app_and_ids[0])
    answer = login(client, "atc_editor", "not the password")
    unknown = login(client, "nobody_here", "not the password")
    assert answer.status_code == unknown.status_code == 401
    assert "Пайдаланушы аты немесе құпиясөз қате" in answer.text
    assert answer.text == unknown.text.replace("nobody_here", "atc_editor")


def test_a_form_without_its_csrf_token_is_refused(app_and_ids):
    client = TestClient(app_and_ids[0])
    client.get("/login")
    answer = client.post("/login", data={"username": "atc_editor", "password": PASSWORD})
    assert answer.status_code == 403


def test_other_agencies_do_not_see_a_restricted_record(app_and_ids, db):
    app, ids = app_and_ids
    owner, other = TestClient(app), TestClient(app)
    login(owner, "atc_editor")
    login(other, "mvd_viewer")
    assert owner.get(f"/events/{ids['secret']}").status_code == 200
    assert other.get(f"/events/{ids['secret']}").status_code == 404
    assert other.get(f"/api/v1/events/{ids['secret']}").status_code == 404
    assert [e["origin"] for e in other.get("/api/v1/events").json()["items"]] == ["open"]
    with db.session() as s:
        reads = s.scalars(select(audit.AuditEntry).where(audit.AuditEntry.action == "event.read")).all()
        assert [(r.actor, r.entity_id) for r in reads] == [("atc_editor", str(ids["secret"]))]


def test_editor_edits_and_sees_the_revision_while_a_viewer_cannot(app_and_ids):
    app, ids = app_and_ids
    editor, viewer = TestClient(app), TestClient(app)
    login(editor, "atc_editor")
    login(viewer, "mvd_viewer")
    assert viewer.get(f"/events/{ids['open']}/edit").status_code == 403
    form = editor.get(f"/events/{ids['open']}/edit")
    assert form.status_code == 200
    fields = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', form.text))
    bad = editor.post(f"/events/{ids['open']}/edit", data={
        **fields, "category": "plot", "action_type": "physical", "side": "perpetrators",
        "certainty": "confirmed", "access_level": "public", "summary": "open record",
        "killed_civilians": "-3", "csrf": csrf_of(form)})
    assert bad.status_code == 400
    assert 'id="error-killed_civilians">a count cannot be negative' in bad.text
    saved = editor.post(f"/events/{ids['open']}/edit", data={
        **fields, "category": "plot", "action_type": "physical", "side": "perpetrators",
        "certainty": "confirmed", "access_level": "public", "summary": "open record, second source",
        "killed_civilians": "2", "reason": "second source", "csrf": csrf_of(form)})
    assert saved.status_code == 200 and "#2 өзгертілді" in saved.text and "second source" in saved.text
    assert "casualties.killed.civilians" in saved.text


def test_many_logins_from_one_address_are_slowed_down(app_and_ids):
    app, _ = app_and_ids
    client = TestClient(app)
    answers = [login(client, "atc_editor", "wrong password!!").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]


def test_editor_adds_an_event_with_messages_next_to_wrong_fields(app_and_ids):
    app, _ = app_and_ids
    editor = TestClient(app)
    login(editor, "atc_editor")
    form = editor.get("/events/new")
    assert form.status_code == 200
    fields = {"date_text": "2024 жыл 31 қараша", "date_start": "2024-11-31", "category": "exercise",
              "action_type": "verbal", "side": "counter_terrorism", "certainty": "confirmed",
              "access_level": "public", "summary": "Дабыл-Антитеррор-2024", "region": "KGD",
              "settlement": "Қарағанды", "source_url": "nur.kz", "dataset": "mine",
              "csrf": csrf_of(form)}
    bad = editor.post("/events/new", data=fields)
    assert bad.status_code == 400
    assert 'id="error-date_start">impossible or unreadable date: November 2024 has no day 31' in bad.text
    assert 'id="error-source_url">not a web address' in bad.text
    good = editor.post("/events/new", data={**fields, "date_start": "2024-10-31",
                                            "source_url": "https://www.nur.kz/x"})
    assert good.status_code == 200 and "Қарағанды облысы" in good.text and "#1 құрылды" in good.text
    viewer = TestClient(app)
    login(viewer, "mvd_viewer")
    assert viewer.get("/events/new").status_code == 403


def test_import_previews_without_writing_then_imports_on_confirmation(app_and_ids, fixtures):
    app, _ = app_and_ids
    editor = TestClient(app)
    login(editor, "atc_editor")
    page = editor.get("/import")
    bad = editor.post("/import", data={"csrf": csrf_of(page), "dataset": "web"},
                      files={"file": ("events_bad.csv", (fixtures / "events_bad.csv").read_bytes())})
    assert "nothing was written" in bad.text.replace("ештеңе жазылған жоқ", "nothing was written")
    assert "November 2024 has no day 31" in bad.text and "Атлантида" in bad.text
    assert 'action="/import/confirm"' not in bad.text
    preview = editor.post("/import", data={"csrf": csrf_of(page), "dataset": "web"},
                          files={"file": ("events_good.csv", (fixtures / "events_good.csv").read_bytes())})
    assert 'action="/import/confirm"' in preview.text
    assert editor.get("/api/v1/events", params={"dataset": "web"}).json()["total"] == 0
    token = re.search(r'name="token" value="([^"]+)"', preview.text)[1]
    done = editor.post("/import/confirm", data={"csrf": csrf_of(page), "token": token, "dataset": "web",
                                                "format": ""})
    assert done.status_code == 200
    assert editor.get("/api/v1/events", params={"dataset": "web"}).json()["total"] == 3


def test_admin_manages_own_agency_and_an_editor_shares_a_record(app_and_ids, db):
    app, ids = app_and_ids
    with db.session() as s:
        users.create_user(s, "atc_admin", "atc", "admin", actor="t", password=PASSWORD)
    admin = TestClient(app)
    login(admin, "atc_admin")
    page = admin.get("/admin/users")
    assert "atc_editor" in page.text and "mvd_viewer" not in page.text
    created = admin.post("/admin/users", data={"csrf": csrf_of(page), "action": "create",
                                               "username": "dana", "role": "viewer"})
    assert re.search(r'dana: .*<code>[\w-]{12,}</code>', created.text)
    refused = admin.post("/admin/users", data={"csrf": csrf_of(page), "action": "role",
                                               "username": "mvd_viewer", "role": "admin"})
    assert refused.status_code == 403
    editor, other = TestClient(app), TestClient(app)
    login(editor, "atc_editor")
    login(other, "mvd_viewer")
    assert other.get(f"/events/{ids['secret']}").status_code == 404
    event_page = editor.get(f"/events/{ids['secret']}")
    editor.post(f"/events/{ids['secret']}/share", data={"csrf": csrf_of(event_page), "agency": "mvd"})
    assert other.get(f"/events/{ids['secret']}").status_code == 200
    assert TestClient(app).get("/admin/users", follow_redirects=False).headers["location"] == "/login"
