"""The library in a real headless Chromium (Debian's, driven by Playwright): search for a Kazakh
word family, open the decree from a marked result, see its 4 chapters in the outline, follow the
outline, and open the concept counts with their chart (served as a file, allowed by the CSP)."""

from __future__ import annotations

import pytest
from live_server import live

from sarap.events import seed as events_seed
from sarap.library import seed
from sarap.web.app import create_app


@pytest.fixture
def server(db):
    events_seed.load(db, "dissertation-2025")
    with db.session() as s:
        seed.load(s, author="t")
    with live(create_app(db, secret="browser-test")) as url:
        yield url


def test_search_open_the_decree_and_its_concepts(server, page):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server + "/?lang=en")
    page.click("header nav >> text=Library")
    page.fill("input[name=q]", "терроризм")
    page.select_option("select[name=kind]", "decree")
    page.click("form.library-search button[type=submit]")
    assert page.inner_text("#found") == "Units found: 28"
    first = page.locator("li.hit").first
    assert "терроризмге" in [m.lower() for m in first.locator("mark").all_inner_texts()]

    first.locator("a").first.click()
    assert page.url.endswith("/library/decree-1404?unit=item%2012#unit-item-12")
    chapters = page.locator("nav.outline a[href^='#unit-chapter-']")
    assert chapters.all_inner_texts() == ["chapter 1", "chapter 2", "chapter 3", "chapter 4"]
    assert page.locator("nav.outline a[href^='#unit-item-']").count() >= 23
    page.click("nav.outline a[href='#unit-chapter-2']")
    assert page.url.endswith("#unit-chapter-2")
    assert "Терроризм профилактикасының тәртібі" in page.inner_text("#unit-chapter-2")

    page.click("text=Content analysis")
    assert page.inner_text("#concept-terrorism .total") == "89"
    page.wait_for_load_state("load")
    width = page.eval_on_selector("figure.chart img", "img => img.complete ? img.naturalWidth : 0")
    assert width > 0  # the SVG chart loaded: a file from the same origin, as the CSP allows
    assert page.inner_text("#kwic-count") == "89"
    assert not [e for e in errors if "Content Security Policy" in e]
