"""The review queue in a real headless Chromium: a reviewer pastes a text the rules flag, reads the
reasons, decides; a second reviewer confirms; the transparency report counts it."""

import pytest
from live_server import live

from sarap.auth import users
from sarap.web.app import create_app

PASSWORD = "correct horse battery"
THREAT = "Убивайте их всех! Завтра взрывайте вокзал."


@pytest.fixture
def server(db, tmp_path):
    with db.session() as s:
        users.create_user(s, "aru", "atc", "reviewer", actor="t", password=PASSWORD)
        users.create_user(s, "bolat", "atc", "reviewer", actor="t", password=PASSWORD)
    with live(create_app(db, secret="browser-test", data_dir=tmp_path / "data")) as url:
        yield url


def _reviewer(browser, server, name, errors):
    page = browser.new_context().new_page()  # a context per person: separate sessions
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def test_flag_review_decide_confirm_report(server, browser):
    errors: list[str] = []
    aru = _reviewer(browser, server, "aru", errors)
    aru.goto(server + "/?lang=en")
    aru.click("nav a[href='/review']")
    assert aru.inner_text("h1") == "Review queue"
    assert "The queue is empty." in aru.inner_text("main")

    aru.fill("form.add-item textarea[name=text]", THREAT)
    aru.fill("form.add-item input[name=context]", "a reply under a news post")
    aru.click("form.add-item button[type=submit]")
    assert "Pending" in aru.inner_text("h1")
    assert aru.inner_text("span.suggested") == "Threat to life or incitement to violence"
    assert aru.locator("blockquote.item-text mark.flag").first.inner_text() == "Убивайте"
    assert "ru.imperative_violence" in aru.inner_text("table.reasons")

    aru.select_option("form.decide-form select[name=outcome]", "threat_to_life")
    aru.fill("form.decide-form textarea[name=note]", "a direct call to kill")
    aru.click("form.decide-form button[type=submit]")
    assert "Awaiting confirmation" in aru.inner_text("h1")
    assert aru.locator("p.awaiting-other").count() == 1  # not by the same reviewer
    item_url = aru.url

    bolat = _reviewer(browser, server, "bolat", errors)
    bolat.goto(server + "/review?lang=en")
    bolat.click("table.review-queue a >> nth=0")
    assert bolat.url.split("?")[0] == item_url.split("?")[0]
    assert "aru" in bolat.inner_text("main")
    bolat.click("form.confirm-form button[type=submit]")
    assert "Violating" in bolat.inner_text("h1")
    assert "a direct call to kill" in bolat.inner_text("ul.decisions")

    bolat.goto(server + "/review/report?lang=en")
    row = bolat.locator("table.report-decided tr[data-category=threat_to_life] td")
    assert row.nth(1).inner_text() == "1"
    assert "ru.imperative_violence (1)" in row.nth(2).inner_text()
    assert row.nth(3).inner_text() == "1.000 (1/1)"
    assert "1" in bolat.inner_text("table.report-agreement tr >> nth=0")
    assert THREAT not in bolat.inner_text("main")
    assert not [e for e in errors if "Content Security Policy" in e]
