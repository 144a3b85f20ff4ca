"""Short ways to get a case into a state through the services, as a person would."""

from __future__ import annotations

from carewatch.cases import services
from carewatch.cases.models import Case
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
