from dataclasses import dataclass

import pytest

from carewatch.core.models import Organisation, User
from carewatch.register.models import Location
from tests.cases import factories as f


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
