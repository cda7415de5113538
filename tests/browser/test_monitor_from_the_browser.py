"""Monitoring with no terminal, in headless Chromium, on a fresh install (only an editor's account):
upload the repository's Telegram fixture through the page, watch the ingest job finish with its
report, create a topic with the live query check, see its series and its items."""

from __future__ import annotations

import pytest
from live_server import live

from sarap.auth import users
from sarap.web.app import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def server(db, tmp_path):
    with db.session() as s:
        users.create_user(s, "aigerim", "atc", "editor", actor="t", password=PASSWORD)
    with live(create_app(db, secret="browser-test", data_dir=tmp_path / "data")) as url:
        yield url


def test_upload_ingest_topic_series_and_items_without_a_terminal(server, page, fixtures):
    page.goto(server + "/login?lang=en")
    page.fill("input[name=username]", "aigerim")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    page.goto(server + "/monitor")
    page.click("#add-source")
    page.fill("form.source-form input[name=name]", "channel")
    page.select_option("form.source-form select[name=kind]", "telegram")
    export = fixtures / "monitor" / "telegram_channel.json"
    page.set_input_files("form.source-form input[name=file]", str(export))
    page.click("button[value=preview]")
    assert page.inner_text("#preview-count") == "4"
    assert page.locator("table.preview tbody tr").count() == 4
    page.click("#save-ingest")  # the uploaded file is kept between preview and save

    page.wait_for_selector("#job-state[data-state=done]", timeout=30_000)
    assert page.locator("#job-progress").get_attribute("value") == "100"
    report = page.inner_text("#job-report")
    assert "4" in page.inner_text("#job-report td.read") and "4" in page.inner_text("#job-report td.added")
    assert "Passed over: service messages" in report and "messages without text" in report

    page.click("header >> text=Monitoring")
    assert "channel" in page.inner_text("table.sources")
    page.fill("form.topic-form input[name=name]", "prevention")
    page.fill("form.topic-form input[name=query]", "терроризм AND (")
    page.wait_for_selector("#query-check pre.caret")  # checked while typing, before saving
    page.fill("form.topic-form input[name=query]", "терроризм")
    page.wait_for_selector("#query-check p.count")
    assert page.inner_text("#query-check p.count").endswith(": 2 / 4")
    assert page.locator("#query-check mark").count() >= 2
    page.click("form.topic-form button[type=submit]")

    assert page.inner_text("h1") == "prevention"
    assert page.inner_text("#count-mentions") == "2"
    assert page.locator("svg#chart-mentions polyline").count() == 1
    page.click("#topic-items")
    assert page.locator("li.item").count() == 2
    assert page.locator("li.item mark").count() >= 2
