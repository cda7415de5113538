"""The tokens of sarap.text.tokens (without punctuation), found mostly by regular expressions.

Why: razdel builds an object per atom and per split and was ~70% of the monitoring pipeline's time.
Its rules (razdel/segmenters/tokenize.py) are local, and on most of a text they say something
simple. Atoms are Russian letters [а-яё], Latin [a-z], digits, punctuation, and "other" (every other
non-space character, Kazakh letters included). Adjacent atoms (no space between) join when:
- one of them is "other" and the other is a letter or "other" (so Kazakh words hold together, but a
  Russian run next to a Latin one splits);
- around a dash or underscore, the atoms on both sides are not punctuation (іс-қимыл, 2024-жылы);
- around . , / \\ the atoms on both sides are digits (1.5, 1/2);
- punctuation with punctuation (..., ?!, smileys): punctuation-only tokens, dropped here anyway;
- "yahoo" and "!".
The last three look one atom further, across a space: a text's stretch of space-separated chunks is
independent of its neighbours unless a chunk starts or ends with a dash, underscore, . , / or \\.
Such stretches ("islands") are handled apart: one with a dash, an underscore, a digit next to
. , / \\, or "yahoo!" goes to razdel itself; every other island is cut by one regular expression
(runs of letters and other characters, split where Russian and Latin letters meet; runs of digits).
The result is the same list of tokens (tests/text/test_fast_tokens.py compares them, on the
fixtures and on generated strings full of the hard cases).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from razdel.segmenters.punct import DASHES, ENDINGS
from razdel.segmenters.tokenize import ATOM, PUNCTS, SMILE
from razdel.segmenters.tokenize import INT as A_INT
from razdel.segmenters.tokenize import LAT as A_LAT
from razdel.segmenters.tokenize import OTHER as A_OTHER
from razdel.segmenters.tokenize import PUNCT as A_PUNCT
from razdel.segmenters.tokenize import RU as A_RU

from sarap.text import tokens
from sarap.text.tokens import NUMBER, PUNCT, WORD, Token

_P = re.escape(PUNCTS)
_LINKERS = re.escape(DASHES + "_.,/\\")
# One token of an easy island: a run of letters and "other" characters, or of digits.
_RUN = re.compile(rf"(?P<w>[^\s{_P}\d]+)|(?P<n>\d+)")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_SCRIPTS_MEET = re.compile(r"[а-яё][a-z]|[a-z][а-яё]", re.I)
# razdel's atoms are case-insensitive [а-яё]+ and [a-z]+ (so "ı", "İ", "ſ", "K" count as Latin).
_SCRIPT_RUN = re.compile(r"[а-яё]+|[a-z]+", re.I)
_CHUNK = re.compile(r"\S+")
_HARD = re.compile(rf"[{re.escape(DASHES)}_]|\d[.,/\\]|[.,/\\]\d|yahoo!", re.I)
_STARTS_LINKED = re.compile(rf"[{_LINKERS}]")


def _split_scripts(run: str, start: int) -> Iterable[tuple[str, int]]:
    """A letter run cut where a Russian letter meets a Latin one (no "other" between them)."""
    if not _SCRIPTS_MEET.search(run):
        yield run, start
        return
    cut, previous_end = 0, -1
    for atom in _SCRIPT_RUN.finditer(run):  # greedy: two touching runs are of different scripts
        if atom.start() == previous_end:
            yield run[cut:atom.start()], start + cut
            cut = atom.start()
        previous_end = atom.end()
    yield run[cut:], start + cut


def _kind(text: str) -> str:
    return tokens._kind(text)  # the same kinds as tokens.py, by its own rule


_Piece = tuple[str, str, int]  # text, kind, start


def _easy(text: str, offset: int, out: list[_Piece]) -> None:
    meet = _SCRIPTS_MEET.search(text) is not None
    for match in _RUN.finditer(text):
        piece = match.group(0)
        if match.lastgroup == "n":
            out.append((piece, NUMBER, offset + match.start()))
        elif meet and _SCRIPTS_MEET.search(piece):
            out.extend((p, WORD, offset + start) for p, start in _split_scripts(piece, match.start()))
        elif _HAS_LETTER.search(piece):
            out.append((piece, WORD, offset + match.start()))
        elif (kind := _kind(piece)) != PUNCT:
            out.append((piece, kind, offset + match.start()))


_Atom = tuple[int, int, str, str]  # start, stop, type, text


def _joins(atoms: list[_Atom], i: int, buffer: str) -> bool:
    """Whether razdel joins atoms i-1 and i (touching), rule by rule in its order."""
    left, right = atoms[i - 1], atoms[i]
    before = atoms[i - 2] if i >= 2 else None
    after = atoms[i + 1] if i + 1 < len(atoms) else None
    for delimiters, numbers_only in ((DASHES, False), ("_", False), (".,", True), ("/\\", True)):
        sides: tuple[_Atom | None, _Atom | None]
        if left[3] in delimiters:
            sides = (before, right)
        elif right[3] in delimiters:
            sides = (left, after)
        else:
            continue
        a, b = sides
        if a is None or b is None:
            continue
        if numbers_only and a[2] == A_INT and b[2] == A_INT:
            return True
        if not numbers_only and a[2] != A_PUNCT and b[2] != A_PUNCT:
            return True
    if left[2] == A_PUNCT and right[2] == A_PUNCT and (
            SMILE.match(buffer + right[3]) or (left[3] in ENDINGS and right[3] in ENDINGS)
            or left[3] + right[3] in ("--", "**")):
        return True
    letters = (A_OTHER, A_RU, A_LAT)
    if left[2] == A_OTHER and right[2] in letters or left[2] in letters and right[2] == A_OTHER:
        return True
    return left[3].lower() == "yahoo" and right[3] == "!"


def _hard(text: str, offset: int, out: list[_Piece]) -> None:
    """razdel's algorithm itself, on plain tuples."""
    atoms: list[_Atom] = [(m.start(), m.end(), m.lastgroup or A_OTHER, m.group(0))
                          for m in ATOM.finditer(text)]
    if not atoms:
        return
    start, buffer = atoms[0][0], atoms[0][3]
    for i in range(1, len(atoms)):
        atom = atoms[i]
        if atoms[i - 1][1] == atom[0] and _joins(atoms, i, buffer):
            buffer += atom[3]
            continue
        _emit(buffer, offset + start, out)
        start, buffer = atom[0], atom[3]
    _emit(buffer, offset + start, out)


