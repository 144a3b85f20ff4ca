"""The demo's quality mark: the council's scheme with three tiers and their premiums, the two strongest care
homes (one per provider) awarded Gold and Silver through the officer's assessment and a manager's
decision, a third nominated and waiting; the public badge follows; running again changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from carewatch.demo import quality_mark as demo
from carewatch.recognition import quality_mark_queries
from carewatch.recognition.models import QualityMarkApplication, QualityMarkScheme, QualityMarkState
from carewatch.register.models import Location
from tests.cases import factories as f

NOW = f.at(2026, 6, 1)
TODAY = NOW.date()
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def council():
    oldham = f.council()
    f.officer(oldham)
    f.manager(oldham)
    for number, rating in enumerate(("Good", "Outstanding", "Good", "Good", "Inadequate")):
        f.location(
            oldham, provider=f.provider(name=f"Provider {number}"), name=f"Home {number}", rating=rating
        )
    f.location(oldham, provider=f.provider(name="No beds"), name="Agency", rating="Outstanding")
    Location.objects.exclude(name="Agency").update(beds=30)
    return oldham


def test_a_scheme_two_awards_and_a_nomination_are_made_once(council):
    made = demo.generate_demo_quality_mark(council=council, today=TODAY, now=NOW)
    assert made == demo.QualityMarkSummary(awarded=2, waiting=1)
    scheme = QualityMarkScheme.objects.get(council=council)
    assert [(t.name, t.premium_per_bed) for t in scheme.tiers.order_by("rank")] == [
        ("Gold", Decimal("25.00")),
        ("Silver", Decimal("20.00")),
        ("Bronze", Decimal("15.00")),
    ]
    states = {a.location.name: (a.tier.name, a.state) for a in QualityMarkApplication.objects.all()}
    assert states == {
        "Home 1": ("Gold", QualityMarkState.AWARDED),  # outstanding first
        "Home 0": ("Silver", QualityMarkState.AWARDED),
        "Home 2": ("Bronze", QualityMarkState.APPLIED),
    }
    held = quality_mark_queries.held_marks(list(Location.objects.values_list("id", flat=True)), today=TODAY)
    assert {Location.objects.get(pk=pk).name for pk in held} == {"Home 0", "Home 1"}

    assert demo.generate_demo_quality_mark(council=council, today=TODAY, now=NOW) == demo.QualityMarkSummary()
    assert QualityMarkApplication.objects.count() == 3


def test_a_council_without_a_manager_gets_nothing(council):
    council.users.filter(role_grants__role="qa_manager").update(is_active=False)
    assert demo.generate_demo_quality_mark(council=council, today=TODAY, now=NOW) == demo.QualityMarkSummary()
    assert not QualityMarkScheme.objects.exists()
