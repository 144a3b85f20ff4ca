"""What every service checks before it writes: that a council does the monitoring, who may act; and the
council's day of a moment."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import errors
from carewatch.register.models import Location

OFFICERS = (Role.QA_OFFICER, Role.QA_MANAGER)
SENIOR_OFFICERS = (Role.QA_MANAGER,)
CONFIGURERS = (Role.QA_MANAGER, Role.ORG_ADMIN)
PROVIDER_USERS = (Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF)
PROVIDER_WRITERS = (Role.PROVIDER_MANAGER,)  # comment on reports, write and submit action plans


def today_of(now: datetime) -> date:
    return timezone.localdate(now)


def require_council(organisation: Organisation) -> None:
    if organisation.kind != OrganisationKind.COUNCIL:
        raise errors.NotPermitted("Only a council carries out quality monitoring")


def require_staff(actor: User, organisation: Organisation, roles: tuple[str, ...], what: str) -> None:
    """``actor`` works for ``organisation`` and holds one of ``roles`` (system administrators are not enough:
    monitoring decisions are a council officer's)."""
    if not actor.is_active or actor.organisation_id != organisation.pk or not actor.has_role(*roles):
        raise errors.NotPermitted(f"Only {what} at {organisation.name} can do this")


def four_eyes_waived(
    actor: User, organisation: Organisation, *, proposer_id: int | None, refusal: str
) -> bool:
    """Four-eyes: whoever proposed a decision (recorded the feedback) cannot make it.

    Refused with ``refusal`` unless ``organisation`` has switched four-eyes off; then True, and the
    audit entry says the decision was made under the waiver. The setting is read afresh.
    """
    if proposer_id is None or proposer_id != actor.pk:
        return False
    if Organisation.objects.values_list("four_eyes", flat=True).get(pk=organisation.pk):
        raise errors.NotPermitted(refusal)
    return True


def require_provider_user(actor: User, location: Location) -> None:
    """``actor`` may answer for the provider that runs ``location``: one of its provider managers.

    Provider staff read their reports and plans but do not change them (docs/access.md).
    """
    organisation = actor.organisation if actor.organisation_id else None
    if (
        not actor.is_active
        or organisation is None
        or organisation.kind != OrganisationKind.PROVIDER
        or organisation.provider_id is None
        or organisation.provider_id != location.provider_id
        or not actor.has_role(*PROVIDER_USERS)
    ):
        raise errors.NotPermitted(f"Only the provider of {location.name} can do this")
    if not actor.has_role(*PROVIDER_WRITERS):
        raise errors.NotPermitted(
            "Provider staff can read reports and action plans; only a provider manager can change them"
        )
