"""Text normalisation before anything else reads a text: Unicode NFC, invisible characters out,
Cyrillic words freed of Latin look-alike letters (the Kazakh letters ә ғ қ ң ө ұ ү һ і kept and their
stand-ins repaired), and Kazakh written in the Latin alphabet transliterated to Cyrillic.

Why: the same word reaches us typed on Russian keyboards (Latin "i" for "і"), pasted from PDFs
(Latin "a", "o", "c" inside Cyrillic words, soft hyphens), or in the Latin Kazakh alphabet. Stems,
families and queries only work if these all become one spelling.

Latin Kazakh: the official alphabet of 28 January 2021 (Government decree amending the 2017
decree No. 569; Ä Ğ I/ı Ñ Ö Ş Ū Ü, "İ i" for и/й, "Y y" for ы, "I ı" for і) and the apostrophe
variants (2017 alphabet "a' g' n' o' u' s' c' i'", and the informal "sh", "zh", "ch", "k'"
spellings), applied only to texts detected as Latin Kazakh.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

# Characters that carry nothing but break words apart: soft hyphen, zero-width (non-)joiners,
# word joiner, byte-order mark.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)

# Other code points that people (and old fonts, and OCR) use for Kazakh letters.
_KAZAKH_STAND_INS = str.maketrans({
    "ə": "ә", "Ə": "Ә",  # Latin schwa (Azerbaijani keyboards)
    "ɵ": "ө", "Ɵ": "Ө", "ѳ": "ө", "Ѳ": "Ө",  # barred o, Old Cyrillic fita
    "ӊ": "ң", "Ӊ": "Ң", "ҥ": "ң", "Ҥ": "Ң", "ӈ": "ң", "Ӈ": "Ң",  # en with tail/hook, en-ghe
    "ӄ": "қ", "Ӄ": "Қ", "ҝ": "қ", "Ҝ": "Қ", "ҟ": "қ", "Ҟ": "Қ",  # ka with hook / stroke
    "ӷ": "ғ", "Ӷ": "Ғ", "ҕ": "ғ", "Ҕ": "Ғ",  # ghe with descender / hook
    "ї": "і", "Ї": "І",  # Ukrainian yi for і
    "ӯ": "ұ", "Ӯ": "Ұ",  # pre-1957 spelling of ұ
})

# Latin letters that look like Cyrillic ones; inside a Cyrillic word they are typing or OCR slips.
# Latin i and h stand for the Kazakh і and һ (Russian layouts have neither).
_LATIN_LOOKALIKES = str.maketrans({
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к", "i": "і",
    "h": "һ", "m": "м", "t": "т", "b": "ь", "ı": "і",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "I": "І", "ə": "ә", "Ə": "Ә",
})
_LOOKALIKE_CHARS = frozenset("acepxykihmtbıoABCEHKMOPTXYIəƏ")
_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def nfc(text: str) -> str:
    """Unicode NFC without invisible characters (soft hyphens, zero-width joiners, BOM)."""
    return unicodedata.normalize("NFC", text).translate(_INVISIBLE)


def _fix_mixed_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if not _CYRILLIC.search(word) or not any(ch in _LOOKALIKE_CHARS for ch in word):
        return word
    # Only words that are mostly Cyrillic: "iPhone" or "COVID-19" stay as they are.
    cyrillic = len(_CYRILLIC.findall(word))
    latin = len(_LATIN.findall(word))
    if cyrillic < latin:
        return word
    return word.translate(_LATIN_LOOKALIKES)


def fix_cyrillic(text: str) -> str:
    """Kazakh letter stand-ins repaired; Latin look-alikes inside Cyrillic words made Cyrillic."""
    return _WORD.sub(_fix_mixed_word, text.translate(_KAZAKH_STAND_INS))


# --- Latin Kazakh ---------------------------------------------------------------------------------

# 2021 alphabet, lower case; upper case is derived. Multi-letter keys are tried first.
_LATIN_2021 = {
    "ä": "ә", "ğ": "ғ", "ı": "і", "ñ": "ң", "ö": "ө", "ş": "ш", "ū": "ұ", "ü": "ү", "ç": "ч",
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "j": "ж", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т",
    "u": "у", "v": "в", "y": "ы", "z": "з", "c": "ц", "w": "у", "x": "х", "ï": "и",
}
# The apostrophe alphabet of 2017 and the informal spellings of chats and forums.
_APOSTROPHE = {
    "a'": "ә", "g'": "ғ", "n'": "ң", "o'": "ө", "u'": "ү", "y'": "у", "s'": "ш", "c'": "ч",
    "i'": "и", "k'": "қ", "sh": "ш", "zh": "ж", "ch": "ч",
}
_APOSTROPHES = "'\u2019\u02bc\u02bb`\u00b4"
_VOWELS_LATIN = set("aäeıioöuūüyAÄEIİOÖUŪÜY")

# Letters of the 2021 alphabet Turkish and English do not have; a text with them is Kazakh.
_STRONG_MARKS = set("qñūäQÑŪÄ")
_WEAK_MARKS = set("ğşöüıĞŞÖÜİ")
_APOSTROPHE_MARK = re.compile(r"[agnouysc][" + _APOSTROPHES + r"](?=\w)|[agnouysc][" + _APOSTROPHES
                              + r"]\b", re.IGNORECASE)
_KAZAKH_LATIN_ENDINGS = re.compile(
    r"(?:dyñ|dıñ|nyñ|nıñ|tyñ|tıñ|ğa|ge|qa|lar|ler|dar|der|tar|ter|dy|dı|ty|tı|ğan|gen|qan|"
    r"nyn|nin|dyn|dagy|degi|syz|siz|lyq|lık|lik)$", re.IGNORECASE)


def latin_kazakh_score(text: str) -> float:
    """Share of Latin words that carry Kazakh evidence: a letter of the 2021 alphabet that Turkish
    and English lack (q ñ ū ä) counts fully; an apostrophe digraph, a Kazakh case or plural ending, or
    a letter shared with Turkish (ğ ş ö ü ı) counts half."""
    words = [w for w in _WORD.findall(text) if _LATIN.search(w) and not _CYRILLIC.search(w)]
    if not words:
        return 0.0
    evidence = 0.0
    for word in words:
        if any(ch in _STRONG_MARKS for ch in word):
            evidence += 1
        elif any(ch in _WEAK_MARKS for ch in word) or _KAZAKH_LATIN_ENDINGS.search(word):
            evidence += 0.5
    evidence += 0.5 * len(_APOSTROPHE_MARK.findall(text))
    return min(1.0, evidence / len(words))


def looks_like_latin_kazakh(text: str, threshold: float = 0.3) -> bool:
    """True for a text written mostly in Latin letters with enough Kazakh evidence (see
    latin_kazakh_score) including at least one letter Turkish lacks (q ñ ū ä) or an apostrophe
    digraph. English carries none of the marks; Turkish has only the shared ones."""
    latin = len(_LATIN.findall(text))
    if latin == 0 or latin < len(_CYRILLIC.findall(text)):
        return False
    if not (any(ch in _STRONG_MARKS for ch in text) or _APOSTROPHE_MARK.search(text)):
        return False
    return latin_kazakh_score(text) >= threshold


def _cased(source: str, target: str) -> str:
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


def latin_to_cyrillic(text: str) -> str:
    """Latin Kazakh (2021 letters and apostrophe variants) to Cyrillic, letter by letter. "i" is и
    between consonants and й after a vowel ("üiıne" → "үйіне"); "İ" maps the same way."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        pair = text[i:i + 2].lower()
        if len(pair) == 2 and pair[1] in _APOSTROPHES:
            pair = pair[0] + "'"
        if pair in _APOSTROPHE:
            out.append(_cased(ch, _APOSTROPHE[pair]))
            i += 2
            continue
        low = ch.lower()
        if ch in ("i", "İ"):
            prev = text[i - 1] if i else ""
            out.append(_cased(ch, "й" if prev in _VOWELS_LATIN else "и"))
        elif ch == "I":  # capital dotless I of the 2021 alphabet is і
            out.append("І")
        elif low in _LATIN_2021:
            out.append(_cased(ch, _LATIN_2021[low]))
        else:
            out.append(ch)
        i += 1
    return "".join(out)


# Addresses stay as written when a Latin Kazakh text is transliterated.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@\w+", re.UNICODE)


def _transliterate_outside_addresses(text: str) -> str:
    out: list[str] = []
    pos = 0
    for match in _ADDRESS.finditer(text):
        out.append(latin_to_cyrillic(text[pos:match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(latin_to_cyrillic(text[pos:]))
    return "".join(out)


def normalise(text: str) -> str:
    """The one normalisation every pipeline step relies on (see the module docstring)."""
    text = fix_cyrillic(nfc(text))
    if looks_like_latin_kazakh(_ADDRESS.sub(" ", text)):
        text = _transliterate_outside_addresses(text)
    return text


def normalise_batch(texts: Iterable[str]) -> list[str]:
    return [normalise(t) for t in texts]
