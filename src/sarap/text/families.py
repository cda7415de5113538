"""Word families: the key that groups a word with its relatives, per language, and across languages.

- Kazakh: the stem of sarap.text.kazakh (inflections and the -лық/-лы/-и derivations stripped).
- Russian: the lemma-stem of sarap.text.russian (pymorphy3 lemma, adjective and abstract-noun
  suffixes stripped).
- English: the light stemmer of sarap.text.english.

Both Cyrillic keys strip the loan suffixes -изм/-ист, so an international root gives one key in
Kazakh and Russian alike: терроризмге, терроризммен, террористік (kk) and терроризма, террористы (ru)
all have the key «террор». That is how a family crosses languages: by sharing a root, not through a
dictionary. English keys are Latin and meet only English words (terrorism → terror).

A hyphenated compound has the key of the whole (іс-қимыл) and, as extra keys, those of its parts, so
that a query for one part finds the compound.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sarap.text import english, kazakh, russian
from sarap.text.normalise import KAZAKH_LETTERS

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")


def family_key(word: str, lang: str) -> str:
    """The family key of one word in one language (kk, ru or en)."""
    word = word.lower().replace("ё", "е")
    if lang == "kk":
        return kazakh.stem(word)
    if lang == "ru":
        if "-" in word:
            return "-".join(russian.family_stem(p) if p else p for p in word.split("-"))
        return russian.family_stem(word)
    if lang == "en":
        if "-" in word:
            return "-".join(english.stem(p) for p in word.split("-"))
        return english.stem(word)
    raise ValueError(f"no family keys for language {lang!r}; expected kk, ru or en")


def word_languages(word: str, text_lang: str) -> tuple[str, ...]:
    """Which languages a word of a text in `text_lang` is keyed in. The script decides first: a Latin
    word is English whatever the text; a word with a Kazakh-only letter is Kazakh. A Cyrillic word
    of a Kazakh or Russian text follows the text; of a mixed or unknown text, it gets both keys."""
    if _LATIN.search(word) and not _CYRILLIC.search(word):
        return ("en",)
    if not _CYRILLIC.search(word):
        return ()
    if any(ch in KAZAKH_LETTERS for ch in word):
        return ("kk",)
    if text_lang in ("kk", "ru"):
        return (text_lang,)
    return ("kk", "ru")


def word_keys(word: str, text_lang: str) -> tuple[str, ...]:
    """Every family key of a word of a text in `text_lang` (see word_languages), compound parts
    included; no duplicates, the main key first."""
    keys: list[str] = []
    for lang in word_languages(word, text_lang):
        keys.append(family_key(word, lang))
        if "-" in word:
            keys.extend(family_key(part, lang) for part in word.split("-") if part)
    return tuple(dict.fromkeys(k for k in keys if k))


def query_keys(word: str) -> tuple[str, ...]:
    """The keys a bare query word matches: a query has no language of its own, so a Cyrillic word is
    keyed as Kazakh and as Russian (the unknown-text rule), a Latin word as English. A hyphenated
    query word asks for the compound, so only the whole's key counts: «оқу-жаттығу» must not find
    «оқ-дәрі» through its part «оқу» (texts keep the part keys, so «жаттығу» still finds it)."""
    if "-" in word:
        whole = (family_key(word, lang) for lang in word_languages(word, "unknown"))
        return tuple(dict.fromkeys(k for k in whole if k))
    keys = word_keys(word, "unknown")
    if _kazakh_not_russian(word):  # «сот» is a Kazakh court, not the Russian «сотни»
        return tuple(k for k in keys if k == kazakh.stem(word))
    return keys


def _kazakh_not_russian(word: str) -> bool:
    """A known Kazakh stem whose Russian reading is an inflected form of another word (сот → сотня):
    a query for it means the Kazakh word."""
    lowered = word.lower()
    return lowered in kazakh.known_stems() and russian.lemma(lowered) != lowered


def family_key_batch(words: Sequence[str], langs: Sequence[str]) -> list[str]:
    return [family_key(w, lang) for w, lang in zip(words, langs, strict=True)]


def word_keys_batch(words: Iterable[str], text_lang: str) -> list[tuple[str, ...]]:
    return [word_keys(w, text_lang) for w in words]
