"""Fixtures for the API tests: people with tokens, a clean throttle history, signed-in sessions."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from carewatch.core import token_services
from carewatch.core.models import Organisation, RoleGrant, User
from carewatch.core.roles import OrganisationKind, Role

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clean_throttle_history():
    """Rate-limit history lives in Django's cache: start and end every test without any."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def analyst(db) -> User:
    organisation = Organisation.objects.create(kind=OrganisationKind.NATIONAL, name="National quality team")
    user = User.objects.create_user(
        username="ana", first_name="Ana", last_name="Lyst", organisation=organisation
    )
    RoleGrant.objects.create(user=user, role=Role.ANALYST)
    return user


@pytest.fixture
def someone_else(db) -> User:
    return User.objects.create_user(username="other")


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def read_token(analyst) -> str:
    return token_services.create_token(user=analyst, name="Reports", scope="read", now=NOW)[1]


@pytest.fixture
def write_token(analyst) -> str:
    return token_services.create_token(user=analyst, name="Sync", scope="write", now=NOW)[1]
