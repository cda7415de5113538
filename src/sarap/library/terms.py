"""Words and their family keys: the one place where the library calls the text pipeline.

A family key groups the inflected and derived forms of one word: Kazakh through our stemmer
(терроризмге, терроризмнің, террористік → террор), Russian through pymorphy3's lemma
(терроризма → терроризм), English through a light suffix stripper. Search, indexing and content
analysis all go through `words()` and `family_key()`, so that a change of the pipeline (e.g. a
`family_key` in sarap.text) is one edit here, after which `sarap library reindex` rebuilds the keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sarap.text import kazakh
from sarap.text.normalise import KAZAKH_LETTERS, normalise
from sarap.text.tokens import WORD, tokenise

LANGS = ("kk", "ru", "en")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_EN_SUFFIXES = ("ations", "ation", "ists", "isms", "ings", "ing", "ies", "ist", "ism", "ed", "es", "s")


@dataclass(frozen=True)
class Word:
    """A word of a text: as written, lower-cased, its [start, end) offsets and its family key."""

    text: str
    lower: str
    start: int
    end: int
    key: str


@cache
def _morph() -> Any:
    import pymorphy3  # loaded on first use: its dictionaries take a moment

    return pymorphy3.MorphAnalyzer()


def _english(word: str) -> str:
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix == "ies" else stem
    return word


@lru_cache(maxsize=200_000)
def family_key(word: str, lang: str) -> str:
    """The key shared by a word's family in one language (lower-case, letters and digits only)."""
    word = word.lower().replace("ё", "е")
    if lang == "kk":
        key = kazakh.stem(word)
    elif lang == "ru" and _CYRILLIC.search(word):
        key = str(_morph().parse(word)[0].normal_form).replace("ё", "е")
    elif lang == "en" and _LATIN.search(word):
        key = _english(word)
    else:
        key = word
    return index_token(key)


def index_token(key: str) -> str:
    """What full-text engines store for a key: letters and digits only, so that SQLite's and
    PostgreSQL's tokenisers both read it as one token (іс-қимыл → ісқимыл)."""
    return "".join(ch for ch in key if ch.isalnum())


def query_languages(word: str) -> tuple[str, ...]:
    """The languages a query word may be in, by its letters: Kazakh letters mean Kazakh, Latin
    letters English, other Cyrillic Kazakh or Russian (legal Kazakh is full of Russian loans)."""
    if _LATIN.search(word) and not _CYRILLIC.search(word):
        return ("en",)
    if any(ch in KAZAKH_LETTERS for ch in word):
        return ("kk",)
    return ("kk", "ru")


def keys_for_query(word: str, langs: tuple[str, ...] | None = None) -> frozenset[str]:
    """Every family key a query word may stand for (one per language it may be in)."""
    wanted = query_languages(word) if langs is None else langs
    return frozenset(k for k in (family_key(word, lang) for lang in wanted) if k)


def clean(text: str) -> str:
    """The normalised text every other function expects (NFC, Kazakh letters repaired)."""
    return normalise(text)


def words(text: str, lang: str) -> list[Word]:
    """The words of a normalised text with their offsets and family keys in the given language."""
    out = []
    for token in tokenise(text):
        if token.kind != WORD:
            continue
        key = family_key(token.lower, lang if lang in LANGS else "kk")
        if key:
            out.append(Word(token.text, token.lower, token.start, token.end, key))
    return out


def key_string(text: str, lang: str) -> str:
    """The family keys of a text's words, in order, one space apart: what the index stores."""
    return " ".join(w.key for w in words(text, lang))
