"""The one calibrated model that turns a text's signals into its score (Platt scaling, fitted on
held-out data):

    score = σ(b + w_rules·R + w_model·M + w_local·L + w_org·O + Σ_k w_k·K_k)

    R    the rules: the strongest category's noisy-or of the rules that fired (0–1)
    M    the shipped classifier's log-odds of "violating"; L the local (reviewer-trained) model's
    O    1 when a listed terrorist organisation is named
    K_k  the counter-signals by kind (condemn, report, court, prevention, reported_speech), 0–1
    lang_ru, lang_kk  1 for a Russian or Kazakh text: each language's own base rate (English is 0)

The weights are fitted by logistic regression on data the classifier did not see (held-out public data
for the shipped calibration; out-of-fold predictions on reviewers' decisions after `retrain`), with
bounds that keep the meaning of each part: rules, classifier and names can only raise a score,
counter-signals only lower it. Because the classifier's weight is fitted rather than capped, a
confident classifier flags a text on its own; because the score is a calibrated probability, the
threshold (0.5 by default) means "more likely violating than not" on balanced data.

After a retrain the weights are refitted on the decisions with a prior centred on the shipped weights
(strength `PRIOR`): with a few dozen decisions the shipped calibration barely moves, with thousands
the decisions decide.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import minimize

from sarap.review.rules import COUNTER_KINDS

PARTS = ("rules", "model", "local", "org", *COUNTER_KINDS, "lang_ru", "lang_kk")
_RAISING = ("rules", "model", "local", "org")
_FREE = ("lang_ru", "lang_kk")
PRIOR = 20.0  # pseudo-observations' weight of the prior when refitting on decisions


@dataclass(frozen=True)
class Calibration:
    weights: dict[str, float]
    intercept: float
    threshold: float = 0.5
    fitted_on: dict[str, Any] = field(default_factory=dict)

    def logit(self, parts: Mapping[str, float]) -> float:
        return self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in parts.items())

    def probability(self, parts: Mapping[str, float]) -> float:
        return _sigmoid(self.logit(parts))

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Scores of a matrix whose columns are PARTS."""
        w = np.array([self.weights.get(k, 0.0) for k in PARTS])
        return 1.0 / (1.0 + np.exp(-(x @ w + self.intercept)))

    def contributions(self, parts: Mapping[str, float]) -> dict[str, float]:
        """How far each signal moved the log-odds (what a reviewer reads as "why this score"), and the
        `baseline`: the intercept with the language's own term, which is where a text starts, not a reason."""
        out = {k: round(self.weights.get(k, 0.0) * v, 4) for k, v in parts.items() if v and k not in _FREE}
        baseline = self.intercept + sum(self.weights.get(k, 0.0) * parts.get(k, 0.0) for k in _FREE)
        return {**{k: v for k, v in out.items() if v}, "baseline": round(baseline, 4)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": "Platt scaling (bounded logistic regression) on held-out data",
            "weights": {k: round(v, 5) for k, v in self.weights.items()},
            "intercept": round(self.intercept, 5),
            "threshold": self.threshold,
            "fitted_on": self.fitted_on,
        }

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Calibration:
        return Calibration(
            {k: float(v) for k, v in data["weights"].items()},
            float(data["intercept"]),
            float(data.get("threshold", 0.5)),
            dict(data.get("fitted_on", {})),
        )


# The prior the shipped calibration is fitted towards: the meaning of each part, in log-odds. Where the
# held-out data says little (counter-signals are rare there), the fitted weight stays near it.
PRIOR_WEIGHTS = Calibration(
    {
        "rules": 6.0,
        "model": 1.0,
        "local": 1.0,
        "org": 0.5,
        "condemn": -5.0,
        "report": -3.5,
        "court": -3.5,
        "prevention": -5.0,
        "reported_speech": -2.0,
    },
    -4.0,
    fitted_on={"data": "prior: hand-set meaning of each part"},
)

# Used only when no calibration file ships (a development checkout without the trained model).
RULES_ONLY = Calibration(
    {
        "rules": 6.0,
        "org": 0.3,
        "condemn": -4.0,
        "report": -3.0,
        "court": -3.0,
        "prevention": -4.0,
        "reported_speech": -2.0,
    },
    -3.2,
    fitted_on={"data": "none: hand-set for rules only"},
)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def matrix(rows: Sequence[Mapping[str, float]]) -> np.ndarray:
    return np.array([[r.get(k, 0.0) for k in PARTS] for r in rows], dtype=float).reshape(
        len(rows), len(PARTS)
    )


def fit(
    x: np.ndarray,
    y: Sequence[int],
    *,
    prior: Calibration | None = None,
    prior_strength: float = PRIOR,
    l2: float = 0.01,
    fitted_on: dict[str, Any] | None = None,
    threshold: float = 0.5,
    balanced: bool = False,
) -> Calibration:
    """Bounded logistic regression of y on the parts (columns of x, in PARTS order). Unweighted, the
    score is the probability at the held-out data's own share of violating texts; `balanced` weighs
    both classes equally (as if half the texts were violating)."""
    labels = np.asarray(y, dtype=float)
    n_pos, n_neg = labels.sum(), len(labels) - labels.sum()
    if not n_pos or not n_neg:
        raise ValueError("calibration needs both violating and not-violating examples")
    sample = (
        np.where(labels == 1, len(labels) / (2 * n_pos), len(labels) / (2 * n_neg))
        if balanced
        else np.ones(len(labels))
    )
    centre = np.zeros(len(PARTS) + 1)
    strength = l2
    if prior is not None:
        centre = np.array([prior.intercept, *[prior.weights.get(k, 0.0) for k in PARTS]])
        strength = prior_strength / max(len(labels), 1)
    design = np.column_stack([np.ones(len(labels)), x])

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = design @ theta
        p = 1.0 / (1.0 + np.exp(-z))
        eps = 1e-12
        nll = -np.sum(sample * (labels * np.log(p + eps) + (1 - labels) * np.log(1 - p + eps))) / len(labels)
        grad = design.T @ (sample * (p - labels)) / len(labels)
        diff = theta - centre
        diff[0] = 0.0 if prior is None else diff[0]
        return float(nll + strength * np.sum(diff**2)), grad + 2 * strength * diff

    bounds = [(None, None)] + [
        (None, None) if k in _FREE else (0.0, None) if k in _RAISING else (None, 0.0) for k in PARTS
    ]
    start = np.clip(
        centre,
        [b[0] if b[0] is not None else -np.inf for b in bounds],
        [b[1] if b[1] is not None else np.inf for b in bounds],
    )
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    theta = result.x
    return Calibration(
        {k: float(theta[i + 1]) for i, k in enumerate(PARTS)},
        float(theta[0]),
        threshold,
        dict(fitted_on or {}),
    )
