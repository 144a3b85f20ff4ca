"""Numbers and times in GOV.UK style on the ladder's pages (issue 13, item 11)."""

from datetime import datetime

import pytest

from carewatch.cases import wording
from tests.cases import factories as f


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 open cases"), (1, "1 open case"), (2, "2 open cases")]
)
def test_a_count_agrees_with_its_noun(count, expected):
    assert wording.counted(count, "open case") == expected


def test_an_irregular_plural_is_given():
    assert wording.counted(1, "enquiry", "enquiries") == "1 enquiry"
    assert wording.counted(3, "enquiry", "enquiries") == "3 enquiries"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (f.at(2026, 12, 6, 9), "6 December 2026 at 9am"),
        (f.at(2026, 12, 6, 9, 30), "6 December 2026 at 9:30am"),
        (f.at(2026, 12, 6, 12), "6 December 2026 at 12pm"),
        (f.at(2026, 7, 1, 17, 5), "1 July 2026 at 5:05pm"),  # summer time: UK time, not UTC
        (datetime(2026, 12, 6, 0, 15), "6 December 2026 at 12:15am"),
    ],
)
def test_a_time_reads_as_gov_uk_writes_it(moment, expected):
    assert wording.long_datetime(moment) == expected