def _emit(text: str, start: int, out: list[_Piece]) -> None:
    kind = _kind(text)
    if kind != PUNCT:
        out.append((text, kind, start))


def _islands(text: str) -> Iterable[tuple[int, int]]:
    """Stretches of chunks whose tokens do not depend on the text around them."""
    begin = end = -1
    previous = ""
    for chunk in _CHUNK.finditer(text):
        word = chunk.group(0)
        linked = begin >= 0 and (_STARTS_LINKED.match(word) or previous[-1] in DASHES + "_.,/\\")
        if not linked:
            if begin >= 0:
                yield begin, end
            begin = chunk.start()
        end, previous = chunk.end(), word
    if begin >= 0:
        yield begin, end


def _plain(text: str, offset: int, out: list[_Piece]) -> None:
    if not _HARD.search(text):
        _easy(text, offset, out)
        return
    for begin, end in _islands(text):
        island = text[begin:end]
        if _HARD.search(island):
            _hard(island, offset + begin, out)
        else:
            _easy(island, offset + begin, out)


def pieces(text: str) -> list[_Piece]:
    """(text, kind, start) of each token of tokens.tokenise(text), punctuation left out."""
    out: list[_Piece] = []
    if "@" not in text and "#" not in text and "http" not in text and "www." not in text:
        _plain(text, 0, out)  # nothing tokens._SPECIAL could match
        return out
    pos = 0
    for match in tokens._SPECIAL.finditer(text):
        _plain(text[pos:match.start()], pos, out)
        out.append((match.group(0), match.lastgroup or tokens.URL, match.start()))
        pos = match.end()
    _plain(text[pos:], pos, out)
    return out


def tokenise(text: str) -> list[Token]:
    """The same as tokens.tokenise(text) (punctuation left out), faster."""
    return [Token(t, t.lower(), kind, start, start + len(t)) for t, kind, start in pieces(text)]


def words(text: str) -> list[str]:
    """Lower-cased word tokens only (as tokens.words)."""
    return [t.lower() for t, kind, _ in pieces(text) if kind == WORD]
