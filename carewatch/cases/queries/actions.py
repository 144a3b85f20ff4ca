"""Reads of a case's actions: one action, a case's actions, who may own one, and default notices."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from carewatch.cases.ladder import ActionKind
from carewatch.cases.models import Action, Case
from carewatch.cases.queries.cases import cases_visible_to
from carewatch.core.models import Organisation, User
from carewatch.organisations import queries as organisation_queries


def action_for(user: User, action_id: int) -> Action:
    """One action on a case ``user`` may see; raises ``Action.DoesNotExist`` otherwise."""
    return (
        Action.objects.filter(case__in=cases_visible_to(user))
        .select_related("case__organisation", "owner")
        .get(pk=action_id)
    )


def actions_of(case: Case) -> QuerySet[Action]:
    """The case's actions, done or not, soonest due first."""
    return case.actions.select_related("owner", "peer_provider", "suspension").order_by("due_on", "id")


def action_owners(organisation: Organisation) -> list[User]:
    """The council's active QA officers and managers, who may own an action."""
    return list(organisation_queries.qa_staff(organisation))


@dataclass(frozen=True)
class DefaultNoticeCount:
    on_case: int
    on_provider: int  # across the council's cases about the same provider
    limit: int

    @property
    def termination_to_be_considered(self) -> bool:
        return max(self.on_case, self.on_provider) >= self.limit


def default_notices(case: Case) -> DefaultNoticeCount:
    """How many default notices the case, and its provider across the council's cases, have had."""
    notices = Action.objects.filter(
        kind=ActionKind.DEFAULT_NOTICE, case__organisation_id=case.organisation_id
    )
    on_case = notices.filter(case=case).count()
    provider_ids = set(case.locations.values_list("provider_id", flat=True)) | ({case.provider_id} - {None})
    on_provider = (
        notices.filter(
            Q(case__provider_id__in=provider_ids)
            | Q(case__case_locations__location__provider_id__in=provider_ids)
        )
        .distinct()
        .count()
        if provider_ids
        else on_case
    )
    return DefaultNoticeCount(
        on_case=on_case, on_provider=on_provider, limit=case.ladder.default_notice_limit
    )
