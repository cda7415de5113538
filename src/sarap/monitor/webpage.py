"""Main text of a web page, readability-style, over the standard library's html.parser.

Script, style, navigation, header, footer, aside, forms and the like are dropped. The text left is
cut into paragraphs (p, li, headings, blockquote, pre, and loose text inside containers). Each
paragraph of at least MIN_PARAGRAPH characters credits its length, less the characters inside links,
to its container and half of it to the container above; the container with the highest score is
the article, and its paragraphs (those of nested containers too) are the main text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

SKIP = frozenset({"script", "style", "nav", "footer", "header", "aside", "noscript", "form",
                  "iframe", "svg", "template", "button", "select", "menu"})
CONTAINERS = frozenset({"body", "div", "article", "section", "main", "td"})
PARAGRAPHS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                        "figcaption", "dd", "dt"})
VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col"})
MIN_PARAGRAPH = 25
_SPACE = re.compile(r"\s+")


@dataclass
class Page:
    title: str | None
    text: str
    published: datetime | None
    language: str | None


@dataclass
class _Para:
    chain: tuple[int, ...]  # ids of the containers it sits in, outermost first
    text: str
    link_chars: int


@dataclass
class _Extractor(HTMLParser):
    stack: list[tuple[str, int | None]] = field(default_factory=list)
    skipping: int = 0
    next_id: int = 0
    buffer: list[str] = field(default_factory=list)
    link_chars: int = 0
    in_link: int = 0
    paragraphs: list[_Para] = field(default_factory=list)
    title_parts: list[str] = field(default_factory=list)
    in_title: bool = False
    meta: dict[str, str] = field(default_factory=dict)
    lang: str | None = None

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def _chain(self) -> tuple[int, ...]:
        return tuple(cid for _, cid in self.stack if cid is not None)

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.buffer)).strip()
        if text:
            self.paragraphs.append(_Para(self._chain(), text, self.link_chars))
        self.buffer, self.link_chars = [], 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html" and values.get("lang"):
            self.lang = values["lang"].split("-")[0].lower()
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop")
            if key and "content" in values:
                self.meta.setdefault(key.lower(), values["content"])
            return
        if tag == "time" and "datetime" in values:
            self.meta.setdefault("time", values["datetime"])
        if tag in VOID:
            if tag == "br":
                self.buffer.append(" ")
            return
        if tag == "title":
            self.in_title = True
        if self.skipping or tag in SKIP:
            self.skipping += 1
            self.stack.append((tag, None))
            return
        if tag in CONTAINERS or tag in PARAGRAPHS:
            self._flush()
        if tag == "a":
            self.in_link += 1
        cid = None
        if tag in CONTAINERS:
            cid = self.next_id
            self.next_id += 1
        self.stack.append((tag, cid))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in VOID or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            open_tag, _ = self.stack[-1]
            if self.skipping:
                self.skipping -= 1
                self.stack.pop()
            else:
                if open_tag in CONTAINERS or open_tag in PARAGRAPHS:
                    self._flush()
                if open_tag == "a":
                    self.in_link = max(0, self.in_link - 1)
                self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skipping:
            return
        self.buffer.append(data)
        if self.in_link:
            self.link_chars += len(data.strip())


def _published(meta: dict[str, str]) -> datetime | None:
    for key in ("article:published_time", "datepublished", "date", "dc.date", "time"):
        value = meta.get(key)
        if value:
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
    return None


def extract(html: str) -> Page:
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    parser._flush()
    scores: dict[int, float] = {}
    for para in parser.paragraphs:
        if len(para.text) < MIN_PARAGRAPH or not para.chain:
            continue
        value = max(0, len(para.text) - 2 * para.link_chars)
        scores[para.chain[-1]] = scores.get(para.chain[-1], 0) + value
        if len(para.chain) > 1:
            scores[para.chain[-2]] = scores.get(para.chain[-2], 0) + value / 2
    best = max(scores, key=lambda c: scores[c]) if scores else None
    kept = [p.text for p in parser.paragraphs
            if best is not None and best in p.chain and p.link_chars < len(p.text) / 2]
    title = parser.meta.get("og:title") or _SPACE.sub(" ", "".join(parser.title_parts)).strip() or None
    return Page(title=title, text="\n\n".join(kept), published=_published(parser.meta),
                language=parser.lang)
