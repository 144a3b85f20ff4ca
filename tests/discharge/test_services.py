"""Referrals, requests, placements, delays and cancelling, through the services: each one audit entry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from carewatch.core.models import AuditEntry
from carewatch.discharge import errors, services
from carewatch.discharge.models import Placement, PlacementRequest, Referral
from carewatch.discharge.vocabulary import BANDS, band_of
from tests.discharge.conftest import NOW
from tests.discharge.given import a_referral, details


def test_a_referral_is_saved_with_its_needs_and_audited(world):
    referral = a_referral(world, NOW)
    assert (referral.state, referral.bed_type, referral.nursing) == ("open", "general_nursing", True)
    entry = AuditEntry.objects.get(action="discharge.referral_created")
    assert entry.object_id == str(referral.pk) and entry.organisation_id == world.oldham.pk


def test_a_referral_with_no_needs_is_refused_naming_the_needs(world):
    with pytest.raises(errors.InvalidInput) as refused:
        a_referral(world, NOW, pathway="1", bed_type="", nursing=False)
    assert refused.value.field == "needs"
    assert not Referral.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="discharge.").exists()


def test_a_bed_based_pathway_needs_a_bed_type(world):
    with pytest.raises(errors.InvalidInput) as refused:
        a_referral(world, NOW, pathway="2", bed_type="", dementia=True)
    assert refused.value.field == "bed_type"


def test_a_reference_is_unique_within_the_team(world):
    a_referral(world, NOW)
    with pytest.raises(errors.InvalidInput) as refused:
        a_referral(world, NOW)
    assert refused.value.field == "reference"


def test_only_a_discharge_coordinator_of_the_organisation_makes_referrals(world):
    with pytest.raises(errors.NotPermitted):
        services.create_referral(
            organisation=world.oldham, actor=world.rochdale_coordinator, details=details(), now=NOW
        )


def sent(world, referral, *locations, now=NOW):
    return services.send_requests(
        referral=referral, actor=world.coordinator, location_ids=[loc.pk for loc in locations], now=now
    )


def test_sending_to_two_providers_gives_each_a_time_limit(world):
    referral = a_referral(world, NOW)
    requests = sent(world, referral, world.oak, world.birch)
    assert {r.location_id for r in requests} == {world.oak.pk, world.birch.pk}
    assert all(r.due_by == NOW + timedelta(hours=4) for r in requests)
    referral.refresh_from_db()
    assert referral.state == "sent"


def test_the_first_acceptance_places_the_person_and_closes_the_other_requests(world):
    referral = a_referral(world, NOW)
    oak, birch = sent(world, referral, world.oak, world.birch)
    placement = services.accept_request(request=birch, actor=world.beta_manager, now=NOW + timedelta(hours=1))
    assert placement.location == world.birch and placement.bed_type == "general_nursing"
    oak.refresh_from_db()
    referral.refresh_from_db()
    assert (oak.state, referral.state) == ("closed", "placed")
    with pytest.raises(errors.TooLate):
        services.accept_request(request=oak, actor=world.acme_manager, now=NOW + timedelta(hours=2))
    assert AuditEntry.objects.filter(action="discharge.placed").count() == 1


def test_another_providers_manager_cannot_answer(world):
    referral = a_referral(world, NOW)
    (oak,) = sent(world, referral, world.oak)
    with pytest.raises(errors.NotPermitted):
        services.accept_request(request=oak, actor=world.beta_manager, now=NOW)


def test_an_answer_after_the_time_limit_is_refused(world):
    referral = a_referral(world, NOW)
    (oak,) = sent(world, referral, world.oak)
    with pytest.raises(errors.TooLate, match="The time to answer ended"):
        services.accept_request(request=oak, actor=world.acme_manager, now=NOW + timedelta(hours=5))
    assert not Placement.objects.exists()


def test_a_decline_needs_a_reason_and_keeps_it(world):
    referral = a_referral(world, NOW)
    (oak,) = sent(world, referral, world.oak)
    with pytest.raises(errors.InvalidInput) as refused:
        services.decline_request(request=oak, actor=world.acme_manager, reason=" ", now=NOW)
    assert refused.value.field == "reason"
    services.decline_request(
        request=oak, actor=world.acme_manager, reason="Cannot meet nursing needs", now=NOW
    )
    oak.refresh_from_db()
    assert (oak.state, oak.decline_reason, oak.responded_by) == (
        "declined",
        "Cannot meet nursing needs",
        world.acme_manager,
    )


def test_the_last_bed_goes_to_the_first_acceptance_only(world):
    """Oak House has one general nursing bed: two coordinators' referrals both reach it; one is placed."""
    first = a_referral(world, NOW, "RD-001")
    second = a_referral(world, NOW, "RD-002", coordinator=world.second_coordinator)
    (one,) = sent(world, first, world.oak)
    (two,) = services.send_requests(
        referral=second, actor=world.second_coordinator, location_ids=[world.oak.pk], now=NOW
    )
    services.accept_request(request=one, actor=world.acme_manager, now=NOW + timedelta(minutes=5))
    with pytest.raises(errors.NoBedLeft, match="no general nursing bed left"):
        services.accept_request(request=two, actor=world.acme_manager, now=NOW + timedelta(minutes=6))
    assert PlacementRequest.objects.get(pk=two.pk).state == "waiting"


def test_a_delay_needs_a_listed_reason_and_other_needs_a_note(world):
    referral = a_referral(world, NOW)
    with pytest.raises(errors.InvalidInput) as refused:
        services.record_delay(referral=referral, actor=world.coordinator, reason="other", note="", now=NOW)
    assert refused.value.field == "note"
    delay = services.record_delay(referral=referral, actor=world.coordinator, reason="family_choice", now=NOW)
    assert delay.get_reason_display() == "Family choice"


def test_cancelling_withdraws_the_waiting_requests(world):
    referral = a_referral(world, NOW)
    (oak,) = sent(world, referral, world.oak)
    services.cancel_referral(referral=referral, actor=world.coordinator, reason="Went home", now=NOW)
    oak.refresh_from_db()
    assert oak.state == "withdrawn"
    with pytest.raises(errors.TooLate):
        sent(world, Referral.objects.get(pk=referral.pk), world.birch)


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, "1 day"),
        (1, "1 day"),
        (2, "2 to 3 days"),
        (3, "2 to 3 days"),
        (4, "4 to 6 days"),
        (6, "4 to 6 days"),
        (7, "7 to 13 days"),
        (13, "7 to 13 days"),
        (14, "14 to 20 days"),
        (20, "14 to 20 days"),
        (21, "21 days or more"),
        (400, "21 days or more"),
    ],
)
def test_days_fall_in_the_published_bands(days, band):
    assert band_of(days) == band


def test_there_are_six_bands():
    assert len(BANDS) == 6
