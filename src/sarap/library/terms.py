"""Words and their family keys: the one place where the library calls the text pipeline.

A family key groups the inflected and derived forms of one word (sarap.text.families): Kazakh
through our stemmer (терроризмге, терроризмнің, террористік → террор), Russian through pymorphy3's
lemma and the loan suffixes (терроризма, террористы → террор), English through a light stemmer.
Each word has its main key (what content analysis counts) and, for a hyphenated compound, the keys
of its parts too (what search indexes, so that «қимыл» finds «іс-қимыл»). Indexing and content
analysis go through `words()`, search through `keys_for_query()` (the index) and `analysed()` (the
text sarap.text.query's matcher reads); after a change of the pipeline, `sarap library reindex`
rebuilds the stored keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sarap.text import families, fast_tokens
from sarap.text.normalise import normalise
from sarap.text.pipeline import Analysed, AnalysedToken
from sarap.text.tokens import HASHTAG, NUMBER, WORD, tokenise

LANGS = ("kk", "ru", "en")


@dataclass(frozen=True)
class Word:
    """A word of a text: as written, lower-cased, its [start, end) offsets, its main family key
    and all its keys (the main one first)."""

    text: str
    lower: str
    start: int
    end: int
    key: str
    keys: tuple[str, ...] = ()


def index_token(key: str) -> str:
    """What full-text engines store for a key: letters and digits only, so that SQLite's and
    PostgreSQL's tokenisers both read it as one token (іс-қимыл → ісқимыл)."""
    return "".join(ch for ch in key if ch.isalnum())


@lru_cache(maxsize=200_000)
def family_key(word: str, lang: str) -> str:
    """The main key of a word's family in one language, as the index stores it."""
    return index_token(families.family_key(word, lang if lang in LANGS else "kk"))


@lru_cache(maxsize=200_000)
def _word_keys(word: str, lang: str) -> tuple[str, ...]:
    keys = [index_token(k) for k in families.word_keys(word, lang)]
    return tuple(dict.fromkeys(k for k in keys if k))


def keys_for_query(word: str, lang: str | None = None) -> frozenset[str]:
    """The keys a query word stands for: its main family key in the given language, or (none
    given) as Kazakh and Russian for a Cyrillic word and as English for a Latin one. A compound in
    a query means the compound («оқу-жаттығулар»), not any word sharing a part (оқ-дәрі)."""
    word = word.lower()
    langs = families.word_languages(word, lang or "unknown")
    return frozenset(k for k in (family_key(word, one) for one in langs) if k)


def clean(text: str) -> str:
    """The normalised text every other function expects (NFC, Kazakh letters repaired)."""
    return normalise(text)


def words(text: str, lang: str) -> list[Word]:
    """The words of a normalised text with their offsets and family keys in the given language."""
    out = []
    for token in tokenise(text):
        if token.kind != WORD:
            continue
        keys = _word_keys(token.lower, lang if lang in LANGS else "unknown")
        if keys:
            out.append(Word(token.text, token.lower, token.start, token.end, keys[0], keys))
    return out


@lru_cache(maxsize=200_000)
def _raw_keys(word: str, lang: str) -> tuple[str, ...]:
    return families.word_keys(word, lang)


def analysed(text: str, lang: str, offset: int = 0) -> Analysed:
    """A normalised text as sarap.text.query's matcher reads it: words (keyed in the document's
    language, like the index), numbers and hashtags, offsets shifted by `offset`."""
    lang = lang if lang in LANGS else "unknown"
    out = []
    for piece, kind, start in fast_tokens.pieces(text):  # tokenise()'s tokens, several times faster
        lower = piece.lower()
        if kind == WORD:
            keys = _raw_keys(lower, lang)
        elif kind == HASHTAG:
            keys = _raw_keys(lower[1:].replace("_", "-"), lang)
        elif kind == NUMBER:
            keys = ()
        else:
            continue
        out.append(AnalysedToken(piece, lower, kind, start + offset, start + offset + len(piece), keys))
    return Analysed(text, lang, 1.0, tuple(out))
