"""Scoring speed of the shipped sentiment models (sarap.text.linear_model) in texts per CPU-second,
and the ratio to the target of 2,000 texts per CPU-second; also the whole `sentiment_batch` (which
adds normalisation, the lexicon's explanation and model features).

Texts: the fixture sentences of tests/fixtures/sentiment, repeated (N texts, default 20,000).
Run: .venv/bin/python bench/sentiment_speed.py [N]
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from sarap.text.sentiment import classifier, sentiment_batch

TARGET = 2000.0
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sentiment"


def texts(lang: str, n: int) -> list[str]:
    name = "kazsandra_pc.csv" if lang == "kk" else "rusentiment.csv"
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        base = [row["text"] for row in csv.DictReader(fh)]
    return [f"{base[i % len(base)]} {i}" for i in range(n)]


def per_cpu_second(run: object, items: list[str]) -> float:
    start = time.process_time()
    run(items)  # type: ignore[operator]
    return len(items) / max(time.process_time() - start, 1e-9)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    for lang in ("kk", "ru"):
        model = classifier.load_public(lang)
        if model is None:
            print(f"{lang}: no shipped model")
            continue
        items = texts(lang, n)
        raw = per_cpu_second(model.linear.predict_proba, items)
        whole = per_cpu_second(lambda t, lang=lang: sentiment_batch(t, [lang] * len(t)), items[: n // 4])
        print(f"{lang}: {len(model.linear.feature_names)} features; predict_proba {raw:,.0f} texts/CPU-s "
              f"({raw / TARGET:.2f}× the target); sentiment_batch with explanations {whole:,.0f} texts/CPU-s "
              f"({whole / TARGET:.2f}×)")


if __name__ == "__main__":
    main()
