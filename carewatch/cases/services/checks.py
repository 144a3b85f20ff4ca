"""What every service checks before it writes: that a council runs the ladder, who may act, a reason given."""

from __future__ import annotations

from carewatch.cases import errors
from carewatch.cases.models import Proposal
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role

DECIDERS = (Role.QA_MANAGER,)
PROPOSERS = (Role.QA_OFFICER, Role.QA_MANAGER)


def require_council(organisation: Organisation) -> None:
    if organisation.kind != OrganisationKind.COUNCIL:
        raise errors.NotPermitted("Only a council runs a ladder of intervention")


def require_role(actor: User, organisation: Organisation, roles: tuple[str, ...], what: str) -> None:
    if not actor.is_active or actor.organisation_id != organisation.pk or not actor.has_role(*roles):
        raise errors.NotPermitted(f"Only {what} at {organisation.name} can do this")


def require_decider(actor: User, organisation: Organisation) -> None:
    require_role(actor, organisation, DECIDERS, "a QA manager")


def require_proposer(actor: User, organisation: Organisation) -> None:
    require_role(actor, organisation, PROPOSERS, "a QA officer or QA manager")


SELF_DECISION = (
    "You proposed this, so another QA manager must decide it: {council} needs two people for every "
    "decision on a proposal (four-eyes)"
)


def four_eyes_waived(actor: User, proposal: Proposal) -> bool:
    """Four-eyes: the person who made a proposal cannot decide it (accept or decline).

    Refused (:class:`~carewatch.cases.errors.NotPermitted`) unless the council has switched four-eyes
    off; then True, and the decision's audit entry says it was made under the waiver. False when
    someone else decides, or carewatch proposed it from evidence (nobody did). The council's setting is
    read afresh, so switching it back on applies at once.
    """
    if proposal.proposed_by_id is None or proposal.proposed_by_id != actor.pk:
        return False
    required = Organisation.objects.values_list("four_eyes", flat=True).get(pk=proposal.organisation_id)
    if required:
        raise errors.NotPermitted(SELF_DECISION.format(council=proposal.organisation.name))
    return True


def require_admin(actor: User, organisation: Organisation | None) -> None:
    if actor.is_superuser and actor.is_active:
        return
    if organisation is None:
        raise errors.NotPermitted("Only a system administrator can add a bank holiday for everyone")
    require_role(actor, organisation, (Role.ORG_ADMIN,), "an organisation administrator")


def require_reason(reason: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise errors.CaseError("Enter the reason", field=field)
    return reason
