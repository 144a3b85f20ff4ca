"""From suggestion to proposal: a suggestion the cases already answer, or one already proposed, is dropped."""

from __future__ import annotations

from datetime import date, datetime

from carewatch.cases import ladder, queries, services
from carewatch.cases.ladder import ProposalKind
from carewatch.cases.models import Case, Proposal
from carewatch.cases.triggers import cqc, local, returns
from carewatch.cases.triggers.suggestions import Suggestion, settings_for
from carewatch.core.models import Organisation
from carewatch.register.models import Location


def pending_like(
    organisation: Organisation, *, case: Case | None, kind: str, level: str, location: Location
) -> bool:
    pending = Proposal.objects.filter(organisation=organisation, status=Proposal.Status.PENDING, kind=kind)
    if case is None:
        return pending.filter(locations=location).exists()
    return pending.filter(case=case, level=level).exists()


def propose(organisation: Organisation, suggestion: Suggestion, now: datetime) -> Proposal | None:
    if Proposal.objects.filter(organisation=organisation, trigger_key=suggestion.key).exists():
        return None
    case = suggestion.case or queries.open_case_for_location(organisation, suggestion.location.pk)
    if case is not None and not case.is_open:
        return None
    level = suggestion.target
    kind: str
    if case is None:
        kind = ProposalKind.OPEN
    elif suggestion.kind:
        kind = suggestion.kind
    elif ladder.RANK[case.level] < ladder.RANK[level]:
        kind = ProposalKind.ESCALATE
    else:
        return None  # the case is already at or above where the evidence points
    state = ladder.NEW if case is None else case.level
    if not ladder.is_allowed(state, ladder.DECISION_FOR_KIND[kind], level or ladder.CLOSED):
        return None
    if pending_like(organisation, case=case, kind=kind, level=level, location=suggestion.location):
        return None
    return services.propose_from_trigger(
        organisation=organisation,
        trigger=suggestion.trigger,
        key=suggestion.key,
        kind=kind,
        level=level,
        reason=suggestion.reason,
        now=now,
        case=case,
        locations=[suggestion.location] if case is None else (),
        evidence=suggestion.evidence,
        details=suggestion.details,
    )


def propose_from_evidence(*, organisation: Organisation, today: date, now: datetime) -> list[Proposal]:
    """Make every proposal the evidence calls for that has not been made before; return the new ones."""
    settings = settings_for(organisation)
    suggestions: list[Suggestion] = [
        *cqc.cqc_inadequate(organisation, settings),
        *cqc.out_of_special_measures(organisation, today),
        *local.safeguarding(organisation, today, settings),
        *cqc.cqc_second_requires_improvement(organisation),
        *local.local_qa(organisation, today),
        *local.overdue_actions(organisation, today),
        *local.overdue_action_plans(organisation, today),
        *returns.missed_returns(organisation, today),
    ]
    created = []
    for suggestion in suggestions:
        proposal = propose(organisation, suggestion, now)
        if proposal is not None:
            created.append(proposal)
    return created
