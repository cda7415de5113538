"""What a reader sees of a page, and what on it is not in the page's language: message ids left
untranslated, codes shown where a label exists, a literal "None", and on Kazakh and Russian pages
English words in Latin script (proper names, codes and formats aside). Used by the i18n test.

Left out of the check: <script>, <style>, <code>, <pre> (queries, commands), elements marked with
another language (lang="en" on a quoted title) or translate="no" (user content such as an event's
summary as its source wrote it), and link targets."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIPPED = {"script", "style", "code", "pre", "textarea"}
VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base", "embed",
        "param", "track", "rect", "circle", "line", "path", "polyline"}
# Proper names, acronyms, formats and units a Kazakh or Russian page may write in Latin script.
ALLOWED = {
    "sarap", "utc", "csv", "xlsx", "jsonl", "json", "pdf", "docx", "html", "svg", "png", "yaml", "rss",
    "atom", "url", "api", "id", "telegram", "facebook", "instagram", "vk", "youtube", "whatsapp",
    "youscan", "gtd", "acled", "gti", "start", "iso", "yyyy", "mm", "dd", "kk", "ru", "en", "kaz",
    "tengrinews", "mae", "crps", "mase", "poisson", "negbin", "krippendorff", "alpha", "cohen", "kappa",
    "nb", "http", "https", "www", "tf", "idf", "kwic", "ngram", "lda", "ok", "hh", "smtp", "ip", "get",
    "post", "excel", "word", "libreoffice", "unicode", "utf", "cp", "or", "and", "not", "near", "ai",
    "google", "trends", "desktop", "zoom", "scopus", "twitter", "tiktok", "phd", "egov",
}
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # a message id or a coded value (killed_civilians)
LATIN_WORD = re.compile(r"(?<![\w@./:-])[A-Za-z]{2,}(?![\w@/:-]|\.[a-z])")  # not in a path or file name


class _Text(HTMLParser):
    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang, self.stack, self.parts = lang, [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        values = dict(attrs)
        other = values.get("lang") not in (None, self.lang) or values.get("translate") == "no"
        self.stack.append(tag in SKIPPED or other or bool(self.stack and self.stack[-1]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str, lang: str) -> str:
    parser = _Text(lang)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def problems(html: str, lang: str) -> list[str]:
    text = visible_text(html, lang)
    found = [f"code or message id {m!r}" for m in sorted(set(CODE.findall(text)))]
    if re.search(r"\bNone\b", text):
        found.append("a literal None")
    if lang in ("kk", "ru"):
        words = {w for w in LATIN_WORD.findall(text) if w.lower() not in ALLOWED and not w.isupper()}
        found += [f"Latin-script word {w!r}" for w in sorted(words)]
    return found
