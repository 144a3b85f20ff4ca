"""Placement search can leave out suspended services, as far as the person searching may know."""

from django.utils import timezone

from carewatch.cases import services
from carewatch.cases.models import Suspension
from tests.cases import factories as f
from tests.cases import given
from tests.core.signing_in import sign_in_verified


def names(client, query: str) -> list[str]:
    response = client.get(f"/services/?{query}")
    assert response.status_code == 200
    return [
        line.split(",")[1]
        for line in client.get(f"/services/?{query}&format=csv").content.decode().splitlines()[1:]
    ]


def suspend_oak_house(world):
    case = given.open_case(world, level="4", now=timezone.now())
    return Suspension.objects.get(case=case)


def test_a_council_officer_can_hide_services_their_council_has_suspended(client, world):
    f.location(world.council, name="Birch House")
    suspend_oak_house(world)
    sign_in_verified(client, world.officer)

    assert names(client, "q=house") == ["Birch House", "Oak House"]
    assert names(client, "q=house&without_suspended=on") == ["Birch House"]


def test_the_public_can_hide_only_suspensions_the_council_has_published(client, world):
    f.location(world.council, name="Birch House")
    suspension = suspend_oak_house(world)

    assert names(client, "q=house&without_suspended=on") == ["Birch House", "Oak House"]

    services.set_suspension_published(
        actor=world.manager, suspension=suspension, published=True, now=timezone.now()
    )
    assert names(client, "q=house&without_suspended=on") == ["Birch House"]


def test_the_api_flags_a_published_suspension_and_can_leave_it_out(client, world):
    suspension = suspend_oak_house(world)
    body = client.get("/api/v1/locations?q=oak").json()
    assert [r["placements_suspended"] for r in body["results"]] == [False]  # not published: not public

    services.set_suspension_published(
        actor=world.manager, suspension=suspension, published=True, now=timezone.now()
    )
    body = client.get("/api/v1/locations?q=oak").json()
    assert [r["placements_suspended"] for r in body["results"]] == [True]
    assert client.get("/api/v1/locations?q=oak&exclude_suspended=true").json()["count"] == 0
