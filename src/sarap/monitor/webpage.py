"""Title, publication time and main text of a web page, through trafilatura (offline).

trafilatura finds the article on news layouts where a comment thread or a sidebar is longer than
the article. The publication time is read first from the page's own metadata (JSON-LD
`datePublished`, `article:published_time`, `<time datetime>`), which keeps the time of day and
the offset; trafilatura's date (a day) is the fallback. The language is the page's `<html lang>`:
the text pipeline identifies it again from the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import Any

import trafilatura

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div|pre)>|<br\s*/?>", re.IGNORECASE)
_HTML_LANG = re.compile(r"<html\b[^>]*\blang=[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_JSON_LD = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"([a-zA-Z:_-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_TIME = re.compile(r"<time\b[^>]*\bdatetime=[\"']([^\"']+)", re.IGNORECASE)
_META_DATES = ("article:published_time", "datepublished", "dc.date", "date")


@dataclass
class Page:
    title: str | None
    text: str
    published: datetime | None
    language: str | None


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _json_ld_nodes(html: str) -> Iterator[dict[str, Any]]:
    for block in _JSON_LD.findall(html):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                yield node
                stack.extend(v for k, v in node.items() if k == "@graph")


def _meta(html: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in _META.findall(html):
        attrs = {k.lower(): unescape(v[1:-1]) for k, v in _ATTR.findall(tag)}
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if key and "content" in attrs:
            found.setdefault(key.lower(), attrs["content"])
    return found


def _published(html: str, fallback: str | None) -> datetime | None:
    for node in _json_ld_nodes(html):
        value = node.get("datePublished")
        if isinstance(value, str) and (when := _iso(value)):
            return when
    meta = _meta(html)
    candidates = [meta.get(key) for key in _META_DATES] + _TIME.findall(html)[:1] + [fallback]
    for value in candidates:
        if value and (when := _iso(value)):
            return when
    return None


def extract(html: str) -> Page:
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = getattr(doc, "title", None) if doc is not None else None
    day = getattr(doc, "date", None) if doc is not None else None
    lang = _HTML_LANG.search(html)
    return Page(title=title or None, text=text, published=_published(html, day),
                language=lang.group(1).lower() if lang else None)


def plain_text(fragment: str) -> str:
    """The whole text of an HTML fragment (a feed entry's content, which is all article): tags
    dropped, paragraphs kept apart, spacing folded."""
    parts = _BLOCK_END.split(fragment)
    paragraphs = (_SPACE.sub(" ", unescape(_TAG.sub("", part))).strip() for part in parts)
    return "\n\n".join(p for p in paragraphs if p)
