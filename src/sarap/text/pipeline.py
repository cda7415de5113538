"""The one text pipeline: normalise → identify the language → tokenise → family keys, for a batch.

Every package calls it: monitoring ingest (and its Spark job), the library, the review queue and the
CLI. Two shapes of the same analysis:
- `analyse_items(texts)` → `Analysis`: what storage needs (normalised text, language, words, family
  keys, and the tokens that make an exact duplicate); no per-token objects, for throughput;
- `analyse_batch(texts)` → `Analysed`: every token with its kind, offsets and keys (for the query
  matcher, highlighting, the CLI); `analysed(text, lang)` gives it for a stored text whose language
  is known, without identifying it again.
Tokens come from sarap.text.fast_tokens (razdel's tokens, found mostly by regular expressions) and
the keys of a word are remembered per language (a collection repeats its vocabulary). Pure functions
of their input plus models loaded once per process, so the same code runs in-process and in Spark.

VERSION names what the pipeline produces. It is stored with every analysed item and document; when
a change alters normalisation, language verdicts, tokens or family keys, raise it, and
`sarap text reindex` re-analyses what an older version analysed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sarap.text import families, fast_tokens, language, normalise, tokens

VERSION = "13.1"
WORD_KINDS = (tokens.WORD, tokens.HASHTAG)
_SIGNED = (tokens.WORD, tokens.NUMBER, tokens.URL, tokens.EMAIL, tokens.HASHTAG, tokens.MENTION)


@dataclass(frozen=True)
class AnalysedToken:
    text: str
    lower: str
    kind: str
    start: int
    end: int
    keys: tuple[str, ...]  # family keys of words and hashtags; empty for the other kinds


@dataclass(frozen=True)
class Analysed:
    """One text after the pipeline. Token offsets refer to `text` (the normalised text)."""

    text: str
    lang: str
    confidence: float
    tokens: tuple[AnalysedToken, ...]

    @property
    def keys(self) -> list[str]:
        return [k for t in self.tokens for k in t.keys]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "lang": self.lang, "confidence": self.confidence,
                "tokens": [{"text": t.text, "kind": t.kind, "start": t.start, "end": t.end,
                            "keys": list(t.keys)} for t in self.tokens]}


@dataclass(frozen=True)
class Analysis:
    """What an analysed item stores."""

    text: str  # normalised
    language: str  # kk, ru, en, mixed or unknown
    words: tuple[str, ...]  # lower-cased words, in order
    keys: frozenset[str]  # family keys of the words and hashtags
    signature: tuple[str, ...] = ()  # words, numbers, URLs, hashtags, mentions and emoji, lower-cased
    numbers: tuple[str, ...] = ()  # the digit runs of words, numbers and hashtags, in order


@lru_cache(maxsize=500_000)
def word_keys(word: str, lang: str) -> tuple[str, ...]:
    """The family keys of a word (sarap.text.families.word_keys), remembered."""
    return families.word_keys(word, lang)


def _token_keys(lower: str, kind: str, lang: str) -> tuple[str, ...]:
    if kind == tokens.WORD:
        return word_keys(lower, lang)
    if kind == tokens.HASHTAG:  # #терроризм belongs to the family of терроризм
        return word_keys(lower[1:].replace("_", "-"), lang)
    return ()


def emoji(text: str) -> list[str]:
    """The pictographs of a text, in order (Unicode category So: emoji, arrows, ✅, 🕹)."""
    return [ch for ch in text if unicodedata.category(ch) == "So"]


def _digits(piece: str) -> list[str]:
    out, run = [], ""
    for ch in piece:
        if ch.isdigit():
            run += ch
        elif run:
            out.append(run)
            run = ""
    return out + [run] if run else out


def item_analysis(text: str, lang: str, keyed: bool = True) -> Analysis:
    """The stored shape of a normalised text in a known language (without family keys when not
    `keyed`: de-duplication needs only the words and numbers)."""
    words: list[str] = []
    keys: set[str] = set()
    signature: list[str] = []
    numbers: list[str] = []
    for piece, kind, _ in fast_tokens.pieces(text):
        lower = piece.lower()
        if kind == tokens.WORD:
            words.append(lower)
        if keyed:
            keys.update(_token_keys(lower, kind, lang))
        if kind in _SIGNED:
            signature.append(lower)
        if kind in (tokens.WORD, tokens.NUMBER, tokens.HASHTAG) and any(ch.isdigit() for ch in piece):
            numbers.extend(_digits(piece))
    signature.extend(emoji(text))
    return Analysis(text, lang, tuple(words), frozenset(keys), tuple(signature), tuple(numbers))


def _identified(texts: Sequence[str]) -> tuple[list[str], list[language.LanguageGuess]]:
    normalised = normalise.normalise_batch(texts)
    return normalised, language.identify_batch(normalised)


def analyse_items(texts: Sequence[str]) -> list[Analysis]:
    """Normalise, identify the language and find the words and family keys of a batch of raw texts."""
    normalised, guesses = _identified(texts)
    return [item_analysis(text, guess.lang) for text, guess in zip(normalised, guesses, strict=True)]


def analysed(text: str, lang: str, offset: int = 0, confidence: float = 1.0) -> Analysed:
    """A normalised text in a known language, token by token (offsets shifted by `offset`)."""
    toks = tuple(AnalysedToken(t, t.lower(), kind, start + offset, start + offset + len(t),
                               _token_keys(t.lower(), kind, lang))
                 for t, kind, start in fast_tokens.pieces(text))
    return Analysed(text, lang, confidence, toks)


def analyse_batch(texts: Sequence[str]) -> list[Analysed]:
    """Per text: the normalised text, its language (kk, ru, en, mixed, unknown) with confidence, the
    tokens (words, numbers, URLs, hashtags, mentions) and each word's family keys."""
    normalised, guesses = _identified(texts)
    return [analysed(text, guess.lang, confidence=guess.confidence)
            for text, guess in zip(normalised, guesses, strict=True)]


def analyse(text: str) -> Analysed:
    return analyse_batch([text])[0]
