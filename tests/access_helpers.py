"""Building organisations and people for tests, and signing them in past the second factor.

    from tests import access_helpers as ah

    oldham = ah.council(code="E08000004")             # needs ensure_reference_data() first
    officer = ah.person(oldham, "qa_officer")          # a confirmed TOTP device comes with it
    ah.sign_in(client, officer)                        # force_login + a verified OTP session

Every signed-in page sits behind ``RequireSecondFactorMiddleware``; ``sign_in`` puts the person's
TOTP device in the session, exactly as a completed second-factor step would.
"""

from __future__ import annotations

import itertools

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.core.models import Organisation, RoleGrant, User
from carewatch.core.roles import OrganisationKind
from carewatch.register import models as register

_numbers = itertools.count(1)


def council(*, code: str, name: str | None = None) -> Organisation:
    local_authority = register.LocalAuthority.objects.get(pk=code)
    return Organisation.objects.create(
        kind=OrganisationKind.COUNCIL,
        name=name or f"{local_authority.name} Council",
        local_authority=local_authority,
    )


def icb(*, code: str, name: str | None = None) -> Organisation:
    board = register.Icb.objects.get(pk=code)
    return Organisation.objects.create(kind=OrganisationKind.ICB, name=name or board.name, icb=board)


def provider(*, provider_id: str, name: str | None = None) -> Organisation:
    company = register.Provider.objects.get(pk=provider_id)
    return Organisation.objects.create(
        kind=OrganisationKind.PROVIDER, name=name or company.name or company.id, provider=company
    )


def national(*, name: str = "National quality team") -> Organisation:
    return Organisation.objects.create(kind=OrganisationKind.NATIONAL, name=name)


def person(
    organisation: Organisation | None,
    *roles: str,
    username: str | None = None,
    superuser: bool = False,
    active: bool = True,
    with_device: bool = True,
) -> User:
    """A person holding ``roles`` in ``organisation``, with a confirmed TOTP device."""
    number = next(_numbers)
    username = username or f"{'-'.join(roles) or 'person'}-{number}"
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="correct-horse-battery-staple",
        first_name=username.split("-")[0].capitalize(),
        last_name=f"Tester{number}",
        organisation=organisation,
        is_superuser=superuser,
        is_staff=superuser,
        is_active=active,
    )
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=role) for role in roles)
    if with_device:
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def system_admin(*, username: str = "system-admin") -> User:
    return person(None, username=username, superuser=True)


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in with a verified second factor (they must have a confirmed TOTP device)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    assert device is not None, (
        f"{user} has no confirmed TOTP device: create them with access_helpers.person()"
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def client_for(user: User | None) -> Client:
    """A fresh test client, signed in as ``user`` (anonymous when ``None``)."""
    client = Client()
    return sign_in(client, user) if user is not None else client
