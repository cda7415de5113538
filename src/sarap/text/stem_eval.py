"""How well the Kazakh stemmer groups word forms into families, measured on a hand-checked list.

Pairwise, as clustering is usually scored: every pair of forms that get the same stem is a predicted
pair, every pair of forms in the same hand-made family a true pair. Precision: the share of
predicted pairs that are true (low = over-stemming merges different words). Recall: the share of
true pairs that are predicted (low = under-stemming leaves one word's forms apart).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from sarap.core.errors import InvalidInput, Problem
from sarap.text import kazakh

# The list is test data and lives with the tests (the repository checkout the CLI runs from).
DEFAULT_TSV = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "text" / "kazakh_families.tsv"


@dataclass(frozen=True)
class FamilyForm:
    form: str
    family: str
    note: str = ""


@dataclass(frozen=True)
class StemEvaluation:
    forms: int
    families: int
    stems: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    over_stemmed: list[tuple[str, str, str]]  # (form, form, the shared stem) from different families
    under_stemmed: list[tuple[str, str, str, str]]  # (form, its stem, form, its stem) of one family

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_families(path: Path) -> list[FamilyForm]:
    """The TSV: `form<TAB>family[<TAB>note]`, a header line `form family note`, `#` comments."""
    rows: list[FamilyForm] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for line_no, cells in enumerate(csv.reader(fh, delimiter="\t"), start=1):
            if not cells or cells[0].startswith("#") or cells[0] == "form":
                continue
            if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
                problems.append(Problem("a row needs a form and a family", file=str(path), row=line_no,
                                        value="\t".join(cells), expected="form<TAB>family[<TAB>note]"))
                continue
            form = cells[0].strip().lower()
            if form in seen:
                problems.append(Problem(f"form listed twice (first on line {seen[form]})", file=str(path),
                                        row=line_no, column="form", value=form, expected="each form once"))
                continue
            seen[form] = line_no
            rows.append(FamilyForm(form, cells[1].strip(), cells[2].strip() if len(cells) > 2 else ""))
    if problems:
        raise InvalidInput(problems)
    return rows


def _pairs(groups: Iterable[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}  # type: ignore[misc]


def evaluate(rows: list[FamilyForm], stemmer: Callable[[str], str] = kazakh.stem) -> StemEvaluation:
    stems = {r.form: stemmer(r.form) for r in rows}
    family = {r.form: r.family for r in rows}
    by_family: dict[str, list[str]] = defaultdict(list)
    by_stem: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        by_family[r.family].append(r.form)
        by_stem[stems[r.form]].append(r.form)
    true_pairs = _pairs(by_family.values())
    predicted = _pairs(by_stem.values())
    over = sorted((a, b, stems[a]) for a, b in predicted - true_pairs)
    under = sorted((a, stems[a], b, stems[b]) for a, b in true_pairs - predicted)
    return StemEvaluation(forms=len(rows), families=len(by_family), stems=len(by_stem),
                          true_pairs=len(true_pairs), predicted_pairs=len(predicted),
                          correct_pairs=len(true_pairs & predicted), over_stemmed=over,
                          under_stemmed=under) if family else StemEvaluation(0, 0, 0, 0, 0, 0, [], [])


def evaluate_file(path: Path | None = None) -> StemEvaluation:
    path = path or DEFAULT_TSV
    if not path.is_file():
        raise InvalidInput([Problem("no such file", file=str(path),
                                    expected="a TSV of form<TAB>family rows (--tsv PATH)")])
    return evaluate(read_families(path))
