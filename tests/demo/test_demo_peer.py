"""The demo's peer support and improvement offers: two strong services volunteer, the council's QA officer
pairs its provider of concern (in an open case) with the first suggestion, adding the case's peer support
action, with two sessions; three offers, medicines training booked and attended, intensive support visits
scheduled; a stopped run is finished by the next and running again changes nothing."""

from __future__ import annotations

import pytest
import time_machine

from carewatch.cases import services as case_services
from carewatch.demo import peer as demo
from carewatch.monitoring.models import Visit, VisitState
from carewatch.recognition import offers_services
from carewatch.recognition.models import (
    ImprovementOffer,
    OfferBooking,
    PeerPairing,
    PeerSession,
    PeerSupporter,
)
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
    for number, rating in enumerate(("Outstanding", "Good", "Good")):
        f.location(
            oldham, provider=f.provider(name=f"Strong {number}"), name=f"Strong home {number}", rating=rating
        )
    weak = f.location(oldham, provider=f.provider(name="Weak Ltd"), name="Weak home", rating="Inadequate")
    case_services.open_case(
        actor=f.manager(oldham), organisation=oldham, locations=[weak], level="2", reason="Concerns", now=NOW
    )
    return oldham


def test_supporters_a_pairing_with_sessions_and_offers_are_made_once(council):
    made = demo.generate_demo_peer_support(council=council, today=TODAY, now=NOW)
    assert made == demo.PeerSummary(supporters=2, pairings=1, offers=3)
    assert sorted(PeerSupporter.objects.values_list("location__name", flat=True)) == [
        "Strong home 0",
        "Strong home 1",
    ]
    pairing = PeerPairing.objects.get()
    assert pairing.mentee.name == "Weak home" and pairing.case_action is not None
    assert PeerSession.objects.filter(pairing=pairing).count() == 2
    assert OfferBooking.objects.filter(attended=True).count() == 1
    assert Visit.objects.filter(status=VisitState.SCHEDULED, location=pairing.mentee).count() == 5
    assert demo.generate_demo_peer_support(council=council, today=TODAY, now=NOW) == demo.PeerSummary()
    assert PeerPairing.objects.count() == 1 and ImprovementOffer.objects.count() == 3


def test_a_stopped_run_leaves_whole_records_and_the_next_run_finishes(council, monkeypatch):
    real = offers_services.add_offer
    calls = []

    def stop_on_the_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(**kwargs)

    monkeypatch.setattr(offers_services, "add_offer", stop_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        demo.generate_demo_peer_support(council=council, today=TODAY, now=NOW)
    assert ImprovementOffer.objects.count() == 1 and PeerPairing.objects.count() == 1
    monkeypatch.setattr(offers_services, "add_offer", real)
    assert demo.generate_demo_peer_support(council=council, today=TODAY, now=NOW) == demo.PeerSummary(
        offers=2
    )
    assert ImprovementOffer.objects.count() == 3
