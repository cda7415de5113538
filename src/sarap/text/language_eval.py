"""How often language identification gives the expected language, on a file of texts that are all in
one known language (a public corpus: see docs/language-identification.md).

Input: JSON Lines (one object a line, the text under `column`, default "text"), CSV with a header
(the same column), or plain text (one text a line). Blank texts are left out.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sarap.core.errors import InvalidInput, Problem
from sarap.text import language, normalise


@dataclass(frozen=True)
class LanguageEvaluation:
    expected: str
    texts: int
    verdicts: dict[str, int]  # verdict → number of texts
    reasons: dict[str, int]  # why (the rule or the model) → number of texts
    misses: list[tuple[int, str, str, str]]  # (row, verdict, reason, text) of texts not given `expected`

    @property
    def accuracy(self) -> float:
        return self.verdicts.get(self.expected, 0) / self.texts if self.texts else 0.0

    def to_dict(self, misses: int = 0) -> dict[str, object]:
        out: dict[str, object] = {"expected": self.expected, "texts": self.texts,
                                  "accuracy": round(self.accuracy, 4), "verdicts": self.verdicts,
                                  "reasons": self.reasons}
        if misses:
            out["misses"] = [{"row": r, "lang": v, "reason": why, "text": t}
                             for r, v, why, t in self.misses[:misses]]
        return out


def read_texts(path: Path, column: str = "text") -> list[tuple[int, str]]:
    """(row number, text) of every non-blank text of the file; rows are 1-based lines (CSV: data rows
    counted after the header line, as a spreadsheet numbers them)."""
    if not path.is_file():
        raise InvalidInput([Problem("no such file", file=str(path), expected="a .jsonl, .csv or .txt file")])
    suffix = path.suffix.lower()
    out: list[tuple[int, str]] = []
    problems: list[Problem] = []
    with path.open(encoding="utf-8", newline="") as fh:
        if suffix in (".jsonl", ".ndjson"):
            for row, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    problems.append(Problem(f"not JSON: {exc.msg}", file=str(path), row=row,
                                            expected="one JSON object a line"))
                    continue
                value = record.get(column) if isinstance(record, dict) else None
                if not isinstance(value, str):
                    problems.append(Problem("no text", file=str(path), row=row, column=column,
                                            expected=f"a string under {column!r}"))
                elif value.strip():
                    out.append((row, value))
        elif suffix == ".csv":
            reader = csv.DictReader(fh)
            if column not in (reader.fieldnames or []):
                raise InvalidInput([Problem("no such column", file=str(path), row=1, column=column,
                                            expected=f"a header with {column!r} (--column)")])
            for row, record in enumerate(reader, start=2):
                if (record.get(column) or "").strip():
                    out.append((row, record[column]))
        else:
            out = [(row, line.rstrip("\n")) for row, line in enumerate(fh, start=1) if line.strip()]
    if problems:
        raise InvalidInput(problems)
    return out


def evaluate(texts: list[tuple[int, str]], expected: str) -> LanguageEvaluation:
    if expected not in language.LANGUAGES:
        raise InvalidInput([Problem("unknown language", column="expect", value=expected,
                                    expected=", ".join(language.LANGUAGES))])
    guesses = language.identify_batch(normalise.normalise_batch([t for _, t in texts]))
    verdicts = Counter(g.lang for g in guesses)
    reasons = Counter(g.reason for g in guesses)
    misses = [(row, g.lang, g.reason, text) for (row, text), g in zip(texts, guesses, strict=True)
              if g.lang != expected]
    return LanguageEvaluation(expected, len(texts), dict(verdicts.most_common()), dict(reasons.most_common()),
                              misses)
