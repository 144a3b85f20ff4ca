"""Band edges, rounding and positions within a band."""

from fractions import Fraction

import pytest

from carewatch.ratings.bands import CQC_BANDS, Bands, Position, describe, display_percent, whole_percent
from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.vocabulary import Rating

INADEQ, RI, G, OUTST = Rating.INADEQUATE, Rating.REQUIRES_IMPROVEMENT, Rating.GOOD, Rating.OUTSTANDING


@pytest.mark.parametrize(
    ("percent", "rating"),
    [(25, INADEQ), (38, INADEQ), (39, RI), (62, RI), (63, G), (87, G), (88, OUTST), (100, OUTST)],
)
def test_each_whole_percentage_at_a_band_edge_falls_on_its_own_side(percent, rating):
    assert CQC_BANDS.rating(Fraction(percent, 100)) == rating


@pytest.mark.parametrize(
    ("numerator", "denominator", "rating"),
    [
        (12, 32, INADEQ),  # 37.5% → 38% → Inadequate
        (77, 200, RI),  # 38.5% → 39%
        (7, 18, RI),  # 38.9% (14 of 36, a council) → 39%
        (1249, 2000, RI),  # 62.45% → 62%
        (20, 32, G),  # 62.5% → 63%: 20 of 32 on the eight Safe statements
        (15, 24, G),  # 62.5% on six statements
        (1749, 2000, G),  # 87.45% → 87%
        (28, 32, OUTST),  # 87.5% → 88%: 28 of 32
        (21, 24, OUTST),  # 87.5% on six statements
    ],
)
def test_a_percentage_is_rounded_to_a_whole_number_halves_up_before_banding(numerator, denominator, rating):
    assert CQC_BANDS.rating(Fraction(numerator, denominator)) == rating


def test_python_round_would_have_banded_62_5_percent_wrongly_which_is_why_the_engine_does_not_use_it():
    assert round(62.5) == 62  # half to even
    assert whole_percent(Fraction(5, 8)) == 63


def test_half_up_rounding_agrees_with_the_cqc_over_87_percent_wording_for_every_reachable_score():
    # Scores are whole numbers 1–4, so a share is k / 4n; n runs to 9 (the council's nine statements).
    for n in range(1, 10):
        for total in range(n, 4 * n + 1):
            percent = Fraction(total, 4 * n) * 100
            by_over_wording = OUTST if percent > 87 else G if percent > 62 else RI if percent > 38 else INADEQ
            assert CQC_BANDS.rating(Fraction(total, 4 * n)) == by_over_wording, (total, n)


def test_percentages_are_shown_to_one_decimal_place_halves_up():
    assert display_percent(Fraction(24, 36)) == 66.7
    assert display_percent(Fraction(1, 3)) == 33.3
    assert display_percent(Fraction(14, 20)) == 70.0
    assert display_percent(Fraction(1, 16)) == 6.3  # 6.25 → 6.3, not 6.2


@pytest.mark.parametrize(
    ("percent", "rating", "position", "description"),
    [
        (70, G, Position.LOWER, "Good, nearer to Requires improvement"),
        (75, G, Position.MIDDLE, "Good"),
        (85, G, Position.UPPER, "Good, nearing Outstanding"),
        (60, RI, Position.UPPER, "Requires improvement, nearing Good"),
        (40, RI, Position.LOWER, "Requires improvement, nearer to Inadequate"),
        (25, INADEQ, Position.LOWER, "Inadequate"),
        (100, OUTST, Position.UPPER, "Outstanding"),
    ],
)
def test_a_score_is_placed_in_the_lower_middle_or_upper_third_of_its_band(
    percent, rating, position, description
):
    fraction = Fraction(percent, 100)
    assert CQC_BANDS.rating(fraction) == rating
    assert CQC_BANDS.position(fraction) == position
    assert describe(rating, position) == description


def test_the_good_band_covers_62_5_to_87_5_percent_exactly():
    assert CQC_BANDS.span(G) == (Fraction(125, 2), Fraction(175, 2))
    assert CQC_BANDS.span(INADEQ) == (Fraction(25), Fraction(77, 2))
    assert CQC_BANDS.span(OUTST) == (Fraction(175, 2), Fraction(100))


def test_bands_can_be_configured_but_not_out_of_order():
    assert Bands(good_from=70).rating(Fraction(68, 100)) == RI
    with pytest.raises(RatingInputError, match="bands"):
        Bands(good_from=30)
    with pytest.raises(RatingInputError, match="position_edges"):
        Bands(position_edges=(Fraction(2, 3), Fraction(1, 3)))
