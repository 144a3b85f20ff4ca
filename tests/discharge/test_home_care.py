"""Pathway 1 (home with support): home-care agencies whose latest return, not stale, takes new packages in
the area searched from, ranked like care homes (suspensions and the rating floor included). And bariatric
referrals: only services whose latest return says they can take someone needing bariatric care."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from carewatch.capacity import package_areas
from carewatch.capacity import services as capacity_services
from carewatch.capacity.services import ReturnFigures
from carewatch.discharge import errors, ranking, services
from carewatch.discharge.models import PlacementRequest
from carewatch.discharge.vocabulary import ReferralState
from tests.discharge.conftest import NOW, place
from tests.discharge.given import a_referral, a_return, beds
from tests.discharge.test_views import client_for, text
from tests.monitoring import factories as f
from tests.monitoring.factories import at

HOME = {"pathway": "1", "bed_type": "", "nursing": False, "other_needs": "Help with washing and meals"}


def names(found) -> list[str]:
    return [m.location.name for m in found.matches]


def an_agency(world, name: str, areas: str, *, accepting=True, when=None, council=None, rating="Good"):
    provider = f.provider(f"{name} Ltd")
    agency = place(
        f.location(council or world.oldham, provider=provider, name=name, care_home=False), 2, rating
    )
    capacity_services.submit_return(
        location=agency,
        actor=f.provider_user(provider, name=f"Manager {name.split()[0]}"),
        figures=ReturnFigures(people_supported=40, accepting_packages=accepting, package_areas=areas),
        channel="web",
        now=when or at(2026, 11, 19),
    )
    return agency


# --- the areas an agency names ---------------------------------------------------------------------

OL1_IN_OLDHAM = package_areas.SearchedArea(district="OL1", council_code="E08000004", council_name="Oldham")


@pytest.mark.parametrize(
    ("areas", "covered"),
    [
        ("OL1", True),
        ("ol2; OL1", True),
        ("Oldham", True),
        ("e08000004", True),
        ("OL2, OL4", False),
        ("Town centre and nearby wards", False),  # carewatch cannot tell where that is
        ("Rochdale", False),
    ],
)
def test_an_agency_covers_the_place_when_it_names_its_district_or_council(areas, covered):
    assert package_areas.covers(areas, OL1_IN_OLDHAM, own_council="E08000005") is covered


def test_no_areas_named_means_the_council_the_agency_is_registered_in():
    assert package_areas.covers(" ", OL1_IN_OLDHAM, own_council="E08000004")
    assert not package_areas.covers("", OL1_IN_OLDHAM, own_council="E08000005")


def test_a_town_searched_is_matched_by_the_town_named():
    royton = package_areas.SearchedArea(town="Royton", council_code="E08000004", council_name="Oldham")
    assert package_areas.covers("Royton", royton, own_council="")
    assert royton.described == "Royton in Oldham"


# --- ranking ---------------------------------------------------------------------------------------


def test_pathway_1_finds_agencies_taking_new_packages_in_the_area_searched_from(world):
    an_agency(world, "Willow Home Care", "OL1, OL2")
    an_agency(world, "Council Wide Care", "")  # blank: its own council, Oldham
    an_agency(world, "Elsewhere Care", "OL9")
    an_agency(world, "Full Up Care", "OL1", accepting=False)
    an_agency(world, "Old News Care", "OL1", when=at(2026, 11, 10))  # 10 days old: stale
    found = ranking.rank(referral=a_referral(world, NOW, **HOME), user=world.coordinator, now=NOW)
    assert sorted(names(found)) == ["Council Wide Care", "Willow Home Care"]
    assert found.searched is not None and found.searched.described == "OL1 in Oldham"
    assert all(m.home_care and m.vacant == 0 for m in found.matches)
    assert "Oak House" not in names(found)  # care homes are pathways 2 and 3


def test_another_councils_agency_is_not_offered_even_when_it_names_the_area(world):
    an_agency(world, "Rochdale Care", "Oldham, OL1", council=world.rochdale)
    found = ranking.rank(referral=a_referral(world, NOW, **HOME), user=world.coordinator, now=NOW)
    assert found.matches == []


def test_pathway_1_leaves_out_suspended_agencies_and_those_below_the_floor(world):
    from carewatch.cases import services as case_services

    suspended = an_agency(world, "Suspended Care", "OL1")
    an_agency(world, "Poor Care", "OL1", rating="Inadequate")
    an_agency(world, "Good Care", "OL1")
    case_services.open_case(
        actor=f.manager(world.oldham),
        organisation=world.oldham,
        locations=[suspended],
        level="4",
        reason="Safeguarding concerns",
        now=NOW - timedelta(days=1),
    )
    found = ranking.rank(referral=a_referral(world, NOW, **HOME), user=world.coordinator, now=NOW)
    assert names(found) == ["Good Care"]
    assert (found.suspended_left_out, found.below_floor_left_out) == (1, 1)


def test_a_pathway_1_referral_cannot_be_sent_to_a_care_home(world):
    referral = a_referral(world, NOW, **HOME)
    with pytest.raises(errors.InvalidInput, match="does not take placements"):
        services.send_requests(
            referral=referral, actor=world.coordinator, location_ids=[world.oak.pk], now=NOW
        )


def test_a_coordinator_sends_a_pathway_1_referral_to_an_agency_and_it_accepts(world):
    agency = an_agency(world, "Willow Home Care", "OL1")
    manager = agency.provider.organisation.users.get()
    with time_machine.travel(NOW, tick=False):
        coordinator = client_for(world.coordinator)
        referral = a_referral(world, NOW, **HOME)
        page = text(coordinator.get(f"/discharge/{referral.pk}/matches/"))
        assert "Home-care agencies in your area" in page and "new packages of care in OL1 in Oldham" in page
        assert "Willow Home Care" in page and "taking new packages" in page
        response = coordinator.post(f"/discharge/{referral.pk}/matches/", {"locations": [agency.pk]})
        assert response.status_code == 302
        request = PlacementRequest.objects.get(referral=referral, location=agency)
        response = client_for(manager).post(f"/discharge/requests/{request.pk}/", {"answer": "accept"})
        assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.PLACED
    assert referral.placement.location == agency and referral.placement.bed_type == ""


def test_another_councils_coordinator_cannot_read_a_pathway_1_referrals_matches(world):
    an_agency(world, "Willow Home Care", "OL1")
    referral = a_referral(world, NOW, **HOME)
    with time_machine.travel(NOW, tick=False):
        response = client_for(world.rochdale_coordinator).get(f"/discharge/{referral.pk}/matches/")
    assert response.status_code == 404
    assert "Willow Home Care" not in text(response)


# --- bariatric -------------------------------------------------------------------------------------


def test_a_bariatric_referral_matches_only_homes_that_say_they_can_take_one(world):
    # Oak House says it can; Birch Lodge says it cannot; Cedar View does not say (both as in conftest).
    capacity_services.submit_return(
        location=world.oak,
        actor=world.acme_manager,
        figures=ReturnFigures(beds=(beds("general_nursing", 20, 19),), bariatric=True),
        channel="web",
        now=at(2026, 11, 19, 12),
    )
    capacity_services.submit_return(
        location=world.birch,
        actor=world.beta_manager,
        figures=ReturnFigures(beds=(beds("general_nursing", 30, 28),), bariatric=False),
        channel="web",
        now=at(2026, 11, 19, 12),
    )
    found = ranking.rank(referral=a_referral(world, NOW, bariatric=True), user=world.coordinator, now=NOW)
    assert names(found) == ["Oak House"]
    # Without the need every home with the bed type still fits.
    plain = ranking.rank(referral=a_referral(world, NOW, "RD-002"), user=world.coordinator, now=NOW)
    assert set(names(plain)) == {"Oak House", "Birch Lodge", "Cedar View"}


def test_only_the_latest_return_counts_for_bariatric(world):
    capacity_services.submit_return(
        location=world.oak,
        actor=world.acme_manager,
        figures=ReturnFigures(beds=(beds("general_nursing", 20, 19),), bariatric=True),
        channel="web",
        now=at(2026, 11, 19, 12),
    )
    a_return(world.oak, world.acme_manager, at(2026, 11, 19, 15), beds("general_nursing", 20, 19))
    found = ranking.rank(referral=a_referral(world, NOW, bariatric=True), user=world.coordinator, now=NOW)
    assert found.matches == []


def test_a_bariatric_pathway_1_referral_needs_an_agency_that_says_it_can(world):
    an_agency(world, "Willow Home Care", "OL1")
    able = an_agency(world, "Able Care", "OL1")
    capacity_services.submit_return(
        location=able,
        actor=None,
        figures=ReturnFigures(
            people_supported=40, accepting_packages=True, package_areas="OL1", bariatric=True
        ),
        channel="demo",
        now=at(2026, 11, 19, 12),
        label="tests",
    )
    found = ranking.rank(
        referral=a_referral(world, NOW, bariatric=True, **HOME), user=world.coordinator, now=NOW
    )
    assert names(found) == ["Able Care"]
