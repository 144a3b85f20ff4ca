from __future__ import annotations

from dataclasses import dataclass

import pytest

from carewatch.core.models import Organisation, User
from carewatch.core.roles import Role
from carewatch.register.models import Location, PostcodePoint, Provider
from tests.discharge.given import a_return, beds
from tests.monitoring import factories as f
from tests.monitoring.factories import at

NOW = at(2026, 11, 20, 9)
# Oldham town centre; the homes sit 1, 3 and 6 miles north of it.
OL1 = (53.5409, -2.1114)
MILE = 1 / 69.09


@dataclass
class World:
    """Oldham council (two discharge coordinators), Rochdale council (one); Acme Care runs Oak House and
    Beta Care runs Birch Lodge and Cedar View in Oldham, each with general nursing beds free."""

    oldham: Organisation
    coordinator: User
    second_coordinator: User
    rochdale: Organisation
    rochdale_coordinator: User
    acme: Provider
    oak: Location
    acme_manager: User
    beta: Provider
    birch: Location
    cedar: Location
    beta_manager: User


def place(location: Location, miles_north: float, rating: str = "Good") -> Location:
    location.latitude = OL1[0] + miles_north * MILE
    location.longitude = OL1[1]
    location.current_rating = rating
    location.save(update_fields=["latitude", "longitude", "current_rating"])
    return location


@pytest.fixture
def world(db) -> World:
    PostcodePoint.objects.create(
        postcode="OL1 1AA", latitude=OL1[0], longitude=OL1[1], country_code="E92000001", source="tests"
    )
    oldham, rochdale = f.council(), f.council("E08000005")
    acme, beta = f.provider("Acme Care Ltd"), f.provider("Beta Care Ltd")
    w = World(
        oldham=oldham,
        coordinator=f.person(oldham, Role.DISCHARGE_COORDINATOR, name="Dee Coordinator"),
        second_coordinator=f.person(oldham, Role.DISCHARGE_COORDINATOR, name="Dan Second"),
        rochdale=rochdale,
        rochdale_coordinator=f.person(rochdale, Role.DISCHARGE_COORDINATOR, name="Rory Rochdale"),
        acme=acme,
        oak=place(f.location(oldham, provider=acme, name="Oak House"), 1),
        acme_manager=f.provider_user(acme, name="Amy Acme"),
        beta=beta,
        birch=place(f.location(oldham, provider=beta, name="Birch Lodge"), 3, "Outstanding"),
        cedar=place(f.location(oldham, provider=beta, name="Cedar View"), 6),
        beta_manager=f.provider_user(beta, name="Bob Beta"),
    )
    a_return(w.oak, w.acme_manager, at(2026, 11, 19), beds("general_nursing", 20, 19))
    a_return(w.birch, w.beta_manager, at(2026, 11, 18), beds("general_nursing", 30, 28))
    a_return(w.cedar, w.beta_manager, at(2026, 11, 18), beds("general_nursing", 30, 27))
    return w
