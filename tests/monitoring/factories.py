"""Councils, people, providers and locations for the monitoring tests, built straight in the database.

oldham = f.council()                         # Oldham council with its local authority
officer = f.officer(oldham)                  # a QA officer there
home = f.location(oldham, provider=acme)     # a care home in Oldham run by ``acme``
manager = f.provider_user(acme)              # a provider manager at Acme's organisation
"""

from __future__ import annotations

import itertools
from datetime import date

from carewatch.core.models import Organisation, RoleGrant, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.register import models as register
from tests import places
from tests.places import AREAS, LONDON, at, council, local_authority  # noqa: F401 - the factories' vocabulary

_numbers = itertools.count(1)


def person(organisation: Organisation | None, *roles: str, name: str = "Pat Person") -> User:
    number = next(_numbers)
    first, last = name.split(" ", 1)
    user = User.objects.create_user(
        username=f"{first.lower()}-{number}",
        password="correct-horse-battery-staple",
        first_name=first,
        last_name=last,
        organisation=organisation,
    )
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=role) for role in roles)
    return user


def officer(organisation: Organisation, name: str = "Olive Officer") -> User:
    return person(organisation, Role.QA_OFFICER, name=name)


def manager(organisation: Organisation, name: str = "Maya Manager") -> User:
    return person(organisation, Role.QA_MANAGER, name=name)


def snapshot() -> register.Snapshot:
    return places.snapshot("monitoring tests")


def provider(name: str = "Acme Care Ltd") -> register.Provider:
    return register.Provider.objects.create(id=f"1-2{next(_numbers):08d}", name=name)


def provider_organisation(company: register.Provider) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        provider=company, defaults={"kind": OrganisationKind.PROVIDER, "name": company.name or company.id}
    )
    return organisation


def provider_user(
    company: register.Provider, *, role: str = Role.PROVIDER_MANAGER, name: str = "Priya Provider"
) -> User:
    return person(provider_organisation(company), role, name=name)


def location(
    organisation_or_code: Organisation | str = "E08000004",
    *,
    provider: register.Provider | None = None,
    name: str | None = None,
    care_home: bool = True,
    service_types: tuple[str, ...] = (),
) -> register.Location:
    code = (
        organisation_or_code
        if isinstance(organisation_or_code, str)
        else organisation_or_code.local_authority_id
    )
    la = local_authority(code)
    location_id = f"1-1{next(_numbers):08d}"
    name = name or f"Home {location_id}"
    place = register.Location.objects.create(
        id=location_id,
        provider=provider if provider is not None else globals()["provider"](),
        name=name,
        name_search=name.lower(),
        registration_status="Registered",
        registered_on=date(2015, 1, 1),
        is_active=True,
        care_home=care_home,
        home_care=not care_home,
        adult_social_care=True,
        local_authority=la,
        icb_id=la.icb_id,
        region_id=la.region_id,
        first_snapshot=snapshot(),
    )
    for type_name in service_types:
        service_type, _ = register.ServiceType.objects.get_or_create(name=type_name)
        place.service_types.add(service_type)
    return place
