"""Which texts the review scorer covers: Kazakh, Russian and English. Everything else — Arabic script
(Arabic, Persian, Urdu, Uyghur), other scripts, Latin-script texts that are not English — is routed
to "language not covered" with a visible reason instead of being scored 0 as if it were harmless.

Decided by script (fast, per character) rather than by the statistical language identifier: the
rules and the classifier work by script anyway (Kazakh and Russian share Cyrillic and one model).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sarap.text.normalise import KAZAKH_LETTERS

NOT_COVERED = "language_not_covered"
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "to",
        "of",
        "is",
        "are",
        "was",
        "you",
        "we",
        "they",
        "i",
        "a",
        "in",
        "it",
        "that",
        "for",
        "on",
        "will",
        "be",
        "this",
        "with",
        "all",
        "them",
        "our",
        "your",
        "their",
        "not",
        "no",
        "he",
        "she",
        "my",
        "me",
        "us",
        "do",
        "have",
        "has",
        "at",
        "by",
        "from",
        "or",
        "but",
        "so",
        "if",
        "what",
        "who",
        "kill",
        "must",
        "should",
    ]
)
_LATIN_WORD = re.compile(r"[a-z]+")
_REASONS = {
    "arabic": {
        "en": "Arabic script (Arabic, Persian, Urdu, Uyghur…): the rules and the classifier cover "
        "Kazakh, Russian and English only; a reader of the language should review it.",
        "ru": "Арабская письменность (арабский, персидский, урду, уйгурский…): правила и классификатор "
        "охватывают только казахский, русский и английский; текст должен прочесть знающий язык.",
        "kk": "Араб жазуы (араб, парсы, урду, ұйғыр…): ережелер мен классификатор тек қазақ, орыс және "
        "ағылшын тілдерін қамтиды; мәтінді сол тілді білетін адам қарауы керек.",
    },
    "latin": {
        "en": "Latin script but not English (e.g. Turkish, Uzbek, German): not covered by the rules or "
        "the classifier; a reader of the language should review it.",
        "ru": "Латиница, но не английский (например, турецкий, узбекский, немецкий): правила и "
        "классификатор его не охватывают; текст должен прочесть знающий язык.",
        "kk": "Латын жазуы, бірақ ағылшын емес (мысалы, түрік, өзбек, неміс): ережелер мен классификатор "
        "оны қамтымайды; мәтінді сол тілді білетін адам қарауы керек.",
    },
    "other": {
        "en": "Written in a script the review scorer does not cover ({script}); a reader of the "
        "language should review it.",
        "ru": "Текст на письменности, которую система не охватывает ({script}); его должен прочесть "
        "знающий язык.",
        "kk": "Мәтін жүйе қамтымайтын жазуда ({script}); оны сол тілді білетін адам қарауы керек.",
    },
    "empty": {
        "en": "No words to score (only digits, links, emoji or punctuation).",
        "ru": "Нет слов для оценки (только цифры, ссылки, эмодзи или знаки).",
        "kk": "Бағалайтын сөз жоқ (тек сандар, сілтемелер, эмодзи немесе белгілер).",
    },
}


@dataclass(frozen=True)
class Coverage:
    lang: str  # kk, ru, en, or a script name when not covered
    covered: bool
    reason: str | None = None  # a key of _REASONS
    script: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"lang": self.lang, "covered": self.covered}
        if self.reason:
            out["reason"] = {k: v.format(script=self.script or "") for k, v in _REASONS[self.reason].items()}
        return out


def _script(ch: str) -> str:
    if "a" <= ch <= "z" or "A" <= ch <= "Z":
        return "latin"
    code = ord(ch)
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    ):
        return "arabic"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "other"
    return "latin" if name.startswith("LATIN") else name.split()[0].lower()


def _looks_english(text: str) -> bool:
    """Plain ASCII letters are read as English; with Latin letters English lacks (ç ş ğ ö ü ı ä ß é,
    Uzbek oʻ gʻ), the text must also have English function words."""
    if all(ch.isascii() for ch in text if ch.isalpha()) and "ʻ" not in text and "‘" not in text:
        return True
    words = _LATIN_WORD.findall(text.lower())
    return sum(w in _ENGLISH for w in words) * 5 >= len(words)


def coverage(text: str) -> Coverage:
    """The language the scorer treats a normalised text as, or why it does not cover it."""
    counts: dict[str, int] = {}
    kazakh = 0
    for ch in text:
        if ch.isalpha():
            script = _script(ch)
            counts[script] = counts.get(script, 0) + 1
            kazakh += ch in KAZAKH_LETTERS
    letters = sum(counts.values())
    if not letters:
        return Coverage("unknown", False, "empty")
    script, n = max(counts.items(), key=lambda kv: kv[1])
    if script == "cyrillic" and n >= 0.5 * letters:
        return Coverage("kk" if kazakh else "ru", True)
    if script == "latin" and n >= 0.5 * letters:
        if _looks_english(text):
            return Coverage("en", True)
        return Coverage("latin", False, "latin", "Latin")
    if script == "arabic":
        return Coverage("arabic", False, "arabic", "Arabic")
    if counts.get("cyrillic", 0) + counts.get("latin", 0) >= 0.5 * letters:
        return Coverage("mixed", True)
    return Coverage(script, False, "other", script.title())
