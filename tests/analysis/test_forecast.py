"""Forecasts on synthetic series whose truth is known."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from sarap.analysis import forecast as fc
from sarap.analysis.forecast_models import MODELS, Predictive, fit_negbin_trend, fit_poisson_trend
from sarap.core.errors import InvalidInput

RATE = 3.0


def yearly(counts, first=1991):
    return fc.series_from_counts([(first + i, int(c)) for i, c in enumerate(counts)])


@pytest.fixture(scope="module")
def constant_rate() -> fc.ForecastReport:
    counts = np.random.default_rng(20240601).poisson(RATE, 30)
    return fc.forecast(yearly(counts))


def test_back_tests_cover_a_known_constant_rate(constant_rate):
    for result in constant_rate.models:
        score = result.score(1)
        assert score is not None and score.origins == 30 - fc.MIN_TRAIN
        if result.model == "naive":
            # Poisson(last value) ignores the noise in the last value: even with the true rate its
            # expected 95% coverage is only 0.85 (see _naive_expected_coverage), so it gets a margin.
            assert score.coverage95 >= 0.7
        else:
            assert score.coverage95 >= 0.85, result.model


def _naive_expected_coverage(rate: float) -> float:
    total = 0.0
    for last in range(40):
        low, high = Predictive.poisson(last).interval(0.95)
        total += stats.poisson.pmf(last, rate) * (stats.poisson.cdf(high, rate)
                                                  - stats.poisson.cdf(low - 1, rate))
    return total


def test_naive_coverage_margin_is_what_theory_gives():
    assert 0.84 < _naive_expected_coverage(RATE) < 0.86


def test_forecasts_hold_the_true_rate_within_their_95_percent_interval(constant_rate):
    for result in constant_rate.models:
        low, high = result.forecasts[0].interval95
        assert low <= RATE <= high, result.model
        assert low <= result.forecasts[0].mean <= high
    mean = dict(constant_rate.model("mean").params)
    assert abs(mean["mean"] - RATE) <= 2 * mean["mean_se"]


def test_poisson_trend_recovers_a_known_log_linear_trend():
    periods = np.arange(40)
    counts = np.random.default_rng(7).poisson(np.exp(0.4 + 0.05 * periods))
    fitted = fit_poisson_trend(counts.tolist())
    assert abs(fitted.param("slope") - 0.05) <= 2 * fitted.param("slope_se")


def test_negative_binomial_estimates_overdispersion_and_falls_back_without_it():
    rng = np.random.default_rng(11)
    overdispersed = rng.negative_binomial(1.0, 1 / (1 + 4.0), 40).tolist()  # mean 4, alpha 1
    fitted = fit_negbin_trend(overdispersed)
    assert fitted.notes == () and 0.3 < fitted.param("alpha") < 3
    poisson = fit_negbin_trend(rng.poisson(RATE, 40).tolist())
    assert poisson.notes == ("no_overdispersion",) and poisson.param("alpha") == 0


def test_summary_says_when_the_negative_binomial_model_fell_back(constant_rate):
    assert "no_overdispersion" in constant_rate.model("negbin_trend").notes
    assert "found no overdispersion" in constant_rate.summary("en")
    assert "избыточной дисперсии" in constant_rate.summary("ru")


def test_chosen_model_has_the_best_log_score_and_ties_go_to_the_simpler(constant_rate):
    best = max(m.score(1).log_score for m in constant_rate.models)
    assert constant_rate.chosen_model.score(1).log_score == pytest.approx(best, abs=1e-6)
    # On these counts the NB model is the Poisson model: it must never win the tie.
    poisson = constant_rate.model("poisson_trend").score(1)
    assert constant_rate.model("negbin_trend").score(1) == replace(poisson, model="negbin_trend")
    assert constant_rate.chosen != "negbin_trend"


def test_back_tests_use_only_the_periods_before_each_origin():
    counts = [1, 0, 2, 1, 3, 0, 1, 2, 1, 0, 2, 50]
    report = fc.forecast(yearly(counts, 2000), backtest_steps=2)
    naive = [t for t in report.trials if t.model == "naive"]
    for trial in naive:
        target = int(trial.target) - 2000
        assert trial.point == counts[int(trial.origin) - 2000]
        assert trial.observed == counts[target]
    before_spike = next(t for t in report.trials if t.model == "mean" and t.target == "2011" and t.step == 1)
    assert before_spike.point == pytest.approx(sum(counts[:-1]) / 11)
    assert [s.origins for s in report.model("mean").scores] == [4, 3]


def test_two_runs_give_identical_reports():
    counts = np.random.default_rng(5).poisson(1.5, 20).tolist()
    first, second = fc.forecast(yearly(counts), horizon=4), fc.forecast(yearly(counts), horizon=4)
    assert first == second
    assert first.summaries() == second.summaries()


def test_forecast_gives_intervals_and_probability_of_any_event_for_each_next_period(constant_rate):
    result = constant_rate.chosen_model
    assert [f.label for f in result.forecasts] == ["2021", "2022", "2023"]
    for item in result.forecasts:
        assert item.interval95[0] <= item.interval80[0] <= item.interval80[1] <= item.interval95[1]
        assert 0.9 < item.p_any < 1


def test_mean_and_naive_use_a_poisson_with_that_mean():
    assert Predictive.poisson(3.0).interval(0.95) == (0, 7)
    assert Predictive.poisson(3.0).prob_any() == pytest.approx(1 - math.exp(-3))


def test_too_few_data_say_forecasting_is_not_meaningful_and_show_the_baselines():
    report = fc.forecast(yearly([0, 1, 0, 0, 2, 0, 0, 0, 1], 2010))
    assert report.trust == "insufficient"
    assert [m.model for m in report.models] == ["naive", "mean"]
    assert "4 events in 9 years" in report.summary("en")
    assert "not meaningful" in report.summary("en")
    assert "не имеет смысла" in report.summary("ru")
    assert "мағынасыз" in report.summary("kk")
    assert "0.44 events a year" in report.summary("en")
    short = fc.forecast(yearly([3, 4, 2, 5], 2020))
    assert short.trust == "insufficient" and short.origins == 0
    assert "at least 5 events and 8 years" in short.summary("en")


def test_summary_states_what_it_rests_on_and_how_models_did(constant_rate):
    events = sum(constant_rate.series.counts)
    english = constant_rate.summary("en")
    assert f"rests on {events} events in 30 years (1991–2020)" in english
    assert "22 rolling forecast origins" in english
    assert f"событий за это время: {events}" in constant_rate.summary("ru")
    assert "30 жыл" in constant_rate.summary("kk")
    assert constant_rate.trust == "moderate"


def test_few_events_give_low_trust_and_say_intervals_are_wide():
    counts = [0, 1, 0, 0, 2, 0, 1, 0, 0, 3, 0, 0, 1, 0, 0, 2, 0, 0]
    report = fc.forecast(yearly(counts))
    assert report.trust == "low"
    assert "intervals are wide" in report.summary("en")


def test_quarterly_labels_continue_across_years():
    series = fc.series_from_counts([("2023-Q3", 1), ("2023-Q4", 0), ("2024-Q1", 2)])
    assert series.freq == "quarter"
    assert fc.next_labels(series, 3) == ["2024-Q2", "2024-Q3", "2024-Q4"]


def test_gaps_and_negative_counts_are_refused_with_the_row():
    with pytest.raises(InvalidInput, match="not consecutive.*2001") as gap:
        fc.series_from_counts([(2000, 1), (2002, 0)])
    with pytest.raises(InvalidInput, match="not a count") as negative:
        fc.series_from_counts([(2000, 1), (2001, -1)])
    assert gap.value.problems[0].row == negative.value.problems[0].row == 2


def test_every_model_is_in_the_report_in_order_of_simplicity(constant_rate):
    assert [m.model for m in constant_rate.models] == list(MODELS)
