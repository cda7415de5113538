"""A light English stemmer of our own (a few Porter steps): enough to put "terrorism", "terrorists"
and "terrorist" into one family, without NLTK. Plural and verb endings go, then the derivational
suffixes that keep the root (-ism, -ist, -ic, -al, -ity, -ment, -ness, -ly)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

MIN_STEM = 3
_INFLECTIONS = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_DERIVATIONS = ("isation", "ization", "ise", "ize", "istic", "ically", "ical", "ism", "ist", "ity", "ment",
                "ness", "ation", "ic", "al", "ly")
_NEVER = ("ss", "us", "is")  # "class", "bus", "this" keep their s


def _strip(word: str, suffix: str, replacement: str = "") -> str | None:
    if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
        return word[:-len(suffix)] + replacement
    return None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    word = word.lower()
    if not word.isalpha():
        return word
    if not word.endswith(_NEVER):
        for suffix, replacement in _INFLECTIONS:
            found = _strip(word, suffix, replacement)
            if found:
                word = found
                # undouble: "stopped" → "stopp" → "stop"
                doubled = len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz"
                if suffix in ("ing", "ed") and doubled:
                    word = word[:-1]
                break
    for _ in range(2):  # radicalisation → radical → radic
        for suffix in _DERIVATIONS:
            found = _strip(word, suffix)
            if found:
                word = found
                break
        else:
            break
    return word


def stem_batch(words: Iterable[str]) -> list[str]:
    return [stem(w) for w in words]
