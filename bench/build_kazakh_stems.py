"""Builds src/sarap/text/data/kazakh_stems.txt, the stemmer's lexicon of known Kazakh stems and
proper names, from a public corpus's word counts.

    python bench/text_corpora.py --out /work/data-eval        # writes kk_news.jsonl
    python bench/build_kazakh_stems.py /work/data-eval/kk_news.jsonl --half even

Source: KazNERD (IS2AI, CC BY 4.0), validation split, the sentences of even index only (`--half
even`): the stemmer's evaluation list (tests/fixtures/text/kazakh_families_news.tsv) is taken from
the odd ones. A form is a known noun stem when it is attested on its own and with at least
MIN_INFLECTED different nominal endings (case, plural, possessive) that the stemmer's own suffix
rules allow after it (Астана: Астанада, Астананың, Астанаға), and it is not itself an inflected
form of another such stem (облысы is облыс + ы) nor, longer than four letters, ends in the
possessive -ы/-і (акті is акт + і).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from sarap.text import kazakh

MIN_COUNT = 2
MIN_INFLECTED = 2
MIN_LENGTH = 3
_NOMINAL = frozenset({kazakh.CASE, kazakh.POSS, kazakh.PLURAL})
_PARTICIPLES = [s for s in kazakh.SUFFIXES if s.slot == kazakh.VNOUN and len(s.text) >= 3]
OUT = Path(__file__).resolve().parents[1] / "src" / "sarap" / "text" / "data" / "kazakh_stems.txt"


def _inner_stems(word: str, slots: frozenset[int]) -> list[str]:
    """The stems one suffix of the given slots away from the word, by the stemmer's own rules."""
    return [stem for stem, suffix in kazakh._strips(word, slots)]


def build(counts: Counter[str]) -> list[str]:
    endings: dict[str, set[str]] = {}
    for word in counts:
        for stem in _inner_stems(word, _NOMINAL):
            if counts.get(stem, 0) >= MIN_COUNT:
                endings.setdefault(stem, set()).add(word)
    inflected = {s for s, forms in endings.items() if len(forms) >= MIN_INFLECTED}
    stems = {s for s in inflected if len(s) >= MIN_LENGTH and s.isalpha() and s not in kazakh.FUNCTION_WORDS}
    return sorted(s for s in stems if not _derived(s, inflected))


def _derived(stem: str, inflected: set[str]) -> bool:
    """An inflected or derived form of another attested stem (облысы, елдер, жүйелі), a participle
    or a verbal noun in -у (келген, зерттеу: verb forms), or a possessed noun in -ы/-і (акті)."""
    if any(inner in inflected for inner in _inner_stems(stem, _NOMINAL | {kazakh.DERIV})):
        return True
    if any(stem.endswith(s.text) and len(stem) > len(s.text) + 1 for s in _PARTICIPLES):
        return True  # келген, жасаған: participles take noun endings but are verb forms
    return stem.endswith("у") or (stem[-1] in "ыі" and len(stem) > 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sentences", type=Path, help="kk_news.jsonl from bench/text_corpora.py")
    parser.add_argument("--half", choices=("even", "odd", "all"), default="even")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    from sarap.text.fast_tokens import words

    counts: Counter[str] = Counter()
    for i, line in enumerate(args.sentences.open(encoding="utf-8")):
        if args.half == "all" or (i % 2 == 0) == (args.half == "even"):
            counts.update(w.replace("ё", "е") for w in words(json.loads(line)["text"]) if w.isalpha())
    stems = build(counts)
    header = ("# Known Kazakh stems and proper names for sarap.text.kazakh, one a line.\n"
              "# Built by bench/build_kazakh_stems.py from KazNERD (IS2AI, CC BY 4.0), validation split,\n"
              f"# sentences of {args.half} index; {len(stems)} stems.\n")
    args.out.write_text(header + "\n".join(stems) + "\n", encoding="utf-8")
    print(len(stems), "stems →", args.out)


if __name__ == "__main__":
    main()
