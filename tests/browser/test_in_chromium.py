"""The web app in a real headless Chromium (Debian's, driven by Playwright): log in, filter, open
an event, edit it and see the revision, switch language, and not see another agency's record."""

import pytest
from live_server import live

from sarap.auth import users
from sarap.events import records, store
from sarap.events.importing import run_import
from sarap.web.app import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def server(db, fixtures):
    run_import(db, fixtures / "events_good.csv", dataset="t", author="a",
               dataset_fields={"agency": "atc"})  # the editor's agency owns what it edits
    with db.session() as s:
        users.create_user(s, "aigerim", "atc", "editor", actor="t", password=PASSWORD)
        record, _ = records.validate({
            "origin": "mvd-secret", "date": {"start": "2020-05-05"}, "category": "plot",
            "action_type": "physical", "summary": "MVD restricted record", "agency": "mvd",
            "access_level": "restricted", "places": [{"region": "ATY"}]})
        store.create(s, record, author="t", dataset=store.dataset_named(s, "t"))
    with live(create_app(db, secret="browser-test")) as url:
        yield url


def test_a_reviewer_session_end_to_end(server, page):
    page.goto(server + "/login")
    page.fill("input[name=username]", "aigerim")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    assert "aigerim" in page.inner_text("header")

    page.goto(server + "/events")
    page.select_option("select[name=action_type]", "physical")
    page.click("form.filters button[type=submit]")
    assert "Табылды: 2" in page.inner_text("#found")
    assert "MVD restricted record" not in page.content()

    page.click("table.events a >> nth=0")
    page.click("text=Өзгерту")
    page.fill("input[name=killed_civilians]", "4")
    page.fill("input[name=reason]", "official figure")
    page.click("form.edit button[type=submit]")
    history = page.inner_text("ol.history")
    assert "#2 өзгертілді" in history and "official figure" in history
    assert "casualties.killed.civilians" in history

    page.click("header .langs a[lang=en]")
    assert page.inner_text("h2 >> nth=0") == "Places"
    page.goto(server + "/events")
    assert "Found: 3" in page.inner_text("#found")  # the choice of language persists
