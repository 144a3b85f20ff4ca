"""Councils, people, providers, locations and ratings for the ladder's tests, built straight in the database.

oldham = f.council()                                # Oldham council, with its local authority
manager = f.manager(oldham)                         # a QA manager there
home = f.location(oldham, rating="Inadequate", rated_on=date(2026, 1, 5))
"""

from __future__ import annotations

import itertools
from datetime import date

from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.register import models as register
from tests import access_helpers as ah
from tests import places
from tests.places import AREAS, LONDON, at, council, local_authority  # noqa: F401 - the factories' vocabulary

_numbers = itertools.count(1)


def icb_organisation() -> Organisation:
    local_authority()
    return Organisation.objects.create(
        kind=OrganisationKind.ICB, name="NHS Greater Manchester", icb_id="E54000057"
    )


def person(organisation: Organisation | None, *roles: str, name: str | None = None) -> User:
    number = next(_numbers)
    user = ah.person(organisation, *roles, username=f"{name or 'person'}-{number}".lower(), with_device=False)
    if name:
        user.first_name, user.last_name = name.split(" ", 1) if " " in name else (name, f"Tester{number}")
        user.save(update_fields=["first_name", "last_name"])
    return user


def officer(organisation: Organisation, name: str | None = None) -> User:
    return person(organisation, Role.QA_OFFICER, name=name or "Olive Officer")


def manager(organisation: Organisation, name: str | None = None) -> User:
    return person(organisation, Role.QA_MANAGER, name=name or "Maya Manager")


def admin(organisation: Organisation) -> User:
    return person(organisation, Role.ORG_ADMIN, name="Ada Admin")


def snapshot() -> register.Snapshot:
    return places.snapshot("cases tests")


def provider(provider_id: str | None = None, name: str | None = None) -> register.Provider:
    provider_id = provider_id or f"1-2{next(_numbers):08d}"
    return register.Provider.objects.create(id=provider_id, name=name or f"Provider {provider_id}")


def location(
    organisation_or_code: Organisation | str = "E08000004",
    *,
    location_id: str | None = None,
    provider: register.Provider | None = None,
    name: str | None = None,
    rating: str = "Good",
    rated_on: date | None = date(2024, 6, 1),
    history: tuple[tuple[date, str], ...] = (),
    active: bool = True,
    registered_on: date | None = date(2015, 1, 1),
    deregistered_on: date | None = None,
) -> register.Location:
    """A care home in the council's area, rated ``rating`` on ``rated_on``, after ``history`` (date, rating)."""
    code = (
        organisation_or_code
        if isinstance(organisation_or_code, str)
        else organisation_or_code.local_authority_id
    )
    la = local_authority(code)
    location_id = location_id or f"1-1{next(_numbers):08d}"
    name = name or f"Home {location_id}"
    location = register.Location.objects.create(
        id=location_id,
        provider=provider or globals()["provider"](),
        name=name,
        name_search=name.lower(),
        registration_status="Registered" if deregistered_on is None else "Deregistered",
        registered_on=registered_on,
        deregistered_on=deregistered_on,
        is_active=active and deregistered_on is None,
        care_home=True,
        adult_social_care=True,
        local_authority=la,
        icb_id=la.icb_id,
        region_id=la.region_id,
        current_rating=rating or "",
        current_rating_on=rated_on if rating else None,
        first_snapshot=snapshot(),
    )
    for report_on, overall in history:
        register.Rating.objects.create(
            location=location, report_on=report_on, overall=overall, first_snapshot=snapshot()
        )
    if rating:
        register.Rating.objects.create(
            location=location, is_current=True, report_on=rated_on, overall=rating, first_snapshot=snapshot()
        )
    return location


def rerate(location: register.Location, *, rating: str, rated_on: date) -> register.Location:
    """A new CQC report: the current rating becomes history."""
    register.Rating.objects.filter(location=location, is_current=True).update(is_current=False)
    register.Rating.objects.create(
        location=location, is_current=True, report_on=rated_on, overall=rating, first_snapshot=snapshot()
    )
    location.current_rating, location.current_rating_on = rating, rated_on
    location.save(update_fields=["current_rating", "current_rating_on"])
    return location
