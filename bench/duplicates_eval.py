"""False exact duplicates on real channels: items the exact rule calls a repeat of an earlier item
although the two texts differ once case and spacing are folded.

    python bench/text_corpora.py --out /work/data-eval      # the public corpora (see there)
    python bench/duplicates_eval.py /work/data-eval/ru_telegram.jsonl

Per channel (the `channel` field): items, exact duplicates under the words-only rule the project used
before (digits, URLs, hashtags and emoji ignored) and under today's (sarap.monitor.dedup), and how
many of each are false. A text differing only in punctuation counts as false here too, so the
figure for today's rule is an upper bound.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from sarap.monitor import dedup
from sarap.text import pipeline


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def main(path: Path) -> None:
    channels: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        channels[row.get("channel", "")].append(row["text"])
    print(f"{'channel':32} {'items':>6} {'old exact':>9} {'old false':>9} {'new exact':>9} {'new false':>9}")
    totals = [0, 0, 0, 0, 0]
    for name, texts in sorted(channels.items()):
        analyses = pipeline.analyse_items(texts)
        old: dict[str, str] = {}
        new: dict[str, str] = {}
        counts = [len(texts), 0, 0, 0, 0]
        for analysis in analyses:
            folded = _folded(analysis.text)
            old_key = hashlib.sha256(" ".join(analysis.words).encode()).hexdigest()
            new_key = dedup.content_hash(analysis.signature)
            for i, (seen, key) in enumerate(((old, old_key), (new, new_key))):
                if key in seen:
                    counts[1 + 2 * i] += 1
                    counts[2 + 2 * i] += seen[key] != folded
                else:
                    seen[key] = folded
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        print(f"{name[:32]:32} {counts[0]:>6} {counts[1]:>9} {counts[2]:>9} {counts[3]:>9} {counts[4]:>9}")
    print(f"{'all':32} {totals[0]:>6} {totals[1]:>9} {totals[2]:>9} {totals[3]:>9} {totals[4]:>9}")
    before, now = totals[2] / totals[0], totals[4] / totals[0]
    print(f"false exact duplicates: before {before:.2%} of items, now {now:.2%}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
