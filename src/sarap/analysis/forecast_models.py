"""The count models behind `forecast`: predictive distributions and five ways to fit a series.

Every model fits a list of non-negative counts (oldest first) and returns a `Fitted` that gives,
for the k-th period after the data, a point forecast (the estimated expected count) and a
predictive distribution. All of it is closed-form or deterministic numerical optimisation: no
random numbers. Formulas and sources: docs/forecasting.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy import optimize, special

# No model predicts fewer expected events than this per period: a forecast of exactly zero would
# give any event the log score -inf, which no finite record justifies.
MIN_RATE = 0.05
MAX_RATE = 1e9  # keeps extreme mixture components finite
# Weak Gaussian penalty on the trend slope (log scale, per period). It only matters when the
# likelihood has no finite maximum (e.g. every event in the last period of a short window).
SLOPE_PRIOR_SD = 0.5
# Likelihood-ratio test of NB against Poisson at 5%: the null is on the boundary (alpha = 0), so
# the statistic is a 50:50 mixture of chi2(0) and chi2(1) and the critical value is chi2(1)'s 90%.
OVERDISPERSION_CRITICAL = 2.7055
QUADRATURE_NODES = 24
SES_ALPHAS = tuple(round(0.01 * i, 2) for i in range(1, 100))


def count_log_pmf(k: Any, means: Any, size: float | None) -> Any:
    """log P(Y = k) for Poisson(means), or NB2 with `size` (variance mean + mean^2/size)."""
    k, means = np.asarray(k, dtype=float), np.asarray(means, dtype=float)
    if size is None:
        return special.xlogy(k, means) - means - special.gammaln(k + 1)
    return (special.gammaln(k + size) - special.gammaln(size) - special.gammaln(k + 1)
            + size * np.log(size / (size + means)) + special.xlogy(k, means / (size + means)))


def count_cdf(k: int, means: Any, size: float | None) -> Any:
    if size is None:
        return special.pdtr(k, means)
    return special.betainc(size, k + 1, size / (size + np.asarray(means, dtype=float)))


@dataclass(frozen=True)
class Predictive:
    """A count distribution: a weighted mixture of Poisson (size None) or negative-binomial
    components (NB2, variance mu + mu^2/size) over expected counts `means`."""

    means: tuple[float, ...]
    weights: tuple[float, ...] = (1.0,)
    size: float | None = None

    @classmethod
    def poisson(cls, mean: float) -> Predictive:
        return cls((min(max(mean, MIN_RATE), MAX_RATE),))

    def _components(self) -> tuple[np.ndarray, np.ndarray]:
        return np.array(self.means), np.array(self.weights)

    def mean(self) -> float:
        means, weights = self._components()
        return float(weights @ means)

    def cdf(self, k: int) -> float:
        means, weights = self._components()
        return float(weights @ count_cdf(k, means, self.size)) if k >= 0 else 0.0

    def log_pmf(self, k: int) -> float:
        means, weights = self._components()
        return float(special.logsumexp(np.log(weights) + count_log_pmf(k, means, self.size)))

    def quantile(self, p: float) -> int:
        """The smallest k with cdf(k) >= p, by doubling then bisection."""
        low, high = 0, max(1, math.ceil(self.mean()))
        while self.cdf(high) < p:
            low, high = high + 1, high * 2
        while low < high:
            middle = (low + high) // 2
            low, high = (middle + 1, high) if self.cdf(middle) < p else (low, middle)
        return low

    def interval(self, level: float) -> tuple[int, int]:
        """The central interval: from the (1-level)/2 to the (1+level)/2 quantile."""
        return self.quantile((1 - level) / 2), self.quantile((1 + level) / 2)

    def prob_any(self) -> float:
        return 1.0 - math.exp(self.log_pmf(0))


def lognormal_mixture(log_mean: float, sd: float, size: float | None = None) -> Predictive:
    """The predictive count when the log of the expected count is Normal(log_mean, sd^2): the
    parameter uncertainty of a fitted regression, integrated by Gauss-Hermite quadrature."""
    if sd < 1e-9:
        return Predictive((_clip(math.exp(min(log_mean, 50.0))),), size=size)
    nodes, weights = _quadrature()
    means = np.exp(np.clip(log_mean + sd * nodes, -50.0, 50.0))
    clipped = np.clip(means, MIN_RATE, MAX_RATE)
    return Predictive(tuple(float(m) for m in clipped),
                      tuple(float(w) for w in weights / weights.sum()), size)


@cache
def _quadrature() -> tuple[np.ndarray, np.ndarray]:
    return hermegauss(QUADRATURE_NODES)


def _clip(mean: float) -> float:
    return min(max(mean, MIN_RATE), MAX_RATE)


@dataclass(frozen=True)
class Fitted:
    """A model fitted to one series: `point(k)` and `predictive(k)` for the k-th next period."""

    model: str
    n: int
    params: tuple[tuple[str, float], ...] = ()
    notes: tuple[str, ...] = ()
    _point: Callable[[int], float] = field(default=lambda k: 0.0, compare=False, repr=False)
    _predictive: Callable[[int], Predictive] = field(
        default=lambda k: Predictive.poisson(0.0), compare=False, repr=False)

    def point(self, step: int) -> float:
        return self._point(step)

    def predictive(self, step: int) -> Predictive:
        return self._predictive(step)

    def param(self, name: str) -> float:
        return dict(self.params)[name]


def fit_naive(counts: Sequence[int]) -> Fitted:
    last = float(counts[-1])
    return Fitted("naive", len(counts), (("last", last),),
                  _point=lambda k: last, _predictive=lambda k: Predictive.poisson(last))


def fit_mean(counts: Sequence[int]) -> Fitted:
    mean = float(np.mean(counts))
    se = math.sqrt(mean / len(counts))  # Poisson standard error of a mean count
    return Fitted("mean", len(counts), (("mean", mean), ("mean_se", se)),
                  _point=lambda k: mean, _predictive=lambda k: Predictive.poisson(mean))


# ---- regression with a linear trend on the log scale -----------------------------------------

@dataclass(frozen=True)
class _Glm:
    beta: np.ndarray  # intercept at the centre of the window, slope per period
    cov: np.ndarray
    loglik: float


def _design(n: int) -> tuple[np.ndarray, float]:
    centre = (n - 1) / 2
    return np.column_stack([np.ones(n), np.arange(n) - centre]), centre


def _loglik(y: np.ndarray, mu: np.ndarray, alpha: float) -> float:
    return float(np.sum(count_log_pmf(y, mu, None if alpha <= 0 else 1 / alpha)))


def _penalised(y: np.ndarray, x: np.ndarray, beta: np.ndarray, alpha: float) -> float:
    mu = np.exp(np.clip(x @ beta, -50, 50))
    return _loglik(y, mu, alpha) - 0.5 * (beta[1] / SLOPE_PRIOR_SD) ** 2


def _fit_glm(y: np.ndarray, alpha: float) -> _Glm:
    """Penalised maximum likelihood by Fisher scoring with step halving (log link; Poisson when
    alpha is 0, NB2 with fixed alpha otherwise)."""
    x, _ = _design(len(y))
    beta = np.array([math.log(max(float(y.mean()), MIN_RATE)), 0.0])
    prior = np.diag([0.0, 1 / SLOPE_PRIOR_SD**2])
    current = _penalised(y, x, beta, alpha)
    for _ in range(100):
        mu = np.exp(np.clip(x @ beta, -50, 50))
        weight = mu / (1 + alpha * mu)
        info = x.T @ (x * weight[:, None]) + prior
        score = x.T @ ((y - mu) / (1 + alpha * mu)) - prior @ beta
        step = np.linalg.solve(info, score)
        for _ in range(30):
            candidate = _penalised(y, x, beta + step, alpha)
            if candidate >= current - 1e-12:
                break
            step = step / 2
        beta, previous, current = beta + step, current, candidate
        if np.max(np.abs(step)) < 1e-10 or abs(current - previous) < 1e-12:
            break
    mu = np.exp(np.clip(x @ beta, -50, 50))
    info = x.T @ (x * (mu / (1 + alpha * mu))[:, None]) + prior
    return _Glm(beta, np.linalg.inv(info), _loglik(y, mu, alpha))


def _trend_fitted(model: str, y: np.ndarray, glm: _Glm, alpha: float, notes: tuple[str, ...]) -> Fitted:
    n = len(y)
    _, centre = _design(n)
    intercept, slope = (float(b) for b in glm.beta)
    size = None if alpha <= 0 else 1 / alpha

    def log_mean(step: int) -> tuple[float, float]:
        row = np.array([1.0, n - 1 + step - centre])
        return intercept + slope * row[1], math.sqrt(max(float(row @ glm.cov @ row), 0.0))

    def predictive(step: int) -> Predictive:
        return lognormal_mixture(*log_mean(step), size=size)

    params = (("intercept", intercept), ("slope", slope), ("slope_se", math.sqrt(glm.cov[1, 1])),
              ("alpha", alpha), ("loglik", glm.loglik))
    return Fitted(model, n, params, notes, _point=lambda k: math.exp(min(log_mean(k)[0], 50.0)),
                  _predictive=predictive)


def _no_events(model: str, n: int) -> Fitted:
    return Fitted(model, n, (("intercept", math.log(MIN_RATE)), ("slope", 0.0)), ("no_events",),
                  _point=lambda k: 0.0, _predictive=lambda k: Predictive.poisson(0.0))


def fit_poisson_trend(counts: Sequence[int]) -> Fitted:
    y = np.asarray(counts, dtype=float)
    if y.sum() == 0:  # the log-linear fit has no finite maximum
        return _no_events("poisson_trend", len(y))
    return _trend_fitted("poisson_trend", y, _fit_glm(y, 0.0), 0.0, ())


def fit_negbin_trend(counts: Sequence[int]) -> Fitted:
    """NB2 with the dispersion alpha by profile likelihood; Poisson when a likelihood-ratio test
    finds no overdispersion (note "no_overdispersion")."""
    y = np.asarray(counts, dtype=float)
    if y.sum() == 0:
        return _no_events("negbin_trend", len(y))
    poisson = _fit_glm(y, 0.0)
    found = optimize.minimize_scalar(lambda a: -_fit_glm(y, math.exp(a)).loglik,
                                     bounds=(math.log(1e-4), math.log(1e2)), method="bounded",
                                     options={"xatol": 1e-6})
    alpha = math.exp(float(found.x))
    negbin = _fit_glm(y, alpha)
    if 2 * (negbin.loglik - poisson.loglik) < OVERDISPERSION_CRITICAL:
        return _trend_fitted("negbin_trend", y, poisson, 0.0, ("no_overdispersion",))
    return _trend_fitted("negbin_trend", y, negbin, alpha, ())


# ---- simple exponential smoothing --------------------------------------------------------------

def _ses_errors(y: np.ndarray, alphas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One-step errors, starting levels and final levels for each alpha, the starting level
    chosen by least squares (it enters every prediction linearly, with weight (1-alpha)^t)."""
    n = len(y)
    from_zero = np.zeros((n, len(alphas)))  # predictions when the starting level is 0
    decay = np.zeros((n, len(alphas)))
    level, weight = np.zeros(len(alphas)), np.ones(len(alphas))
    for t in range(n):
        from_zero[t], decay[t] = level, weight
        level = level + alphas * (y[t] - level)
        weight = weight * (1 - alphas)
    start = np.maximum(np.sum(decay * (y[:, None] - from_zero), axis=0) / np.sum(decay**2, axis=0), 0)
    errors = y[:, None] - from_zero - decay * start
    return errors, start, level + weight * start


