"""RSS 2.0 and Atom feeds, and single web pages, fetched over HTTP with conditional requests.

A feed is asked with If-None-Match (the ETag it last sent) and If-Modified-Since (its last
Last-Modified); 304 Not Modified means nothing new and nothing is parsed. feedparser reads both
RSS and Atom. Items without an id use their link; summaries and content are HTML, turned to text.
"""

from __future__ import annotations

import calendar
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from typing import Any

import feedparser

from sarap.core.errors import InvalidInput, Problem
from sarap.monitor import webpage
from sarap.monitor.records import RawItem

TIMEOUT_S = 30
USER_AGENT = "Sarap-monitor/1 (offline research; +https://example.invalid/sarap)"


@dataclass
class Fetched:
    status: int  # 200, or 304 when nothing changed
    body: bytes
    etag: str | None
    last_modified: str | None


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            return Fetched(response.status, response.read(), response.headers.get("ETag"),
                           response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304, b"", etag, last_modified)
        raise InvalidInput([Problem(f"the server answered {exc.code} {exc.reason}", file=url,
                                    expected="200 or 304")]) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InvalidInput([Problem(f"could not reach it: {reason}", file=url)]) from None


def _text(html: str) -> str:
    return webpage.plain_text(html) if "<" in html else unescape(html).strip()


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def parse_feed(body: bytes, url: str, *, fetched_at: datetime | None = None) -> list[RawItem]:
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        raise InvalidInput([Problem(f"not an RSS or Atom feed: {parsed.get('bozo_exception')}", file=url,
                                    expected="RSS 2.0 or Atom XML")])
    outlet = parsed.feed.get("title")
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content") or []
        html = content[0].get("value", "") if content else entry.get("summary", "")
        text = _text(html or "")
        title = entry.get("title")
        if not text and not title:
            continue
        published = _when(entry)
        extra: dict[str, Any] = {"entry": number}
        if published is None:
            published, extra["date"] = fetched_at or datetime.now(UTC), "missing: time of collection used"
        items.append(RawItem(
            text=text or title or "", title=title, published=published,
            external_id=entry.get("id") or entry.get("link"), url=entry.get("link"),
            author=entry.get("author") or outlet, language=entry.get("language"), extra=extra))
    return items


def parse_page(body: bytes, url: str, *, fetched_at: datetime | None = None) -> list[RawItem]:
    html = body.decode("utf-8", errors="replace")
    page = webpage.extract(html)
    if not page.text:
        raise InvalidInput([Problem("no main text found in the page", file=url,
                                    expected="an HTML page with paragraphs of text")])
    published = page.published or fetched_at or datetime.now(UTC)
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return [RawItem(text=page.text, title=page.title, published=published, external_id=url, url=url,
                    language=page.language)]
