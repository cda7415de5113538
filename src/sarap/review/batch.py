"""Scoring a file of texts without touching the queue (`sarap review score`), and measuring the queue on
a labelled file (`sarap review eval`): precision, recall, F1, AUC and the confusion matrix at the
threshold the queue uses.

Files are CSV (with a header) or JSON Lines; the text is read from a named column/key. Rows are read
and scored in chunks, so a large file streams; a row without text is reported as that row's error,
never as a failure of the file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from sarap.core.errors import InvalidInput, Problem
from sarap.review.scoring import Scored, Scorer

CHUNK = 2000
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True)
class InRow:
    row: int  # the line number in the file (the header is line 1 of a CSV)
    record: dict[str, Any] | None
    problem: str | None = None


def _open_text(path: Path) -> Any:
    if not path.is_file():
        raise InvalidInput([Problem("no such file", file=str(path), expected="a CSV or JSON Lines file")])
    return path.open(encoding="utf-8-sig", newline="")


def read(path: Path, columns: Sequence[str]) -> Iterator[InRow]:
    """The rows of a CSV or JSON Lines file; CSV must have the named columns in its header."""
    fh = _open_text(path)
    try:
        if path.suffix.lower() in JSON_SUFFIXES:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield InRow(number, None, f"not JSON ({exc.msg})")
                    continue
                yield InRow(
                    number,
                    record if isinstance(record, dict) else None,
                    None if isinstance(record, dict) else "not a JSON object",
                )
            return
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(
                [
                    Problem(
                        "missing column",
                        file=path.name,
                        row=1,
                        column=c,
                        value=",".join(reader.fieldnames or []),
                        expected=f"a header with a {c!r} column",
                    )
                    for c in missing
                ]
            )
        for record in reader:
            yield InRow(reader.line_num, dict(record))
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            [Problem("not UTF-8 text", file=path.name, expected="a UTF-8 file", value=str(exc.reason))]
        ) from None
    finally:
        fh.close()


def _text(row: InRow, column: str) -> tuple[str | None, str | None]:
    if row.record is None:
        return None, row.problem
    value = row.record.get(column)
    if value is None or not str(value).strip():
        return None, f"empty or missing {column!r}"
    return str(value), None


def score_file(scorer: Scorer, path: Path, column: str, *, explain: bool = False) -> Iterator[dict[str, Any]]:
    """One result per row, in file order: row, score, flagged, category, reasons (or the row's error)."""
    rows = read(path, [column])
    while chunk := list(islice(rows, CHUNK)):
        texts = [_text(r, column) for r in chunk]
        good = [t for t, _ in texts if t is not None]
        scored = iter(scorer.score_many(good, explain=explain))
        for r, (text, problem) in zip(chunk, texts, strict=True):
            if text is None:
                yield {
                    "row": r.row,
                    "score": None,
                    "flagged": False,
                    "category": None,
                    "reasons": {},
                    "error": problem,
                }
            else:
                yield result(r.row, next(scored))


def result(row: int, s: Scored) -> dict[str, Any]:
    return {
        "row": row,
        "score": s.score,
        "flagged": s.flagged,
        "category": s.category,
        "lang": s.lang,
        "covered": s.covered,
        "reasons": s.reasons,
    }


def evaluate(
    scorer: Scorer, path: Path, text_column: str, label_column: str, positive: Sequence[str]
) -> dict[str, Any]:
    """The queue's precision, recall, F1 and AUC on a labelled file, at its threshold."""
    wanted = {p.strip().lower() for p in positive}
    labels: list[int] = []
    scores: list[float] = []
    flagged: list[bool] = []
    skipped: list[dict[str, Any]] = []
    not_covered = 0
    rows = read(path, [text_column, label_column])
    while chunk := list(islice(rows, CHUNK)):
        keep = []
        for r in chunk:
            text, problem = _text(r, text_column)
            label = None if r.record is None else r.record.get(label_column)
            if text is None or label is None or not str(label).strip():
                skipped.append({"row": r.row, "error": problem or f"empty or missing {label_column!r}"})
                continue
            keep.append((text, int(str(label).strip().lower() in wanted)))
        for (_, y), s in zip(keep, scorer.score_many([t for t, _ in keep]), strict=True):
            labels.append(y)
            scores.append(s.score)
            flagged.append(s.flagged)
            not_covered += not s.covered
    return figures(labels, scores, flagged) | {
        "file": path.name,
        "threshold": scorer.threshold,
        "positive": sorted(wanted),
        "not_covered": not_covered,
        "skipped": len(skipped),
        "skipped_rows": skipped[:20],
    }


def figures(labels: Sequence[int], scores: Sequence[float], flagged: Sequence[bool]) -> dict[str, Any]:
    y, f = np.asarray(labels, dtype=int), np.asarray(flagged, dtype=bool)
    tp, fp = int((f & (y == 1)).sum()), int((f & (y == 0)).sum())
    fn, tn = int((~f & (y == 1)).sum()), int((~f & (y == 0)).sum())
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    auc = float(roc_auc_score(y, scores)) if 0 < y.sum() < len(y) else None

    def r(v: float | None) -> float | None:
        return None if v is None else round(v, 4)

    return {
        "n": len(y),
        "positives": int(y.sum()),
        "precision": r(precision),
        "recall": r(recall),
        "f1": r(f1),
        "auc": r(auc),
        "false_positive_rate": r(fp / (fp + tn) if fp + tn else None),
        "confusion": {"true_positive": tp, "false_positive": fp, "false_negative": fn, "true_negative": tn},
    }
