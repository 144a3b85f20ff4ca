"""The funnel plot's binomial control limits."""

import math

import pytest

from carewatch.insights.queries import funnel


@pytest.mark.parametrize("n", [200, 500, 1000])
def test_limits_approach_the_normal_approximation_for_large_areas(n):
    p0 = 0.8
    limits = funnel.limits(n, p0)
    se = math.sqrt(p0 * (1 - p0) / n)
    assert limits.upper_95 == pytest.approx(p0 + 1.96 * se, abs=0.006)
    assert limits.lower_95 == pytest.approx(p0 - 1.96 * se, abs=0.006)
    assert limits.upper_998 == pytest.approx(p0 + 3.09 * se, abs=0.01)
    assert limits.lower_998 == pytest.approx(p0 - 3.09 * se, abs=0.01)


def test_limits_are_ordered_and_narrow_as_areas_grow():
    previous = None
    for n in (5, 10, 20, 50, 100, 400):
        limits = funnel.limits(n, 0.75)
        assert 0 <= limits.lower_998 <= limits.lower_95 <= 0.75 <= limits.upper_95 <= limits.upper_998 <= 1
        if previous:
            assert limits.upper_998 - limits.lower_998 < previous.upper_998 - previous.lower_998
        previous = limits


def test_the_interpolated_limit_matches_the_exact_binomial_quantile():
    # Bin(10, 0.5): F(1) = 11/1024 = 0.0107, F(2) = 56/1024 = 0.0547. P = 0.025 lies between: r = 2,
    # alpha = (0.0547 - 0.025) / (0.0547 - 0.0107) = 0.675, limit = (2 - 0.675) / 10.
    expected = (2 - (56 / 1024 - 0.025) / (45 / 1024)) / 10
    assert funnel.binomial_limit(10, 0.5, 0.025) == pytest.approx(expected, rel=1e-9)


def test_points_are_classified_against_the_limits():
    assert funnel.classify(80, 100, 0.8) == "within limits"
    assert funnel.classify(98, 100, 0.8) == "above 99.8% limit"
    assert funnel.classify(60, 100, 0.8) == "below 99.8% limit"
    assert funnel.classify(89, 100, 0.8) == "above 95% limit"
    assert funnel.classify(0, 0, 0.8) == "no rated services"
