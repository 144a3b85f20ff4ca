"""Short ways to get a case into a state through the services, as a person would."""

from __future__ import annotations

from datetime import date

from carewatch.capacity import services as capacity_services
from carewatch.capacity.services import ContractInput
from carewatch.cases import services
from carewatch.cases.models import Case
from carewatch.core.roles import Role
from tests.cases import factories as f

OPENED_AT = f.at(2026, 3, 2, 9)  # a Monday


def open_case(world, *, level: str = "1", now=OPENED_AT, locations=None, provider=None) -> Case:
    return services.open_case(
        actor=world.manager,
        organisation=world.council,
        locations=locations or [world.home],
        provider=provider,
        level=level,
        reason=f"Opened at level {level} for the test",
        now=now,
    )


def case_at(world, state: str, *, now=OPENED_AT) -> Case:
    """A case at ``state``: a level code, or "closed"."""
    if state == "0":
        case = open_case(world, level="1", now=now)
        services.de_escalate_case(
            actor=world.manager,
            case=case,
            level="0",
            reason="Back to routine",
            seen_revision=case.revision,
            now=now,
        )
    elif state == "closed":
        case = open_case(world, level="1", now=now)
        services.close_case(
            actor=world.manager, case=case, reason="Resolved", seen_revision=case.revision, now=now
        )
    else:
        case = open_case(world, level=state, now=now)
    case.refresh_from_db()
    return case


def in_contract(world, provider=None, *, reference: str = "OMBC-C1", locations=()):
    """The council contracts with ``provider`` (default: the one running Oak House), for ``locations``
    (default: every location of the provider), from 1 January 2026; recorded by a commissioner."""
    provider = provider or world.home.provider
    return capacity_services.record_contract(
        organisation=world.council,
        actor=f.person(world.council, Role.COMMISSIONER, name="Carla Commissioner"),
        contract=ContractInput(
            reference=reference,
            provider_id=provider.pk,
            kind="block",
            starts_on=date(2026, 1, 1),
            location_ids=tuple(location.pk for location in locations),
        ),
        now=OPENED_AT,
    )
