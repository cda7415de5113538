"""The interview study page in a real headless Chromium: the guide, the respondents, the theme chart
and the agreement table; an editor codes a passage and sees it under the answer."""

import pytest
from live_server import live

from sarap.auth import users
from sarap.survey.example import load_example
from sarap.survey.store import study_named
from sarap.web.app import create_app

PASSWORD = "correct horse battery"
SLUG = "dissertation-2025-interviews"


@pytest.fixture
def server(db):
    with db.session() as s:
        load_example(s, author="t")
        study_named(s, SLUG).agency = "atc"  # the shipped study is the system's: coded in one's own
        users.create_user(s, "aigerim", "atc", "editor", actor="t", password=PASSWORD)
    with live(create_app(db, secret="browser-test")) as url:
        yield url


def test_study_page_and_coding_a_passage(server, page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/survey?lang=en")
    page.click(f"a[href='/survey/{SLUG}']")
    assert page.inner_text("h1") == "In-depth expert interviews (dissertation, Appendix Ә)"
    assert page.locator("table.respondents tbody tr").count() == 20
    assert page.locator("div.chart svg rect").count() == 16  # one bar per coded leaf theme
    assert page.inner_text("table.agreement tbody tr >> nth=0").split("\t")[2] == "0.804"
    assert "demonstration by the Sarap team" in page.inner_text("p.demo-coding")

    page.select_option("select[name=by]", "sector")
    page.select_option("select[name=coder]", "sarap-demo-a")
    page.click("form.filters button[type=submit]")
    assert "by=sector" in page.url
    assert page.locator("table.frequencies th >> nth=0").inner_text() == "Sector"

    page.goto(server + "/login")
    page.fill("input[name=username]", "aigerim")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(server + f"/survey/{SLUG}?lang=en")
    page.click("#answers a:text('Code a passage') >> nth=0")
    page.fill("textarea[name=passage]", "no such words")
    page.click("form.coding-form button[type=submit]")
    assert "exactly once" in page.inner_text("#error-passage")
    page.fill("textarea[name=passage]", "интернеттің жасырын ұяшықтарында")
    page.select_option("select[name=theme]", "threats.online")
    page.click("form.coding-form button[type=submit]")
    assert "(aigerim)" in page.inner_text("article.answer >> nth=0")
    assert not [e for e in errors if "Content Security Policy" in e]
