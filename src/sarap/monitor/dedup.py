"""Exact and near duplicates of items.

Exact: the same words, numbers, URLs, e-mail addresses, hashtags, mentions and emoji, in the same
order, once normalised and lower-cased: `content_hash` of the pipeline's `signature`. Case, spacing
and punctuation do not count; a different episode number, date, link or emoji does ("Серия 5" and
"Серия 6" of a channel are two posts).

Near: the Jaccard similarity of the two texts' sets of word 3-shingles is at least NEAR_JACCARD
(0.6), and the two texts hold the same numbers (`same_numbers`): texts that differ in a number
that names something (an episode, a date, a count of victims) are never near duplicates. A repost
that adds a line ("Source: …", a hashtag) or changes a word in a text of 20+ words stays above it;
two different reports on the same subject share few 3-shingles and stay far below
(tests/monitor/test_dedup.py has the measured cases). Texts under SHORT_WORDS words are matched
only exactly: a few shingles say too little.

Finding candidates without comparing every pair: MinHash with locality-sensitive hashing. Eight
MinHash values per text, cut into BANDS=4 bands of 2; each band is hashed to one indexed integer
column. Items that share a band are candidates, and candidates are confirmed with the exact Jaccard
of their shingles. A pair at Jaccard J shares a band with probability 1 − (1 − J²)⁴: 0.97 at
J = 0.7, 0.87 at J = 0.6 (so a few pairs just above the threshold can be missed; the exact hash
never misses).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

NEAR_JACCARD = 0.6
SHINGLE = 3
SHORT_WORDS = 12
BANDS = 4
ROWS = 2
_PRIME = (1 << 61) - 1
# Fixed coefficients of the MinHash functions: h_i(x) = (a_i·x + b_i) mod p. Fixed so that hashes
# stay comparable across runs and machines.
_COEFFS = [(int.from_bytes(hashlib.sha256(f"a{i}".encode()).digest()[:8], "big") % _PRIME | 1,
            int.from_bytes(hashlib.sha256(f"b{i}".encode()).digest()[:8], "big") % _PRIME)
           for i in range(BANDS * ROWS)]


def content_hash(signature: Sequence[str]) -> str:
    """The exact-duplicate key of a text's signature (sarap.text.pipeline.Analysis.signature)."""
    return hashlib.sha256("\x1f".join(signature).encode("utf-8")).hexdigest()


def same_numbers(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two texts hold the same numbers (as multisets: order may change in an edit)."""
    return sorted(a) == sorted(b)


def shingles(words: Sequence[str]) -> set[str]:
    if len(words) < SHINGLE:
        return {" ".join(words)}
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _h64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def band_keys(words: Sequence[str]) -> tuple[int, ...] | None:
    """The LSH band keys (31-bit integers) of a text; None for texts too short to compare."""
    if len(words) < SHORT_WORDS:
        return None
    hashed = [_h64(s) for s in shingles(words)]
    mins = [min((a * x + b) % _PRIME for x in hashed) for a, b in _COEFFS]
    keys = []
    for band in range(BANDS):
        row = mins[band * ROWS:(band + 1) * ROWS]
        digest = hashlib.blake2b(f"{band}:{row}".encode(), digest_size=4).digest()
        keys.append(int.from_bytes(digest, "big") & 0x7FFFFFFF)
    return tuple(keys)


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def is_near(a: Sequence[str], b: Sequence[str], numbers_a: Sequence[str] = (),
            numbers_b: Sequence[str] = ()) -> bool:
    return same_numbers(numbers_a, numbers_b) and jaccard(shingles(a), shingles(b)) >= NEAR_JACCARD
