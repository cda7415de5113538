"""Which language a text is in: Kazakh, Russian or English, or "mixed", or "unknown".

The statistical part is lingua (n-gram models, offline, restricted to the three languages so that
it never answers Ukrainian or Tatar). Around it, rules for what statistics get wrong on our texts:
- too short a text (under MIN_LETTERS letters, or a single word) is "unknown": a lone "терроризм"
  is as Kazakh as it is Russian. A word with a Kazakh-only letter (ә ғ қ ң ө ұ ү һ і) is the one
  exception: it is Kazakh even when short.
- Kazakh-only letters are evidence lingua weighs too little on short, loan-heavy texts (legal Kazakh
  is full of Russian loanwords): when at least KAZAKH_LETTER_SHARE of the Cyrillic words carry one,
  the text is Kazakh. Russian text has them only in Kazakh proper names.
- a text with a real share of both Latin and Cyrillic words is "mixed"; so is one where lingua's two
  best languages are both plausible and neither is confident.
Texts are expected normalised (sarap.text.normalise) first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sarap.text.normalise import KAZAKH_LETTERS

LANGUAGES = ("kk", "ru", "en")
MIXED = "mixed"
UNKNOWN = "unknown"

MIN_LETTERS = 12
CONFIDENCE = 0.7  # lingua's top language must reach this, otherwise "mixed" or "unknown"
SECOND_PLAUSIBLE = 0.25  # both best languages at least this and neither confident: "mixed"
KAZAKH_LETTER_SHARE = 0.2
SURELY_KAZAKH = 0.3  # from this share on, lingua is not asked
SCRIPT_SHARE = 0.25  # each script's share of words for a "mixed" verdict

_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|\d+", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CODES = {"KAZAKH": "kk", "RUSSIAN": "ru", "ENGLISH": "en"}


@dataclass(frozen=True)
class LanguageGuess:
    """The verdict, how sure it is (0..1), and the evidence: lingua's values and the letter counts."""

    lang: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)
    reason: str = ""


@lru_cache(maxsize=1)
def detector() -> Any:
    """Built once per process: building and the first use load the n-gram models."""
    from lingua import Language, LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_languages(Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH)
            .with_preloaded_language_models().build())


def _scores(values: Iterable[Any]) -> dict[str, float]:
    return {_CODES[v.language.name]: round(float(v.value), 4) for v in values}


@dataclass(frozen=True)
class _Evidence:
    letters: int
    words: int
    latin_words: int
    cyrillic_words: int
    kazakh_words: int


def _evidence(text: str) -> _Evidence:
    words = _WORD.findall(_NOISE.sub(" ", text))
    cyrillic = [w for w in words if _CYRILLIC.search(w)]
    kazakh = sum(1 for w in cyrillic if any(ch in KAZAKH_LETTERS for ch in w))
    return _Evidence(letters=sum(map(len, words)), words=len(words), latin_words=len(words) - len(cyrillic),
                     cyrillic_words=len(cyrillic), kazakh_words=kazakh)


def _kazakh_share(ev: _Evidence) -> float:
    return ev.kazakh_words / ev.cyrillic_words if ev.cyrillic_words else 0.0


def _by_rules(ev: _Evidence) -> LanguageGuess | None:
    """The verdicts that need no statistics."""
    if ev.words == 0:
        return LanguageGuess(UNKNOWN, 0.0, reason="no words")
    latin_share = ev.latin_words / ev.words
    if ev.words >= 4 and SCRIPT_SHARE <= latin_share <= 1 - SCRIPT_SHARE:
        return LanguageGuess(MIXED, round(min(latin_share, 1 - latin_share) * 2, 4),
                             reason="Latin and Cyrillic words")
    if _kazakh_share(ev) >= SURELY_KAZAKH or (ev.kazakh_words and ev.words < 2):
        return LanguageGuess("kk", round(min(1.0, 0.6 + _kazakh_share(ev)), 4), reason="Kazakh letters")
    if ev.letters < MIN_LETTERS or ev.words < 2:
        return LanguageGuess(UNKNOWN, 0.0, reason="too short")
    return None


def _by_scores(scores: dict[str, float], ev: _Evidence) -> LanguageGuess:
    if _kazakh_share(ev) >= KAZAKH_LETTER_SHARE:
        # Kazakh letters in a good share of words: Kazakh, unless the rest reads as Russian.
        if scores.get("ru", 0.0) >= 0.5:
            return LanguageGuess(MIXED, scores["ru"], scores, reason="Kazakh letters in Russian text")
        return LanguageGuess("kk", round(max(scores.get("kk", 0.0), 0.6 + _kazakh_share(ev)), 4), scores,
                             reason="Kazakh letters")
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= CONFIDENCE:
        return LanguageGuess(best, top, scores, reason="n-gram model")
    if second >= SECOND_PLAUSIBLE:
        return LanguageGuess(MIXED, top, scores, reason="two languages plausible")
    return LanguageGuess(UNKNOWN, top, scores, reason="no language confident")


def identify(text: str) -> LanguageGuess:
    """The language of one normalised text (see the module docstring for the rules)."""
    return identify_batch([text])[0]


def identify_batch(texts: Sequence[str]) -> list[LanguageGuess]:
    """Rules first; lingua only for the texts the rules leave open, all of them in one parallel call."""
    evidence = [_evidence(t) for t in texts]
    guesses: list[LanguageGuess | None] = [_by_rules(ev) for ev in evidence]
    open_idx = [i for i, g in enumerate(guesses) if g is None]
    if open_idx:
        values = detector().compute_language_confidence_values_in_parallel([texts[i] for i in open_idx])
        for i, vals in zip(open_idx, values, strict=True):
            guesses[i] = _by_scores(_scores(vals), evidence[i])
    return [g for g in guesses if g is not None]
