"""A text made ready for sentiment: normalised, its language, and its words with family keys, clause
numbers and in-word negation. Built from the shared pipeline's parts (normalise, language, tokens,
families) so that a caller that already knows the language (the monitor stores it) can give it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sarap.text import families, kazakh, language, normalise, tokens

# Punctuation that ends a clause: negation does not reach across it.
CLAUSE_BREAKS = frozenset(".,;:!?…—()[]«»\"")
KAZAKH_NEGATION_SUFFIXES = frozenset({"ма", "ме", "ба", "бе", "па", "пе"})


@dataclass(frozen=True)
class Word:
    text: str  # as written
    lower: str
    start: int
    end: int
    keys: tuple[str, ...]
    clause: int  # words of one clause share it
    negated: bool  # the word carries its own negation (Kazakh verbs: -ма/-ме/-ба/-бе/-па/-пе)


@dataclass(frozen=True)
class Prepared:
    text: str  # normalised; Word offsets refer to it
    lang: str
    words: tuple[Word, ...]

    def key_text(self) -> str:
        """The words as family keys (the main key of each; a negated Kazakh verb gets a NEG mark):
        what the classifier's word n-grams are built from."""
        out = []
        for w in self.words:
            out.append(w.keys[0] if w.keys else w.lower)
            if w.negated:
                out.append("NEG")
        return " ".join(out)


@lru_cache(maxsize=200_000)
def _kazakh_negated(word: str) -> bool:
    if "-" in word or not word.isalpha():
        return False
    return bool(KAZAKH_NEGATION_SUFFIXES.intersection(kazakh.strip_suffixes(word)[1]))


def prepare(text: str, lang: str) -> Prepared:
    """`text` must be normalised already."""
    words = []
    clause = 0
    for tok in tokens.tokenise(text, keep_punct=True):
        if tok.kind == tokens.PUNCT:
            if any(ch in CLAUSE_BREAKS for ch in tok.text):
                clause += 1
            continue
        if tok.kind != tokens.WORD:
            continue
        keys = families.word_keys(tok.lower, lang) if lang in ("kk", "ru", "en") else ()
        negated = lang == "kk" and _kazakh_negated(tok.lower)
        words.append(Word(tok.text, tok.lower, tok.start, tok.end, keys, clause, negated))
    return Prepared(text, lang, tuple(words))


def prepare_batch(texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[Prepared]:
    """Normalise each text; take its language from `langs` where given, else identify it."""
    normalised = normalise.normalise_batch(texts)
    given: list[str | None] = list(langs) if langs is not None else [None] * len(texts)
    if len(given) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(given)} languages")
    missing = [i for i, lang in enumerate(given) if not lang]
    if missing:
        guesses = language.identify_batch([normalised[i] for i in missing])
        for i, guess in zip(missing, guesses, strict=True):
            given[i] = guess.lang
    return [prepare(text, lang or language.UNKNOWN) for text, lang in zip(normalised, given, strict=True)]
