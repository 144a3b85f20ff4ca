from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client

from carewatch.core.models import Organisation, User
from carewatch.register.models import Location
from tests.cases import factories as f
from tests.cases import given
from tests.pages import client_for


@dataclass
class World:
    """Oldham council with a QA officer, a QA manager, an administrator and a care home."""

    council: Organisation
    officer: User
    manager: User
    admin: User
    home: Location


@pytest.fixture
def world(db) -> World:
    council = f.council()
    return World(
        council=council,
        officer=f.officer(council),
        manager=f.manager(council),
        admin=f.admin(council),
        home=f.location(council, name="Oak House"),
    )


@pytest.fixture
def frozen():
    """Time stands still at 09:00 on Monday 2 March 2026 (view tests: ``pytest.mark.usefixtures("frozen")``)."""
    with time_machine.travel(given.OPENED_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer(world) -> Client:
    """The council's QA officer, signed in."""
    return client_for(world.officer)


@pytest.fixture
def manager(world) -> Client:
    """The council's QA manager, signed in."""
    return client_for(world.manager)
