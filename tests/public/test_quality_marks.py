"""Quality marks on the public site: the badge while an award is current (gone once it is suspended), and
each council's scheme with its criteria, published for anyone to read."""

from __future__ import annotations

from datetime import date

import pytest

from carewatch.public import badges
from carewatch.recognition import quality_mark_services as qm
from tests.cases import factories as cf
from tests.pages import page
from tests.recognition import quality_mark_factories as qf

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)
NOW = cf.at(2026, 6, 1)


def test_a_current_award_is_a_badge_naming_the_scheme_tier_council_and_expiry_in_one_query(
    django_assert_num_queries,
):
    council = cf.council()
    home, other = cf.location(council, name="Oak House"), cf.location(council, name="Ash House")
    qf.awarded(home, council, today=TODAY, now=NOW)

    with django_assert_num_queries(1):
        from carewatch.public import held

        marks = held.quality_marks([home.pk, other.pk], today=TODAY)
    assert list(marks) == [home.pk]

    [badge] = [
        b for b in badges.badges_for([home.pk, other.pk], today=TODAY)[home.pk] if b.slot == "quality-mark"
    ]
    assert badge.label == "Oldham Quality Mark: Gold"
    assert "Oldham Council awarded its quality mark at Gold level; it runs until 1 June 2027" in badge.detail
    assert not [b for b in badges.badges_for([other.pk], today=TODAY)[other.pk] if b.slot == "quality-mark"]


def test_the_badge_disappears_when_a_cqc_downgrade_suspends_the_award():
    council = cf.council()
    home = cf.location(council, name="Oak House")
    qf.awarded(home, council, today=TODAY, now=NOW)
    cf.rerate(home, rating="Inadequate", rated_on=date(2026, 6, 10))
    qm.review_awards(today=date(2026, 6, 11), now=NOW)
    assert not [
        b for b in badges.badges_for([home.pk], today=date(2026, 6, 11))[home.pk] if b.slot == "quality-mark"
    ]


def test_the_scheme_page_publishes_each_tiers_criteria_and_which_must_always_hold(client):
    scheme = qf.scheme(cf.council(), now=NOW)

    soup = page(client.get(f"/quality-marks/{scheme.pk}/"))

    assert soup.h1.get_text(strip=True) == "Oldham Quality Mark"
    assert soup.title.get_text(strip=True) == "Oldham Quality Mark – carewatch"
    gold = [r.get_text(" ", strip=True) for r in soup.select('table[data-tier="Gold"] tbody tr')]
    assert gold == [
        "CQC overall rating Good or Outstanding Must always hold From the evidence carewatch holds",
        "No open case on the council's ladder of intervention at level 2 or above From the evidence carewatch holds",
        "Residents choose their activities every day Assessed by an officer",
    ]
    listing = page(client.get("/quality-marks/"))
    assert listing.select_one("#schemes a")["href"] == f"/quality-marks/{scheme.pk}/"


def test_an_unknown_scheme_is_a_page_not_found_never_an_error(client):
    assert client.get("/quality-marks/999/").status_code == 404
