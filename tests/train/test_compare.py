"""`compare_outcomes`: paired differences, the exact McNemar test and a bootstrap interval over problems."""

from __future__ import annotations

import pytest

from aoi.train.compare import compare_outcomes, mcnemar_p


def _outcomes(solved: set[str], problems: int = 20, k: int = 2) -> dict[tuple[str, int], bool]:
    return {(f"p{i}", j): f"p{i}" in solved for i in range(problems) for j in range(k)}


def test_identical_evaluations_show_no_difference():
    same = _outcomes({"p1", "p2"})
    result = compare_outcomes(same, same)
    assert (result.difference, result.ci95, result.p_value) == (0.0, (0.0, 0.0), 1.0)
    assert (result.before, result.after, result.pairs) == (0.1, 0.1, 40)


def test_a_consistent_gain_is_significant_and_its_interval_excludes_zero():
    before, after = _outcomes({"p0"}), _outcomes({"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"})
    result = compare_outcomes(before, after)
    assert result.difference == pytest.approx(0.35) and (result.only_after, result.only_before) == (14, 0)
    assert result.p_value < 0.001 and result.ci95[0] > 0
    reverse = compare_outcomes(after, before)
    assert reverse.difference == pytest.approx(-0.35) and reverse.ci95[1] < 0 and reverse.p_value == result.p_value


def test_swapped_successes_are_no_gain():
    before, after = _outcomes({"p0", "p1", "p2"}), _outcomes({"p3", "p4", "p5"})
    result = compare_outcomes(before, after)
    assert result.difference == 0 and result.p_value == 1.0 and result.ci95[0] < 0 < result.ci95[1]


def test_mcnemar_matches_the_binomial_test():
    assert mcnemar_p(0, 0) == 1.0
    assert mcnemar_p(5, 0) == pytest.approx(2 / 32)
    assert mcnemar_p(10, 3) == pytest.approx(mcnemar_p(3, 10)) == pytest.approx(0.09228515625)  # scipy.stats.binomtest(3, 13).pvalue


def test_evaluations_of_different_samples_are_refused():
    with pytest.raises(ValueError, match="different samples"):
        compare_outcomes(_outcomes(set(), problems=3), _outcomes(set(), problems=4))
    with pytest.raises(ValueError, match="no samples"):
        compare_outcomes({}, {})