def fit_ses(counts: Sequence[int]) -> Fitted:
    """Simple exponential smoothing (alpha on a grid by least squares) with a count observation
    model: negative binomial matched to the mean and the ETS(A,N,N) variance, Poisson when that
    variance is not above the mean."""
    y = np.asarray(counts, dtype=float)
    alphas = np.array(SES_ALPHAS)
    errors, starts, levels = _ses_errors(y, alphas)
    best = int(np.argmin(np.round(np.sum(errors**2, axis=0), 9)))  # ties: smallest alpha
    alpha, level = float(alphas[best]), max(float(levels[best]), 0.0)
    sigma2 = float(np.sum(errors[:, best] ** 2)) / max(len(y) - 2, 1)

    def predictive(step: int) -> Predictive:
        mean = _clip(level)
        variance = sigma2 * (1 + (step - 1) * alpha**2)
        if variance <= mean * (1 + 1e-9):
            return Predictive((mean,))
        return Predictive((mean,), size=mean**2 / (variance - mean))

    params = (("alpha", alpha), ("level", level), ("start", float(starts[best])), ("sigma2", sigma2))
    return Fitted("ses", len(y), params, (), _point=lambda k: level, _predictive=predictive)


# Simplest first: ties in the back-test go to the model listed first.
MODELS: dict[str, Callable[[Sequence[int]], Fitted]] = {
    "naive": fit_naive,
    "mean": fit_mean,
    "poisson_trend": fit_poisson_trend,
    "ses": fit_ses,
    "negbin_trend": fit_negbin_trend,
}
BASELINES = ("naive", "mean")
