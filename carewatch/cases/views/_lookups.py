"""Scoped reads the pages need beyond ``carewatch.cases.queries`` (candidates to move there).

Each raises ``Http404`` for a record the person may not see, so another council's record looks like
none; each reads through ``queries.cases_visible_to`` or ``access.scope_to_owner``.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from carewatch.cases import queries
from carewatch.cases.models import Action, Case, Proposal, Suspension
from carewatch.core import access
from carewatch.core.models import Organisation, User
from carewatch.organisations import queries as organisation_queries
from carewatch.register.models import Location, Provider


def case_or_404(user: User, case_id: int) -> Case:
    try:
        return queries.case_for(user, case_id)
    except Case.DoesNotExist:
        raise Http404("No such case") from None


def proposal_or_404(user: User, proposal_id: int) -> Proposal:
    proposals = access.scope_to_owner(
        Proposal.objects.select_related(
            "organisation", "case__ladder", "case__organisation", "proposed_by", "provider"
        ),
        user,
        owner_field="organisation",
    )
    try:
        return proposals.get(pk=proposal_id)
    except Proposal.DoesNotExist:
        raise Http404("No such proposal") from None


def action_or_404(user: User, action_id: int) -> Action:
    try:
        return (
            Action.objects.filter(case__in=queries.cases_visible_to(user))
            .select_related("case__organisation", "owner")
            .get(pk=action_id)
        )
    except Action.DoesNotExist:
        raise Http404("No such action") from None


def suspension_or_404(user: User, suspension_id: int) -> Suspension:
    try:
        return (
            Suspension.objects.filter(case__in=queries.cases_visible_to(user))
            .select_related("case__organisation", "case__ladder", "location")
            .get(pk=suspension_id)
        )
    except Suspension.DoesNotExist:
        raise Http404("No such suspension") from None


def action_owners(organisation: Organisation) -> list[User]:
    """The council's active QA officers and managers, who may own an action."""
    return list(organisation_queries.qa_staff(organisation))


def location_or_none(location_id: str) -> Location | None:
    return Location.objects.select_related("provider").filter(pk=location_id).first()


def provider_or_none(provider_id: str) -> Provider | None:
    return Provider.objects.filter(pk=provider_id.strip()).first()


def other_locations(location: Location, organisation: Organisation | None) -> list[Location]:
    """The provider's other active locations in the council's area, to make a case about the provider."""
    if location.provider_id is None or organisation is None or organisation.local_authority_id is None:
        return []
    return list(
        Location.objects.filter(provider_id=location.provider_id, is_active=True)
        .filter(Q(local_authority_id=organisation.local_authority_id))
        .exclude(pk=location.pk)
        .order_by("name", "id")
    )


def locations_by_id(ids) -> list[Location]:
    return list(Location.objects.filter(pk__in=list(ids)).select_related("provider").order_by("name", "id"))


def task_case_subjects(user: User, case_ids) -> dict[int, str]:
    from carewatch.cases import presenters

    cases = (
        queries.cases_visible_to(user).filter(pk__in=[i for i in case_ids if i]).prefetch_related("locations")
    )
    return {case.pk: presenters.case_subject(case) for case in cases}
