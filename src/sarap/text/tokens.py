"""Tokens with their kind and their place in the text (for highlighting).

razdel (rule-based, built for Russian, fine for Kazakh Cyrillic) splits words and punctuation; it
keeps hyphenated words ("іс-қимыл", "әлеуметтік-экономикалық") whole. What razdel would cut apart
and monitoring needs whole (URLs, e-mail addresses, #hashtags, @mentions) is taken out first by one
regular expression, so those become single tokens with their own kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from razdel import tokenize as razdel_tokenize

WORD, NUMBER, URL, EMAIL, HASHTAG, MENTION, PUNCT = (
    "word", "number", "url", "email", "hashtag", "mention", "punct")

_SPECIAL = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"«»]+[^\s<>\"«».,;:!?)\]])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<hashtag>(?<![\w#])#\w+)"
    r"|(?P<mention>(?<![\w@])@\w+)", re.UNICODE)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,:/-]\d+)*%?$")
_HAS_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """One token: its text as written, lower-cased form, kind and [start, end) offsets in the text."""

    text: str
    lower: str
    kind: str
    start: int
    end: int


def _kind(text: str) -> str:
    if _HAS_LETTER.search(text):
        return WORD
    if _NUMBER.match(text):
        return NUMBER
    if any(ch.isdigit() for ch in text):
        return NUMBER
    return PUNCT


def _plain(text: str, offset: int) -> list[Token]:
    return [Token(t.text, t.text.lower(), _kind(t.text), offset + t.start, offset + t.stop)
            for t in razdel_tokenize(text)]


def tokenise(text: str, keep_punct: bool = False) -> list[Token]:
    """The tokens of one (normalised) text, in order; punctuation only when asked for."""
    tokens: list[Token] = []
    pos = 0
    for match in _SPECIAL.finditer(text):
        tokens.extend(_plain(text[pos:match.start()], pos))
        kind = match.lastgroup or URL
        tokens.append(Token(match.group(0), match.group(0).lower(), kind, match.start(), match.end()))
        pos = match.end()
    tokens.extend(_plain(text[pos:], pos))
    if keep_punct:
        return tokens
    return [t for t in tokens if t.kind != PUNCT]


def tokenise_batch(texts: Iterable[str], keep_punct: bool = False) -> list[list[Token]]:
    return [tokenise(t, keep_punct) for t in texts]


def words(text: str) -> list[str]:
    """Lower-cased word tokens only: what stemmers and families work on."""
    return [t.lower for t in tokenise(text) if t.kind == WORD]
