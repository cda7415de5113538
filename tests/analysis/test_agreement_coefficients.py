"""The agreement coefficients against the worked examples of their sources, by hand."""

import math

import pytest

from sarap.analysis.agreement import cohen_kappa, fleiss_kappa, krippendorff_alpha_nominal


def test_cohen_kappa_on_the_wikipedia_worked_example():
    # 50 proposals, two readers: yes/yes 20, yes/no 5, no/yes 10, no/no 15.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    result = cohen_kappa(pairs)
    # p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5
    assert result.observed == pytest.approx(0.7)
    assert result.expected == pytest.approx(0.5)
    assert result.value == pytest.approx(0.4)
    assert result.items == 50


def test_fleiss_kappa_on_the_wikipedia_worked_example():
    # 10 subjects, 14 raters each, 5 categories (counts per category).
    table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
             [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    items = [[cat for cat, n in enumerate(row) for _ in range(n)] for row in table]
    result = fleiss_kappa(items)
    assert result.observed == pytest.approx(0.378, abs=5e-4)   # P̄
    assert result.expected == pytest.approx(0.213, abs=5e-4)   # P̄_e
    assert result.value == pytest.approx(0.210, abs=5e-4)
    assert (result.items, result.coders) == (10, 14)


def test_fleiss_kappa_refuses_items_with_different_numbers_of_ratings():
    with pytest.raises(ValueError, match="same number"):
        fleiss_kappa([["a", "b"], ["a", "a", "b"]])


def test_krippendorff_alpha_nominal_on_the_2011_paper_example_with_missing_values():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers, 12 units, gaps.
    N = None
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3]
    c = [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]
    result = krippendorff_alpha_nominal(list(zip(a, b, c, d, strict=True)))
    assert result.value == pytest.approx(0.743, abs=5e-4)
    assert result.items == 11  # unit 12 has one value only and is not pairable


def test_two_coders_without_missing_values_alpha_is_close_to_kappa():
    # 4 items, 3 agree: o = 6 on the diagonal, 2 off; n_a = 5, n_b = 3; α = 1 − 7·2/(64 − 34) = 0.5333…
    result = krippendorff_alpha_nominal([["a", "a"], ["a", "a"], ["b", "b"], ["a", "b"]])
    assert result.value == pytest.approx(1 - 7 * 2 / 30)


def test_no_variation_leaves_the_coefficients_undefined_not_perfect():
    assert math.isnan(cohen_kappa([("a", "a"), ("a", "a")]).value)
    assert math.isnan(krippendorff_alpha_nominal([["a", "a"], ["a", "a"]]).value)
