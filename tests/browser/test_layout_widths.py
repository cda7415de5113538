"""The layout holds in headless Chromium at 360, 768, 1366 and 1920 px in Kazakh, Russian and
English, logged in: no page scrolls sideways, and from 1366 px up the header is one line. A
screenshot of each page at each width is written to the test's folder (for a person to look at)."""

from __future__ import annotations

import pytest
from live_server import live

from sarap.auth import users
from sarap.events import seed as events_seed
from sarap.monitor import demo
from sarap.web.app import create_app

PASSWORD = "correct horse battery"
WIDTHS = (360, 768, 1366, 1920)
PAGES = ("/", "/events", "/monitor", "/report/situation?region=ATY&from=2011-01-01&to=2012-12-31",
         "/registry", "/library")
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# the header's direct children laid out on one row: all their tops within a few pixels
ONE_LINE = """() => { const tops = [...document.querySelector('header').children]
  .map(e => e.getBoundingClientRect().top); return Math.max(...tops) - Math.min(...tops); }"""


@pytest.fixture
def server(db, tmp_path):
    events_seed.load(db, "dissertation-2025")
    with db.session() as s:
        users.create_user(s, "aigerim_longname", "atc", "editor", actor="t", password=PASSWORD)
    demo.load(db, tmp_path / "data", actor="t", n=60)
    with live(create_app(db, secret="browser-test", data_dir=tmp_path / "data")) as url:
        yield url


def test_no_sideways_scroll_and_a_one_line_header_on_desktops(server, browser, tmp_path):
    page = browser.new_page()
    page.goto(server + "/login")
    page.fill("input[name=username]", "aigerim_longname")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    failures = []
    for lang in ("kk", "ru", "en"):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in PAGES:
                page.goto(f"{server}{path}{'&' if '?' in path else '?'}lang={lang}")
                if (extra := page.evaluate(OVERFLOW)) > 1:
                    failures.append(f"{lang} {width}px {path}: {extra}px sideways")
                if width >= 1366 and (spread := page.evaluate(ONE_LINE)) > 4:
                    failures.append(f"{lang} {width}px {path}: header on two lines ({spread}px)")
                name = path.strip("/").split("?")[0].replace("/", "-") or "dashboard"
                page.screenshot(path=str(tmp_path / f"{lang}-{width}-{name}.png"))
    assert not failures, failures
