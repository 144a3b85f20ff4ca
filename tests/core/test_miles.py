"""Distances read the same on the finder and the comparison: "Less than 0.1 miles", "1 mile", "2.3 miles"."""

import pytest

from carewatch.core.templatetags.carewatch import miles


@pytest.mark.parametrize(
    "value, words",
    [
        (0.0, "Less than 0.1 miles"),
        (0.04, "Less than 0.1 miles"),
        (0.96, "1 mile"),
        (1.0, "1 mile"),
        (2.34, "2.3 miles"),
        (10, "10 miles"),
        (None, ""),
    ],
)
def test_a_distance_in_words(value, words):
    assert miles(value) == words
