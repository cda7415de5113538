"""The registry in a real headless Chromium: the bodies page with duties and decree items, then an
editor adds an exercise through the form and lands on its verbal event."""

from __future__ import annotations

import pytest
from live_server import live

from sarap.auth import users
from sarap.registry import decree
from sarap.web.app import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def server(db):
    with db.session() as s:
        decree.load(s, author="t")
        users.create_user(s, "aigerim", "atc", "editor", actor="t", password=PASSWORD)
    with live(create_app(db, secret="browser-test")) as url:
        yield url


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
