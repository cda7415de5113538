"""Russian lemmas (pymorphy3 with the OpenCorpora dictionary, offline) and the lemma-stem that groups
a word family: the lemma without the endings and suffixes that make adjectives and abstract nouns
of one root (террористический → террорист, безопасность/безопасный → безопасн) and without the loan
suffixes -изм/-ист (терроризм, террорист → террор), the same rule as the Kazakh stemmer's.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

MIN_STEM = 4


@lru_cache(maxsize=1)
def analyser() -> Any:
    """Built once per process (it maps the dictionary files)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of the most probable reading (террористы → террорист)."""
    word = word.lower().replace("ё", "е")
    if not word.isalpha():
        return word
    return str(analyser().parse(word)[0].normal_form).replace("ё", "е")


def lemma_batch(words: Iterable[str]) -> list[str]:
    return [lemma(w) for w in words]


# Longest first. Adjective endings with their derivational suffixes, abstract-noun suffixes, then
# the bare inflection the lemma keeps (-ый, -ий, -ой, -а, -о, -е, -ь, -я).
_DERIVATIONAL = ("ственный", "ственная", "ственное", "ическая", "ический", "ическое", "ческий", "ческое",
                 "ческая", "ский", "ская", "ское",
                 "ность", "енный", "енная", "енное", "онный", "онная", "ный", "ная", "ное", "ость",
                 "ство", "ый", "ий", "ой", "ая", "ое", "ие", "ия", "ь", "а", "о", "е", "я", "и", "ы")
_LOAN = ("изм", "ист")
_KEEP = frozenset({"журналист", "специалист", "турист", "механизм", "организм", "туризм", "министр"})


@lru_cache(maxsize=200_000)
def family_stem(word: str) -> str:
    """The key of a Russian word's family: its lemma, shortened as the module docstring says."""
    base = lemma(word)
    if not base.isalpha() or base in _KEEP:
        return base
    for suffix in _DERIVATIONAL:
        if base.endswith(suffix) and len(base) - len(suffix) >= MIN_STEM:
            base = base[:-len(suffix)]
            break
    base = base.removesuffix("ь")  # радикаль(ный) → радикал, as Kazakh радикал(ды)
    if base in _KEEP:
        return base
    for suffix in _LOAN:
        if base.endswith(suffix) and len(base) - len(suffix) >= MIN_STEM:
            return base[:-len(suffix)]
    return base
