from dataclasses import dataclass

import pytest

from carewatch.core.models import Organisation, User
from carewatch.monitoring import services
from carewatch.register.models import Location, Provider
from tests.monitoring import factories as f


@dataclass
class World:
    """Oldham council (two QA officers, a QA manager), Acme Care running Oak House (with a provider
    manager), and Beta Care running Birch Lodge (with its own provider manager)."""

    council: Organisation
    officer: User
    colleague: User
    manager: User
    acme: Provider
    home: Location
    acme_manager: User
    beta: Provider
    other_home: Location
    beta_manager: User


@pytest.fixture
def world(db) -> World:
    services.install_defaults(
        now=f.at(2026, 1, 5)
    )  # a no-op after the migration, unless a flush removed them
    council = f.council()
    acme, beta = f.provider("Acme Care Ltd"), f.provider("Beta Care Ltd")
    return World(
        council=council,
        officer=f.officer(council),
        colleague=f.officer(council, name="Colin Colleague"),
        manager=f.manager(council),
        acme=acme,
        home=f.location(council, provider=acme, name="Oak House"),
        acme_manager=f.provider_user(acme),
        beta=beta,
        other_home=f.location(council, provider=beta, name="Birch Lodge"),
        beta_manager=f.provider_user(beta, name="Bob Beta"),
    )
