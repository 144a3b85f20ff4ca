"""Ranking the services that could take a referral: fit, suspensions, the rating floor, then the weighting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from carewatch.discharge import ranking, services
from tests.discharge.conftest import NOW
from tests.discharge.given import a_referral


def names(found) -> list[str]:
    return [m.location.name for m in found.matches]


def test_services_with_a_fitting_vacancy_are_ranked_and_the_weighting_is_said(world):
    found = ranking.rank(referral=a_referral(world, NOW), user=world.coordinator, now=NOW)
    assert set(names(found)) == {"Oak House", "Birch Lodge", "Cedar View"}
    assert found.weights.words == (
        "Ranked by 40% quality, 30% distance, 15% how recent the vacancy is and 15% in contract"
    )
    assert [m.miles for m in found.matches if m.location == world.oak] == [1.0]


@override_settings(CAREWATCH_DISCHARGE_WEIGHTS="distance:100")
def test_distance_alone_puts_the_nearest_first(world):
    found = ranking.rank(referral=a_referral(world, NOW), user=world.coordinator, now=NOW)
    assert names(found) == ["Oak House", "Birch Lodge", "Cedar View"]
    assert found.weights.words == "Ranked by 100% distance"


@override_settings(CAREWATCH_DISCHARGE_WEIGHTS="quality:60,distance:40")
def test_quality_can_outweigh_distance(world):
    found = ranking.rank(referral=a_referral(world, NOW), user=world.coordinator, now=NOW)
    assert names(found)[0] == "Birch Lodge"  # Outstanding, 3 miles, beats Good at 1 mile
    assert found.weights.words == "Ranked by 60% quality and 40% distance"


def test_a_service_without_the_bed_type_is_not_a_match(world):
    found = ranking.rank(
        referral=a_referral(world, NOW, bed_type="dementia_residential"), user=world.coordinator, now=NOW
    )
    assert found.matches == []


def test_a_service_below_the_rating_floor_is_left_out(world):
    world.cedar.current_rating = "Inadequate"
    world.cedar.save(update_fields=["current_rating"])
    found = ranking.rank(referral=a_referral(world, NOW), user=world.coordinator, now=NOW)
    assert "Cedar View" not in names(found) and found.below_floor_left_out == 1


def test_a_held_bed_is_subtracted_from_the_vacancy(world):
    first = a_referral(world, NOW, "RD-001")
    (request,) = services.send_requests(
        referral=first, actor=world.coordinator, location_ids=[world.oak.pk], now=NOW
    )
    services.accept_request(request=request, actor=world.acme_manager, now=NOW + timedelta(minutes=1))
    found = ranking.rank(referral=a_referral(world, NOW, "RD-002"), user=world.coordinator, now=NOW)
    assert "Oak House" not in names(found)


def test_a_service_its_council_suspended_is_never_a_match(world):
    from carewatch.cases import services as case_services
    from tests.monitoring import factories as f

    case_services.open_case(
        actor=f.manager(world.oldham),
        organisation=world.oldham,
        locations=[world.birch],
        level="4",  # suspension of new placements
        reason="Safeguarding concerns",
        now=NOW - timedelta(days=1),
    )
    found = ranking.rank(referral=a_referral(world, NOW), user=world.coordinator, now=NOW)
    assert "Birch Lodge" not in names(found) and found.suspended_left_out == 1


@pytest.mark.parametrize("text", ["quality:50", "speed:100", "quality:x"])
def test_weights_that_do_not_add_up_or_name_no_factor_are_refused(text):
    with pytest.raises(ValueError, match="CAREWATCH_DISCHARGE_WEIGHTS"):
        ranking.Weights.parse(text)
