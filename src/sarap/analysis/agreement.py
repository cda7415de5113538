"""Agreement between coders on nominal categories: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha.

Written out from the published formulas (Cohen 1960; Fleiss 1971; Krippendorff 2011, "Computing
Krippendorff's alpha-reliability") so that every number can be followed by hand; tests check them
against the worked examples of those sources.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import permutations

Value = Hashable


@dataclass(frozen=True)
class Agreement:
    """A coefficient with what it was computed from: observed and chance agreement, items used."""

    measure: str
    value: float  # NaN when undefined (e.g. every item in one category)
    observed: float
    expected: float
    items: int
    coders: int

    def to_dict(self) -> dict[str, object]:
        return {"measure": self.measure, "value": None if math.isnan(self.value) else self.value,
                "observed": self.observed, "expected": self.expected, "items": self.items,
                "coders": self.coders}


def _chance_corrected(observed: float, expected: float) -> float:
    if expected >= 1.0:
        return math.nan  # no variation at all: agreement beyond chance is not defined
    return (observed - expected) / (1.0 - expected)


def cohen_kappa(pairs: Sequence[tuple[Value, Value]]) -> Agreement:
    """Two coders, each item coded by both: κ = (p_o − p_e) / (1 − p_e), with p_e from each coder's
    own marginal distribution."""
    n = len(pairs)
    if n == 0:
        return Agreement("cohen_kappa", math.nan, math.nan, math.nan, 0, 2)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    return Agreement("cohen_kappa", _chance_corrected(observed, expected), observed, expected, n, 2)


def fleiss_kappa(items: Sequence[Sequence[Value]]) -> Agreement:
    """Any number m ≥ 2 of ratings per item, the same m for every item (the raters need not be the
    same people). P_i = (Σ_j n_ij² − m) / (m(m − 1)); p_j = Σ_i n_ij / (N m); κ = (P̄ − P̄_e)/(1 − P̄_e)."""
    if not items:
        return Agreement("fleiss_kappa", math.nan, math.nan, math.nan, 0, 0)
    m = len(items[0])
    if m < 2 or any(len(ratings) != m for ratings in items):
        raise ValueError("Fleiss' kappa needs the same number (at least 2) of ratings for every item")
    totals: Counter[Value] = Counter()
    per_item = 0.0
    for ratings in items:
        counts = Counter(ratings)
        totals.update(counts)
        per_item += (sum(c * c for c in counts.values()) - m) / (m * (m - 1))
    n = len(items)
    observed = per_item / n
    expected = sum((t / (n * m)) ** 2 for t in totals.values())
    return Agreement("fleiss_kappa", _chance_corrected(observed, expected), observed, expected, n, m)


def coincidences(units: Sequence[Sequence[Value | None]]) -> dict[tuple[Value, Value], float]:
    """Krippendorff's coincidence matrix: every ordered pair of values within a unit, weighted
    1/(m_u − 1); missing values (None) and units with fewer than two values do not count."""
    matrix: dict[tuple[Value, Value], float] = {}
    for unit in units:
        values = [v for v in unit if v is not None]
        if len(values) < 2:
            continue
        weight = 1.0 / (len(values) - 1)
        for c, k in permutations(values, 2):
            matrix[(c, k)] = matrix.get((c, k), 0.0) + weight
    return matrix


def krippendorff_alpha_nominal(units: Sequence[Sequence[Value | None]]) -> Agreement:
    """α = 1 − D_o/D_e for nominal data, missing values allowed: one list per unit with each coder's
    value or None. `observed`/`expected` are the agreement shares 1 − D_o and 1 − D_e."""
    matrix = coincidences(units)
    margins: Counter[Value] = Counter()
    for (c, _), o in matrix.items():
        margins[c] += o  # type: ignore[assignment]
    n = sum(margins.values())
    coders = max((len(u) for u in units), default=0)
    pairable = sum(1 for u in units if sum(v is not None for v in u) >= 2)
    if n <= 1:
        return Agreement("krippendorff_alpha", math.nan, math.nan, math.nan, pairable, coders)
    disagree_observed = sum(o for (c, k), o in matrix.items() if c != k) / n
    disagree_expected = (n * n - sum(v * v for v in margins.values())) / (n * (n - 1))
    value = math.nan if disagree_expected == 0 else 1.0 - disagree_observed / disagree_expected
    return Agreement("krippendorff_alpha", value, 1.0 - disagree_observed, 1.0 - disagree_expected,
                     pairable, coders)
