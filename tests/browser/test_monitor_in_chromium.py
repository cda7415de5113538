"""Monitoring in a real headless Chromium (Debian's, driven by Playwright): a YouScan-style export is
ingested, an editor saves a topic for the «терроризм» family through the form, sees its charts
and counts, checks the alert rules and acknowledges the alert they raise."""

from __future__ import annotations

import pytest
from live_server import live

from sarap.auth import users
from sarap.monitor import files, ingest, store
from sarap.monitor.pseudonyms import Pseudonymiser
from sarap.web.app import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def server(db, fixtures, tmp_path):
    with db.session() as s:
        store.add_source(s, name="ys", kind="csv", location=str(fixtures / "monitor" / "youscan_export.csv"),
                         options=files.load_mapping(preset_name="youscan").to_dict(), actor="t")
        users.create_user(s, "aigerim", "atc", "editor", actor="t", password=PASSWORD)
    ingest.ingest(db, "ys", pseudonymiser=Pseudonymiser.in_data_dir(tmp_path / "data"), actor="t")
    with live(create_app(db, secret="browser-test")) as url:
        yield url


def test_an_editor_saves_a_topic_sees_its_chart_and_acknowledges_an_alert(server, page):
    page.goto(server + "/login")
    page.fill("input[name=username]", "aigerim")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    page.goto(server + "/?lang=en")
    page.click("header >> text=Monitoring")
    assert "never ingested" not in page.content()
    assert "read 6, added 6" in page.inner_text("table.sources")

    page.fill("form.topic-form input[name=name]", "terrorism")
    page.fill("form.topic-form input[name=query]", "терроризм AND (")
    page.click("form.topic-form button[type=submit]")
    assert "^" in page.inner_text("#error-query pre.caret")  # the error points at its column

    page.fill("form.topic-form input[name=query]", "терроризм")
    page.fill("form.topic-form input[name=threshold]", "2")
    page.click("form.topic-form button[type=submit]")
    assert page.inner_text("h1") == "terrorism"
    # five of the six rows are in the family: терроризмнің, терроризма, Терроризмге, Терроризм
    assert page.inner_text("#count-mentions") == "5" and page.inner_text("#count-total") == "6"
    chart = page.locator("svg#chart-mentions")
    assert chart.is_visible() and chart.locator("polyline").count() == 1
    assert chart.locator("title").first.text_content() == "Mentions over time: terrorism"
    assert "Number of mentions" in chart.text_content()
    assert page.locator("svg#chart-index").is_visible()

    page.click("form.run-alerts button[type=submit]")
    # 1 March has 3 mentions; 2 March's two fall in the rule's cool-down of three days
    assert page.locator("table.alerts tbody tr").count() == 1
    assert "2024-03-01" in page.inner_text("table.alerts")
    page.click("table.alerts button >> text=Acknowledge")
    assert page.locator("table.alerts button").count() == 0
    assert "aigerim" in page.inner_text("table.alerts")

    page.goto(server + "/monitor?lang=kk")
    assert page.inner_text("h1") == "Мониторинг"
    assert "terrorism" in page.inner_text("table.topics")
    assert page.inner_text("table.topics td.mentions") == "5"
