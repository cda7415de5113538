"""Which language a text is in: Kazakh, Russian or English, or "mixed", or "unknown".

Written for social text (Telegram posts, comments) as much as for news. In order:

1. What does not vote is taken out first: URLs and bare web addresses, Markdown link targets and
   code, e-mail addresses, @mentions, #hashtags, emoji and other symbols, numbers and every word
   with a digit in it, episode and season codes (S1 E5, S01E05, 2x07, Ep. 12). A YouTube link or an
   episode code cannot tip a Russian post to English.
2. The script decides where it can, without statistics (most texts; this is also where
   identification spends almost no time):
   - no words left: "unknown";
   - Latin words only: "en" (Latin Kazakh was transliterated by sarap.text.normalise already) when
     there are MIN_WORDS of them, else "unknown";
   - both scripts with at least MIN_WORDS words and MIXED_SHARE of the words each: "mixed" (Latin
     words written with a capital, names and acronyms like Storm Shadow or GTA, are not counted for
     this); otherwise the main script speaks and the few words of the other (a brand, a Latin link
     text, a Kazakh place name in Russian news) do not;
   - Cyrillic with Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) in SURELY_KAZAKH of its words, or a
     text of one or two words with such a letter: "kk";
   - Cyrillic with no Kazakh-only letter in SURELY_RUSSIAN_WORDS words or more: "ru" (Kazakh news
     sentences that long always carry one: see docs/language-identification.md);
   - shorter than MIN_WORDS words or MIN_LETTERS letters with nothing decided: "unknown".
3. The rest goes to lingua (n-gram models, offline, restricted to kk, ru, en so that it never answers
   Ukrainian or Tatar), on the Cyrillic words only: its best language when it reaches CONFIDENCE,
   otherwise "kk" when Kazakh letters are in KAZAKH_LETTER_SHARE of the words, otherwise "unknown"
   (never "mixed" because the model hesitates). Kazakh letters in a fair share of the words of a
   text the model reads as Russian make it "mixed" (a post with a Kazakh and a Russian paragraph).

Texts are expected normalised (sarap.text.normalise) first. Measured on public corpora in
docs/language-identification.md (`sarap text lang-eval`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sarap.text.normalise import KAZAKH_LETTERS

LANGUAGES = ("kk", "ru", "en")
MIXED = "mixed"
UNKNOWN = "unknown"

MIN_WORDS = 3
MIN_LETTERS = 12
CONFIDENCE = 0.7  # lingua's top language must reach this
MIXED_SHARE = 0.3  # each script's share of the words for a "mixed" verdict
KAZAKH_LETTER_SHARE = 0.2
SURELY_KAZAKH = 0.3  # from this share of Kazakh-letter words on, lingua is not asked
SURELY_RUSSIAN_WORDS = 10  # this many Cyrillic words without one Kazakh letter: Russian

_NOISE = re.compile(
    r"```.*?```|`[^`\n]*`"  # code
    r"|\]\([^)\s]*\)?"  # the target of a Markdown link: [text](url)
    r"|(?:https?://|www\.)\S*"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w.])(?:[a-z0-9-]+\.)+(?:ru|com|kz|org|net|io|me|dev|info|ph|be|gl|co|tv|su|рф|uk|us|app|ai)"
    r"(?:/\S*)?(?![\w.])"  # bare addresses: naked-science.ru/…, t.me/…, IZ.ru
    r"|[@#]\w+"
    r"|\b[sS]\d+\s?[eE]\d+\b|\b\d+x\d+\b|\b[eE][pP]?\.?\s?\d+\b"  # episode codes
    r"|\w*\d\w*",  # numbers and every word with a digit (B580, GDDR6, 2-нші)
    re.UNICODE | re.DOTALL | re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CODES = {"KAZAKH": "kk", "RUSSIAN": "ru", "ENGLISH": "en"}


@dataclass(frozen=True)
class LanguageGuess:
    """The verdict, how sure it is (0..1), and the evidence: lingua's values and the reason."""

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


