"""Topic precision and recall of 20 frequent Kazakh nouns (places, institutions) on the hand-grouped
news list: a form is a hit of the topic when its family keys meet the query word's (what a topic
query does); the truth is the hand-made family.

    python bench/kazakh_topic_eval.py [tests/fixtures/text/kazakh_families_news.tsv]
"""

from __future__ import annotations

import sys
from pathlib import Path

from sarap.text import families, stem_eval

TOPICS = ["астана", "алматы", "қазақстан", "облыс", "аудан", "қала", "мектеп", "сот", "полиция", "министрлік",
          "әкімдік", "үкімет", "парламент", "мәжіліс", "сенат", "ауыл", "университет", "аурухана",
          "прокуратура", "комитет"]


def main(path: Path) -> None:
    rows = stem_eval.read_families(path)
    tp = fp = fn = 0
    for topic in TOPICS:
        wanted = set(families.query_keys(topic))
        for row in rows:
            hit = bool(wanted & set(families.word_keys(row.form, "kk")))
            tp += hit and row.family == topic
            fp += hit and row.family != topic
            fn += not hit and row.family == topic
    print(f"{len(TOPICS)} topics: precision {tp / (tp + fp):.3f}, recall {tp / (tp + fn):.3f} "
          f"({tp} hits right, {fp} wrong, {fn} forms missed)")


if __name__ == "__main__":
    default = stem_eval.DEFAULT_TSV.with_name("kazakh_families_news.tsv")
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
