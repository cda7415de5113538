"""Review scoring throughput with the shipped trained model: texts per CPU-second of
`Scorer.score_many` (rules, the official list, the classifier, the calibrated combination; no
explanations, which are computed only for texts shown to a person), against the target of 2,000.

    python bench/review_throughput.py [--texts 20000] [--file some.csv --column text]

Without --file it scores the team-written Kazakh test sentences and the review fixtures, each made
unique (a number appended) so that no cache helps.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import yaml

from sarap.review.config import ReviewConfig
from sarap.review.scoring import Scorer

ROOT = Path(__file__).resolve().parents[1]
TARGET = 2000


def sample_texts() -> list[str]:
    with (ROOT / "tests" / "review" / "data" / "kk_team_test.csv").open(encoding="utf-8") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    fixtures = yaml.safe_load(
        (ROOT / "tests" / "fixtures" / "review" / "texts.yaml").read_text(encoding="utf-8")
    )
    return texts + [t["text"] for t in fixtures["texts"]]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=20000)
    ap.add_argument("--file", type=Path)
    ap.add_argument("--column", default="text")
    args = ap.parse_args()
    if args.file:
        with args.file.open(encoding="utf-8") as fh:
            base = [r[args.column] for r in csv.DictReader(fh) if r.get(args.column)]
    else:
        base = sample_texts()
    texts = [f"{base[i % len(base)]} {i}" for i in range(args.texts)]
    scorer = Scorer.standalone(ReviewConfig())
    scorer.score_many(texts[:100])  # load the model and compile the rules outside the measurement
    start = time.process_time()
    scored = scorer.score_many(texts)
    cpu = time.process_time() - start
    rate = len(texts) / cpu
    flagged = sum(s.flagged for s in scored)
    print(
        f"scored {len(texts)} texts in {cpu:.2f} CPU-seconds: {rate:,.0f} texts per CPU-second "
        f"(target {TARGET:,}: ratio {rate / TARGET:.2f}); {flagged} flagged"
    )


if __name__ == "__main__":
    main()
