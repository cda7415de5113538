"""Every page of the app, reached by following its own links from the dashboard (plus the pages
behind forms), read in Kazakh, Russian and English by an administrator on a database with the
shipped data and the monitoring demonstration corpus: no message id, no code where a label
exists, no literal None, and on Kazakh and Russian pages no English word in Latin script outside
the allow-list (tests/web/page_text.py)."""

from __future__ import annotations

import re
import warnings
from collections import Counter

from page_text import problems

from app_client import PASSWORD, login
from sarap.auth import users
from sarap.events import seed as events_seed
from sarap.library import seed as library_seed
from sarap.monitor import demo
from sarap.registry import decree, exercises
from sarap.survey import example
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

START = ["/", "/login", "/monitor/sources/new", "/report/situation",
         "/report/situation?region=ATY&from=2011-01-01&to=2012-12-31", "/account/password"]
FILES = re.compile(r"\.(csv|xlsx|jsonl|pdf|docx|html|png|svg|json)(\?|$)|^/static|^/api|logout|lang=")


def _pattern(path: str) -> str:
    """One page per route: ids and slugs stand for any."""
    bare = re.sub(r"/\d+", "/{id}", path.split("?")[0])
    return re.sub(r"^/(library|survey|studies)/[^/]+", r"/\1/{slug}", bare)


def _pages(client: TestClient) -> list[str]:
    queue, seen, kinds, pages = list(START), set(), Counter(), []
    while queue:
        url = queue.pop(0)
        if url in seen or kinds[_pattern(url)]:
            continue
        seen.add(url)
        response = client.get(url, follow_redirects=False)
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        kinds[_pattern(url)] += 1
        pages.append(url)
        queue += [h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"#]*)"', response.text)
                  if not FILES.search(h.replace("&amp;", "&"))]
    return pages


def test_every_page_in_kazakh_russian_and_english(db, tmp_path):
    events_seed.load(db, "dissertation-2025")
    with db.session() as s:
        library_seed.load(s, author="t")
        decree.load(s, author="t")
        exercises.load_examples(s, author="t")
        example.load_example(s, author="t")
        users.create_user(s, "boss", "sarap", "admin", actor="t", password=PASSWORD)
    demo.load(db, tmp_path / "data", actor="t", n=150)
    app = create_app(db, secret="t", data_dir=tmp_path / "data")
    client = TestClient(app)
    login(client, "boss")
    pages = _pages(client)
    assert len(pages) >= 20 and "/monitor" in pages and any(p.startswith("/events/") for p in pages)
    found = {}
    for lang in ("kk", "ru", "en"):
        for url in pages:
            page = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
            assert page.status_code == 200, url
            if wrong := problems(page.text, lang):
                found[f"{lang} {url}"] = wrong
    assert not found, found
