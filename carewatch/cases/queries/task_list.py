"""Reads for the task list and the daily digest: what is due, for whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from carewatch.cases.ladder import LevelCode
from carewatch.cases.models import Action, Proposal
from carewatch.core.models import User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import queries as monitoring_queries
from carewatch.register.models import Location


@dataclass(frozen=True)
class Task:
    """One line of a person's task list: an action to do, a proposal to decide, or monitoring work (a
    scheduled visit to carry out, a disputed draft report to review: ``id`` is the visit's)."""

    kind: str  # "action", "proposal", "visit" or "dispute"
    id: int
    case_id: int | None
    due_on: date
    title: str
    overdue: bool
    action: Action | None = None
    proposal: Proposal | None = None
    service: str = ""  # monitoring work: the service visited


def tasks_due(user: User, today: date, *, horizon_days: int = 0) -> list[Task]:
    """Everything due by ``today`` (+ ``horizon_days``) or overdue, for ``user``, by due date then id.

    - A QA officer: the open actions they own, on open cases.
    - A QA manager: every open action on their council's open cases, and every pending proposal
      (due on the day it was made).
    - Both: their monitoring work (``monitoring.queries.visit_tasks``): scheduled visits they are an
      officer on, and for a manager the council's disputed draft reports to review.
    """
    until = today + timedelta(days=horizon_days)
    if user.organisation_id is None or not user.is_active:
        return []
    actions = Action.objects.filter(
        done_on__isnull=True, case__is_open=True, due_on__lte=until
    ).select_related("case", "owner")
    is_manager = user.has_role(Role.QA_MANAGER)
    if is_manager:
        actions = actions.filter(case__organisation_id=user.organisation_id)
    elif user.has_role(Role.QA_OFFICER):
        actions = actions.filter(owner=user, case__organisation_id=user.organisation_id)
    else:
        return []
    tasks = [
        Task(
            kind="action",
            id=action.pk,
            case_id=action.case_id,
            due_on=action.due_on,
            title=action.title,
            overdue=action.due_on < today,
            action=action,
        )
        for action in actions
    ]
    if is_manager:
        for proposal in (
            Proposal.objects.filter(organisation_id=user.organisation_id, status=Proposal.Status.PENDING)
            .select_related("provider")
            # What the task's words name (cases.presenters.proposal_subject): each location's name and its
            # provider's, in one query of three columns rather than every column of both tables in two.
            .prefetch_related(
                Prefetch(
                    "locations",
                    queryset=Location.objects.select_related("provider").only("id", "name", "provider__name"),
                )
            )
            .order_by("proposed_at", "id")
        ):
            proposed_on = timezone.localdate(proposal.proposed_at)
            if proposed_on > until:
                continue
            tasks.append(
                Task(
                    kind="proposal",
                    id=proposal.pk,
                    case_id=proposal.case_id,
                    due_on=proposed_on,
                    title=f"Decide: {proposal.get_kind_display().lower()}"
                    + (f" ({LevelCode(proposal.level).label})" if proposal.level in LevelCode.values else ""),
                    overdue=proposed_on < today,
                    proposal=proposal,
                )
            )
    tasks.extend(
        Task(
            kind=work.kind,
            id=work.visit_id,
            case_id=None,
            due_on=work.due_on,
            title=work.title,
            overdue=work.due_on < today,
            service=work.service,
        )
        for work in monitoring_queries.visit_tasks(user, until=until)
    )
    return sorted(tasks, key=lambda task: (task.due_on, task.kind, task.id))


def digest_recipients() -> QuerySet[User]:
    """Active QA officers and managers of councils who have an email address."""
    return (
        User.objects.filter(
            is_active=True,
            organisation__kind=OrganisationKind.COUNCIL,
            role_grants__role__in=[Role.QA_OFFICER, Role.QA_MANAGER],
        )
        .exclude(email="")
        .select_related("organisation")
        .distinct()
        .order_by("organisation_id", "last_name", "first_name", "id")
    )
