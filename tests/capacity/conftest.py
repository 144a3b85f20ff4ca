from __future__ import annotations

from dataclasses import dataclass

import pytest

from carewatch.core.models import Organisation, User
from carewatch.core.roles import Role
from carewatch.register.models import Location, Provider
from tests.monitoring import factories as f


@dataclass
class World:
    """Oldham council (a commissioner, an analyst), Rochdale council (a commissioner); Acme Care runs Oak
    House in Oldham (a provider manager), Beta Care runs Birch Lodge in Oldham and Ash Court in Rochdale."""

    oldham: Organisation
    commissioner: User
    analyst: User
    rochdale: Organisation
    rochdale_commissioner: User
    acme: Provider
    home: Location
    acme_manager: User
    beta: Provider
    other_home: Location
    rochdale_home: Location
    beta_manager: User


@pytest.fixture
def world(db) -> World:
    oldham, rochdale = f.council(), f.council("E08000005")
    acme, beta = f.provider("Acme Care Ltd"), f.provider("Beta Care Ltd")
    return World(
        oldham=oldham,
        commissioner=f.person(oldham, Role.COMMISSIONER, name="Carla Commissioner"),
        analyst=f.person(oldham, Role.ANALYST, name="Ann Analyst"),
        rochdale=rochdale,
        rochdale_commissioner=f.person(rochdale, Role.COMMISSIONER, name="Rory Rochdale"),
        acme=acme,
        home=f.location(oldham, provider=acme, name="Oak House"),
        acme_manager=f.provider_user(acme),
        beta=beta,
        other_home=f.location(oldham, provider=beta, name="Birch Lodge"),
        rochdale_home=f.location(rochdale, provider=beta, name="Ash Court"),
        beta_manager=f.provider_user(beta, name="Bob Beta"),
    )