@dataclass(frozen=True)
class _Evidence:
    cyrillic: tuple[str, ...]  # the Cyrillic words, in order
    latin_words: int
    latin_common: int  # Latin words in lower case: names and acronyms (Storm Shadow, GTA) are not counted
    kazakh_words: int  # Cyrillic words with a Kazakh-only letter

    @property
    def words(self) -> int:
        return len(self.cyrillic) + self.latin_words

    @property
    def kazakh_share(self) -> float:
        return self.kazakh_words / len(self.cyrillic) if self.cyrillic else 0.0


def voting_text(text: str) -> str:
    """The text without what does not vote (see the module docstring, step 1)."""
    return _NOISE.sub(" ", text)


def _evidence(text: str) -> _Evidence:
    words = _WORD.findall(voting_text(text))
    cyrillic = tuple(w for w in words if _CYRILLIC.search(w))
    kazakh = sum(1 for w in cyrillic if any(ch in KAZAKH_LETTERS for ch in w))
    common = sum(1 for w in words if w.islower() and len(w) > 1 and not _CYRILLIC.search(w))
    return _Evidence(cyrillic, len(words) - len(cyrillic), common, kazakh)


def _by_script(ev: _Evidence) -> LanguageGuess | None:
    """The verdicts that need no statistics (step 2); None leaves the text to lingua."""
    if ev.words == 0:
        return LanguageGuess(UNKNOWN, 0.0, reason="no words")
    cyr, lat, common = len(ev.cyrillic), ev.latin_words, ev.latin_common
    if min(cyr, common) >= MIN_WORDS and min(cyr, common) / (cyr + common) >= MIXED_SHARE:
        return LanguageGuess(MIXED, round(2 * min(cyr, common) / (cyr + common), 4),
                             reason="Latin and Cyrillic words")
    if lat > cyr:
        if lat >= MIN_WORDS:
            return LanguageGuess("en", round(lat / ev.words, 4), reason="Latin words")
        return LanguageGuess(UNKNOWN, 0.0, reason="too short")
    if ev.kazakh_share >= SURELY_KAZAKH or (ev.kazakh_words and cyr < MIN_WORDS):
        return LanguageGuess("kk", round(min(1.0, 0.6 + ev.kazakh_share), 4), reason="Kazakh letters")
    if ev.kazakh_words == 0 and cyr >= SURELY_RUSSIAN_WORDS:
        return LanguageGuess("ru", 0.95, reason="no Kazakh letters in a long text")
    if cyr < MIN_WORDS or sum(map(len, ev.cyrillic)) < MIN_LETTERS:
        return LanguageGuess(UNKNOWN, 0.0, reason="too short")
    return None


def _by_model(values: Any, ev: _Evidence) -> LanguageGuess:
    scores = {_CODES[v.language.name]: round(float(v.value), 4) for v in values}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, top = ranked[0]
    if ev.kazakh_share >= KAZAKH_LETTER_SHARE:
        if best == "ru" and top >= 0.5:
            return LanguageGuess(MIXED, top, scores, reason="Kazakh letters in Russian text")
        return LanguageGuess("kk", round(max(scores.get("kk", 0.0), 0.6 + ev.kazakh_share), 4), scores,
                             reason="Kazakh letters")
    if top >= CONFIDENCE:
        return LanguageGuess(best, top, scores, reason="n-gram model")
    return LanguageGuess(UNKNOWN, top, scores, reason="no language confident")


def identify(text: str) -> LanguageGuess:
    """The language of one normalised text (see the module docstring for the rules)."""
    return identify_batch([text])[0]


def identify_batch(texts: Sequence[str]) -> list[LanguageGuess]:
    """Script first; lingua only for the texts the script leaves open, all of them in one call."""
    evidence = [_evidence(t) for t in texts]
    guesses: list[LanguageGuess | None] = [_by_script(ev) for ev in evidence]
    open_idx = [i for i, g in enumerate(guesses) if g is None]
    if open_idx:
        inputs = [" ".join(evidence[i].cyrillic) for i in open_idx]
        values = detector().compute_language_confidence_values_in_parallel(inputs)
        for i, vals in zip(open_idx, values, strict=True):
            guesses[i] = _by_model(vals, evidence[i])
    return [g for g in guesses if g is not None]
