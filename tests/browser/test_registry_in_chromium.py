"""The registry in a real headless Chromium: the bodies page with duties and decree items, then an
editor adds an exercise through the form and lands on its verbal event."""

from __future__ import annotations

import shutil
import socket
import threading
import time

import pytest

from sarap.auth import users
from sarap.registry import decree
from sarap.web.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PASSWORD = "correct horse battery"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


@pytest.fixture
def server(db):
    import uvicorn

    with db.session() as s:
        decree.load(s, author="t")
        users.create_user(s, "aigerim", "atc", "editor", actor="t", password=PASSWORD)
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


def test_an_editor_adds_an_exercise_and_sees_its_event(server, page):
    page.goto(server + "/registry?lang=en")
    maritime = page.inner_text("#body-hq-maritime")
    assert "Maritime operational headquarters" in maritime and "item 18" in maritime

    page.goto(server + "/login")
    page.fill("input[name=username]", "aigerim")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(server + "/registry/exercises?lang=kk")
    page.click("text=Оқу-жаттығу қосу")
    page.fill("input[name=name]", "Дабыл-Антитеррор-2025")
    page.fill("input[name=when]", "2025-10-15")
    page.select_option("select[name=scenario]", "transport")
    page.select_option("select[name=region]", "KGD")
    page.select_option("select[name=bodies]", ["hq-region", "atc"])
    page.click("form.exercise button[type=submit]")

    assert "/events/" in page.url
    body = page.inner_text("main")
    assert "Дабыл-Антитеррор-2025" in body and "Оқу-жаттығу" in body  # the codebook's category label
    event_url = page.url.split("?")[0]
    page.goto(server + "/registry/exercises")
    assert page.get_attribute("table.exercises a", "href") == event_url.removeprefix(server)
