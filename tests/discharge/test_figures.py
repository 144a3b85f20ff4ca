"""Discharge figures for a council as at a date: placements, days to place by band, delays by reason, and the
days-to-place list the commissioner rating reads."""

from __future__ import annotations

from datetime import date, timedelta

from carewatch.core import access
from carewatch.discharge import figures, services
from tests.discharge.conftest import NOW
from tests.discharge.given import a_referral


def placed(world, reference, location, manager, *, sent_at, accepted_at, **changes):
    referral = a_referral(world, sent_at, reference, **changes)
    (request,) = services.send_requests(
        referral=referral, actor=world.coordinator, location_ids=[location.pk], now=sent_at
    )
    services.accept_request(request=request, actor=manager, now=accepted_at)
    return referral


def test_placements_days_and_delays_for_a_council_as_at_a_date(world):
    # ready 18 November; placed on the 20th (2 days: "2 to 3 days")
    placed(world, "RD-1", world.oak, world.acme_manager, sent_at=NOW, accepted_at=NOW + timedelta(hours=1))
    waiting = a_referral(world, NOW, "RD-2", ready_on=date(2026, 11, 1))
    services.record_delay(referral=waiting, actor=world.coordinator, reason="awaiting_funding", now=NOW)
    found = figures.discharge_figures(owners=access.OwnerScope.of([world.oldham.pk]), on=NOW.date())
    assert (found.referrals, found.placements, found.median_days_to_place) == (2, 1, 2.0)
    assert found.by_band["2 to 3 days"] == 1 and sum(found.by_band.values()) == 1
    assert found.waiting_by_band["14 to 20 days"] == 1 and sum(found.waiting_by_band.values()) == 1
    assert found.delays_by_reason["Awaiting funding decision"] == 1

    # as at the day before, nothing had happened; Rochdale's scope reads none of Oldham's
    before = figures.discharge_figures(owners=access.OwnerScope.of([world.oldham.pk]), on=date(2026, 11, 19))
    assert (before.referrals, before.placements) == (0, 0)
    assert (
        figures.discharge_figures(owners=access.OwnerScope.of([world.rochdale.pk]), on=NOW.date()).referrals
        == 0
    )


def test_placement_days_are_per_organisation_from_referral_to_placement(world):
    placed(world, "RD-1", world.oak, world.acme_manager, sent_at=NOW, accepted_at=NOW + timedelta(hours=2))
    later = NOW + timedelta(days=1)
    referral = a_referral(world, NOW, "RD-3")
    (request,) = services.send_requests(
        referral=referral, actor=world.coordinator, location_ids=[world.birch.pk], now=later
    )
    services.accept_request(request=request, actor=world.beta_manager, now=later + timedelta(hours=1))
    days = figures.placement_days(on=(NOW + timedelta(days=2)).date(), owners=access.NATIONAL)
    assert sorted(days[world.oldham.pk]) == [0, 1]
