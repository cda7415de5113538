"""The web app in a real headless Chromium (Debian's, driven by Playwright): log in, filter, open
an event, edit it and see the revision, switch language, and not see another agency's record."""

import shutil
import socket
import threading
import time

import pytest

from sarap.auth import users
from sarap.events import records, store
from sarap.events.importing import run_import
from sarap.web.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PASSWORD = "correct horse battery"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


@pytest.fixture
def server(db, fixtures):
    import uvicorn

    run_import(db, fixtures / "events_good.csv", dataset="t", author="a")
    with db.session() as s:
        users.create_user(s, "aigerim", "atc", "editor", actor="t", password=PASSWORD)
        record, _ = records.validate({
            "origin": "mvd-secret", "date": {"start": "2020-05-05"}, "category": "plot",
            "action_type": "physical", "summary": "MVD restricted record", "agency": "mvd",
            "access_level": "restricted", "places": [{"region": "ATY"}]})
        store.create(s, record, author="t", dataset=store.dataset_named(s, "t"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(db, secret="browser-test"), host="127.0.0.1", port=port,
                            log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser.new_page()
        browser.close()


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
    assert "#2 update" in history and "official figure" in history
    assert "casualties.killed.civilians" in history

    page.click("text=English")
    assert page.inner_text("h2 >> nth=0") == "Places"
    page.goto(server + "/events")
    assert "Found: 3" in page.inner_text("#found")  # the choice of language persists
