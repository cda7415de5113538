"""Readers for the public labelled corpora in their published layouts, for training the shipped
models and for `sarap sentiment eval FILE --format …`.

- kazsandra: a KazSAnDRA polarity (PC) file (IS2AI): CSV with `text` and `label` (0 negative,
  1 positive); `custom_id`, `text_cleaned`, `domain` may be there too.
- rusentiment: a RuSentiment file (text-machine-lab): CSV with `label` and `text`.
- rusentitweet: a RuSentiTweet file (Smetanin): CSV with `text`, `label`, `id`.

RuSentiment and RuSentiTweet share the RuSentiment guidelines' five classes: positive, negative,
neutral, speech (formulaic greetings, thanks, congratulations) and skip (unclear, noise, or not the
user's own text). Our sentiment labels are three, so speech counts as positive and skip as neutral
(NATIVE_TO_SENTIMENT); an evaluation reports both the five native classes and the three.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sarap.core.errors import InvalidInput, Problem

FORMATS = ("kazsandra", "rusentiment", "rusentitweet")
FORMAT_LANG = {"kazsandra": "kk", "rusentiment": "ru", "rusentitweet": "ru"}
KAZSANDRA_LABELS = {"0": "negative", "1": "positive"}
RUSENTIMENT_LABELS = ("positive", "negative", "neutral", "speech", "skip")
NATIVE_TO_SENTIMENT = {"positive": "positive", "negative": "negative", "neutral": "neutral",
                       "speech": "positive", "skip": "neutral"}
MAX_ERRORS = 20


@dataclass(frozen=True)
class Example:
    row: int  # the line of the CSV record's start (the header is line 1)
    text: str
    label: str  # the corpus's own class: negative/positive (KazSAnDRA), or the five RuSentiment ones


def classes(fmt: str) -> tuple[str, ...]:
    return ("negative", "positive") if fmt == "kazsandra" else RUSENTIMENT_LABELS


def read(path: Path, fmt: str) -> list[Example]:
    """Every labelled text of a file in the named public layout. Errors name the file, the row and
    the column, and are collected (up to MAX_ERRORS) before one InvalidInput is raised."""
    if fmt not in FORMATS:
        raise InvalidInput([Problem("unknown layout", column="format", value=fmt,
                                    expected=" or ".join(FORMATS))])
    if not path.is_file():
        raise InvalidInput([Problem("no such file", file=str(path))])
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    mapping = KAZSANDRA_LABELS if fmt == "kazsandra" else {c: c for c in RUSENTIMENT_LABELS}
    expected = ", ".join(mapping)
    out: list[Example] = []
    problems: list[Problem] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("text", "label") if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput([Problem(f"no column {', '.join(missing)}", file=str(path), row=1,
                                        value=",".join(reader.fieldnames or []),
                                        expected=f"a {fmt} CSV header with text and label")])
        line = reader.line_num
        for record in reader:
            row, line = line + 1, reader.line_num
            label = (record.get("label") or "").strip().lower()
            text = record.get("text")
            if label not in mapping:
                problems.append(Problem("unknown label", file=str(path), row=row, column="label", value=label,
                                        expected=expected))
            elif text is None or not text.strip():
                problems.append(Problem("empty text", file=str(path), row=row, column="text",
                                        expected="the text of the post or review"))
            else:
                out.append(Example(row, text, mapping[label]))
            if len(problems) >= MAX_ERRORS:
                break
    if problems:
        raise InvalidInput(problems)
    if not out:
        raise InvalidInput([Problem("no labelled rows", file=str(path), expected=f"rows of {fmt} data")])
    return out


def evaluate_file(path: Path, fmt: str, *, method: str = "auto", data_dir: Path | None = None,
                  batch: int = 2000, progress: Callable[[int, int], None] = lambda done, total: None,
                  ) -> dict[str, Any]:
    """Scores every text of a public-layout file in the layout's language and compares with its
    labels: per-class precision/recall/F1, macro-F1, accuracy and the confusion matrix, over the
    corpus's own classes and over positive/negative/neutral (RuSentiment layouts only)."""
    from sarap.text import linear_model as lm
    from sarap.text.sentiment.scoring import sentiment_batch

    examples = read(path, fmt)
    lang = FORMAT_LANG[fmt]
    native: list[str] = []
    models: Counter[str] = Counter()
    for start in range(0, len(examples), batch):
        chunk = examples[start:start + batch]
        for r in sentiment_batch([e.text for e in chunk], [lang] * len(chunk), data_dir=data_dir,
                                 method=method, explain=False):
            native.append(r.native or r.label)
            models[r.model or "unscored"] += 1
        progress(len(native), len(examples))
    gold = [e.label for e in examples]
    out: dict[str, Any] = {"file": str(path), "format": fmt, "lang": lang, "method": method,
                           "rows": len(examples), "models": dict(models),
                           "classes": lm.scores(gold, native, classes(fmt))}
    if fmt != "kazsandra":
        mapped = ("positive", "negative", "neutral")
        out["sentiment"] = lm.scores([NATIVE_TO_SENTIMENT[g] for g in gold],
                                     [NATIVE_TO_SENTIMENT.get(p, p) for p in native], mapped)
    return out
