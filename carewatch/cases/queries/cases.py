"""Reads of cases: the ones a person may see, one case, the case list, a case's history and proposals.

Every read of a council's cases goes through :func:`cases_visible_to` (``access.scope_to_owner``):
a council's cases are visible to that council and to the partners it shares with.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet

from carewatch.cases import errors
from carewatch.cases.models import Action, Case, CaseStatus, Proposal
from carewatch.core import access, audit
from carewatch.core.models import Organisation, User
from carewatch.register.models import Location


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases of councils whose intelligence ``user`` may read (their own, and partners sharing with them)."""
    cases = Case.objects.select_related("organisation", "provider", "ladder")
    return access.scope_to_owner(cases, user, owner_field="organisation")


def case_for(user: User, case_id: int) -> Case:
    """One case ``user`` may see; raises ``Case.DoesNotExist`` otherwise (another council's case looks like none)."""
    return cases_visible_to(user).prefetch_related("locations").get(pk=case_id)


def cases_by_id(user: User, case_ids: Iterable[int | None]) -> QuerySet[Case]:
    """The cases among ``case_ids`` that ``user`` may see, with their locations (for their subjects)."""
    return cases_visible_to(user).filter(pk__in=[i for i in case_ids if i]).prefetch_related("locations")


def case_list(
    user: User, *, today: date, status: str = "open", level: str = "", due: str = ""
) -> QuerySet[Case]:
    """The case list: the cases ``user`` may see, filtered, each with ``next_due_on`` (its next open
    action's due date), soonest first (none last), then newest.

    ``status``: "open", "closed" or "all"; ``level``: a level code or "" for any; ``due``: "overdue"
    (something overdue), "week" (something due within 7 days) or "" for any.
    """
    open_actions = Action.objects.filter(case=OuterRef("pk"), done_on__isnull=True)
    cases = cases_visible_to(user).annotate(
        next_due_on=Min("actions__due_on", filter=Q(actions__done_on__isnull=True)),
    )
    if status == "open":
        cases = cases.filter(is_open=True)
    elif status == "closed":
        cases = cases.filter(is_open=False)
    if level:
        cases = cases.filter(level=level)
    if due == "overdue":
        cases = cases.filter(Exists(open_actions.filter(due_on__lt=today)))
    elif due == "week":
        cases = cases.filter(Exists(open_actions.filter(due_on__lte=today + timedelta(days=7))))
    return cases.prefetch_related("locations", "ladder__levels").order_by(
        F("next_due_on").asc(nulls_last=True), "-opened_at", "-id"
    )


def status_history(case: Case) -> QuerySet[CaseStatus]:
    """The case's decisions, oldest first."""
    return case.statuses.select_related("decided_by").order_by("revision")


def current_revision(case_id: int) -> int:
    """The case's revision now (0 when there is no such case)."""
    return Case.objects.filter(pk=case_id).values_list("revision", flat=True).first() or 0


def latest_change(case_id: int) -> errors.Change | None:
    """The latest status row as a :class:`~carewatch.cases.errors.Change` (who, what, when)."""
    status = (
        CaseStatus.objects.filter(case_id=case_id).select_related("decided_by").order_by("-revision").first()
    )
    if status is None:
        return None
    return errors.Change(
        revision=status.revision,
        decision=status.decision,
        from_level=status.from_level,
        level=status.level,
        decided_by=audit.actor_label(status.decided_by),
        decided_at=status.decided_at,
        reason=status.reason,
    )


def open_case_for_location(organisation: Organisation, location_id: str) -> Case | None:
    return (
        Case.objects.filter(organisation=organisation, is_open=True, case_locations__location_id=location_id)
        .order_by("id")
        .first()
    )


def open_cases_at(organisation: Organisation, location_ids: list[str]) -> dict[str, int]:
    """The council's open case about each of these locations, by location id (one query)."""
    return dict(
        Case.objects.filter(
            organisation=organisation, is_open=True, case_locations__location_id__in=location_ids
        )
        .order_by("id")
        .values_list("case_locations__location_id", "id")
    )


def case_locations(case: Case) -> list[Location]:
    """The locations a case concerns, by name (uses ``locations`` when prefetched)."""
    return sorted(case.locations.all(), key=lambda location: (location.name, location.pk))


# --- proposals ------------------------------------------------------------------------------------


def pending_proposals(organisation: Organisation) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(organisation=organisation, status=Proposal.Status.PENDING)
        .select_related("case", "proposed_by", "provider")
        .prefetch_related("locations")
        .order_by("proposed_at", "id")
    )


def proposals_waiting_on(case: Case) -> QuerySet[Proposal]:
    """The case's proposals waiting for a decision, oldest first."""
    return (
        case.proposals.filter(status=Proposal.Status.PENDING)
        .select_related("proposed_by")
        .order_by("proposed_at", "id")
    )


def proposal_for(user: User, proposal_id: int) -> Proposal:
    """One proposal ``user`` may see; raises ``Proposal.DoesNotExist`` otherwise."""
    proposals: QuerySet[Proposal] = access.scope_to_owner(
        Proposal.objects.select_related(
            "organisation", "case__ladder", "case__organisation", "proposed_by", "provider"
        ),
        user,
        owner_field="organisation",
    )
    return proposals.get(pk=proposal_id)


def proposal_locations(proposal: Proposal) -> list[Location]:
    """The locations an "open" proposal would make a case about, by name."""
    return list(proposal.locations.order_by("name", "id"))
