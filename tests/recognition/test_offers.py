"""Improvement offers: the council's catalogue by theme; offers matching the themes of a service's findings;
places booked (never beyond the places); intensive support schedules monitoring's visits only on the
ladder's enhanced-monitoring level or above; attendance recorded; other councils and providers kept out."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from carewatch.core.models import AuditEntry
from carewatch.monitoring.models import Visit, VisitState
from carewatch.recognition import offers_services
from carewatch.recognition.errors import InvalidInput
from carewatch.recognition.models import ImprovementOffer, OfferBooking
from tests.cases import factories as cf
from tests.pages import client_for, h1, page, text
from tests.recognition import factories as f
from tests.recognition import peer_factories as pf

pytestmark = pytest.mark.django_db
NOW = pf.NOW


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _errors(soup) -> list[str]:
    return [" ".join(e.get_text(" ").split()) for e in soup.select(".govuk-error-message")]


def _offer(w, **changes) -> ImprovementOffer:
    values = dict(
        actor=w.officer, title="Medicines training", theme="medicines", kind="training", places=1, now=NOW
    )
    values.update(changes)
    return offers_services.add_offer(**values)


def test_an_officer_adds_an_offer_and_it_is_suggested_for_a_service_with_findings_in_its_theme():
    w = pf.world(with_supporters=False)
    client = client_for(w.officer)
    response = client.post(
        "/recognition/offers/add/",
        {"title": "Medicines training", "theme": "medicines", "kind": "training", "places": "12"},
    )
    offer = ImprovementOffer.objects.get()
    assert response.status_code == 302 and offer.places == 12
    _offer(w, title="Falls workshop", theme="risk-assessment", kind="workshop")
    assert AuditEntry.objects.filter(action="offer.added").count() == 2
    soup = page(client.get(f"/recognition/offers/?location={w.mentee.pk}"))
    assert h1(soup) == "Improvement offers"
    suggested = text(soup.select_one("#suggested"))
    assert "Book Medicines training for Elm House" in suggested and "Falls" not in suggested


def test_an_offer_without_places_is_named():
    w = pf.world(with_supporters=False)
    soup = page(
        client_for(w.officer).post(
            "/recognition/offers/add/",
            {"title": "Medicines training", "theme": "medicines", "kind": "training", "places": "0"},
        )
    )
    assert _errors(soup) == ["Error: The number of places must be 1 or more"]
    assert not ImprovementOffer.objects.exists()


def test_booking_beyond_the_places_is_refused_naming_the_service_field():
    w = pf.world(with_supporters=False)
    offer = _offer(w)
    client = client_for(w.officer)
    assert client.post(f"/recognition/offers/{offer.pk}/book/", {"location": w.mentee.pk}).status_code == 302
    soup = page(client.post(f"/recognition/offers/{offer.pk}/book/", {"location": w.near.pk}))
    assert _errors(soup) == ["Error: All 1 places on Medicines training are booked"]
    assert OfferBooking.objects.count() == 1


def test_attendance_is_recorded():
    w = pf.world(with_supporters=False)
    booking = offers_services.book_place(actor=w.officer, offer=_offer(w), location=w.mentee, now=NOW)
    client = client_for(w.officer)
    response = client.post(f"/recognition/offers/bookings/{booking.pk}/attendance/", {"attended": "yes"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.attended is True
    assert "Yes" in text(page(client.get(f"/recognition/offers/{booking.offer_id}/")).select_one("#bookings"))


def test_intensive_support_schedules_daily_monitoring_visits_on_the_enhanced_level():
    w = pf.world(with_supporters=False)
    offer = _offer(w, title="Intensive support", kind="intensive", places=2)
    booking = offers_services.book_place(
        actor=w.officer,
        offer=offer,
        location=w.mentee,
        first_visit_on=date(2026, 6, 2),
        visits=5,
        frequency="daily",
        now=NOW,
    )
    visits = Visit.objects.filter(location=w.mentee, status=VisitState.SCHEDULED).order_by("visit_on")
    assert [v.visit_on for v in visits] == [date(2026, 6, n) for n in range(2, 7)]
    assert booking.visits.count() == 5
    assert AuditEntry.objects.filter(action="monitoring.visit_scheduled").count() == 5


def test_intensive_support_is_refused_for_a_service_not_on_the_enhanced_level():
    w = pf.world(with_supporters=False)
    offer = _offer(w, title="Intensive support", kind="intensive", places=2)
    with pytest.raises(InvalidInput) as refused:
        offers_services.book_place(
            actor=w.officer,
            offer=offer,
            location=w.near,
            first_visit_on=date(2026, 6, 2),
            visits=3,
            frequency="daily",
            now=NOW,
        )
    assert refused.value.problems == [
        (
            "location",
            "Intensive support visits need Oak House to be in an open case at level 2, enhanced monitoring, or above",
        )
    ]
    assert (
        not Visit.objects.filter(status=VisitState.SCHEDULED).exists() and not OfferBooking.objects.exists()
    )


def test_another_council_and_providers_cannot_see_the_catalogue():
    w = pf.world(with_supporters=False)
    offer = _offer(w)
    assert (
        client_for(cf.officer(cf.council("E08000005"))).get(f"/recognition/offers/{offer.pk}/").status_code
        == 404
    )
    assert client_for(f.manager_of(w.mentee_org)).get("/recognition/offers/").status_code == 403
