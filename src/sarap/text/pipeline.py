"""The whole pipeline for a batch of texts: normalise → identify the language → tokenise → family
keys. Pure functions of their input (plus models loaded once per process), so the same code runs
in-process and inside Spark's mapInArrow on each Arrow batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sarap.text import families, language, normalise, tokens


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


def _keyed(token: tokens.Token, lang: str) -> AnalysedToken:
    if token.kind == tokens.WORD:
        keys = families.word_keys(token.lower, lang)
    elif token.kind == tokens.HASHTAG:  # #терроризм belongs to the family of терроризм
        keys = families.word_keys(token.lower[1:].replace("_", "-"), lang)
    else:
        keys = ()
    return AnalysedToken(token.text, token.lower, token.kind, token.start, token.end, keys)


def analyse_batch(texts: Sequence[str]) -> list[Analysed]:
    """Per text: the normalised text, its language (kk, ru, en, mixed, unknown) with confidence, the
    tokens (words, numbers, URLs, hashtags, mentions) and each word's family keys."""
    normalised = normalise.normalise_batch(texts)
    guesses = language.identify_batch(normalised)
    out = []
    for text, guess in zip(normalised, guesses, strict=True):
        toks = tuple(_keyed(t, guess.lang) for t in tokens.tokenise(text))
        out.append(Analysed(text, guess.lang, guess.confidence, toks))
    return out


def analyse(text: str) -> Analysed:
    return analyse_batch([text])[0]
