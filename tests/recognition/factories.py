"""Employers, their people and their commitments for the recognition tests, built on the cases factories.

acme = f.employer("Acme Care Ltd", council)        # a provider organisation running Oak House in Oldham
manager = f.manager_of(acme)                      # its provider manager
commitment = f.signed(acme, manager, signed_on=date(2026, 1, 5), due_on=date(2026, 3, 1))
"""

from __future__ import annotations

from datetime import date, datetime

from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import services
from carewatch.recognition.models import Commitment
from carewatch.register import models as register
from tests import access_helpers as ah
from tests.cases import factories as cf
from tests.places import at  # noqa: F401 - tests use f.at

NOW = at(2026, 6, 1)


def employer(
    name: str = "Acme Care Ltd",
    council: Organisation | None = None,
    *,
    home: str = "Oak House",
    service_type: str = "Residential homes",
) -> Organisation:
    """A provider organisation whose company runs one registered care home (in ``council``'s area)."""
    company = cf.provider(name=name)
    location = cf.location(council or "E08000004", provider=company, name=home)
    kind, _ = register.ServiceType.objects.get_or_create(name=service_type)
    location.service_types.add(kind)
    return Organisation.objects.create(kind=OrganisationKind.PROVIDER, name=name, provider=company)


def manager_of(organisation: Organisation) -> User:
    """A provider manager there, with a second factor (so view tests can sign them in)."""
    return ah.person(organisation, Role.PROVIDER_MANAGER)


def staff_of(organisation: Organisation) -> User:
    return ah.person(organisation, Role.PROVIDER_STAFF)


def tasks(due_on: date, numbers: range = range(1, 8)) -> list[services.TaskInput]:
    return [services.TaskInput(n, f"Task under statement {n}", due_on) for n in numbers]


def signed(
    organisation: Organisation,
    actor: User | None,
    *,
    signed_on: date = date(2026, 1, 5),
    due_on: date = date(2026, 3, 1),
    now: datetime = NOW,
) -> Commitment:
    services.install_defaults(now=now)
    return services.sign_commitment(
        employer=organisation, actor=actor, signed_on=signed_on, tasks=tasks(due_on), now=now
    )
