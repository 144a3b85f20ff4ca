"""Triggers from the council's own evidence: local QA ratings and safeguarding concerns (from the
evidence sources), overdue actions in its cases and overdue action plans (from monitoring)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from carewatch.cases import evidence, ladder, queries, wording
from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.ladder import ActionKind, ProposalKind, Trigger
from carewatch.cases.models import Action, CaseEvidence
from carewatch.cases.triggers.suggestions import Settings, Suggestion, locations_by_id, when
from carewatch.core.models import Organisation
from carewatch.monitoring.evidence import SafeguardingConcern

LOCAL_QA_CONCERNING = frozenset({"Requires improvement", "Poor"})


def local_qa(organisation: Organisation, today: date) -> Iterator[Suggestion]:
    for source in evidence.registered_sources():
        ratings = [
            r
            for r in source.local_qa_ratings(organisation=organisation, today=today)
            if r.rating in LOCAL_QA_CONCERNING
        ]
        locations = locations_by_id(organisation, (r.location_id for r in ratings))
        for rating in sorted(ratings, key=lambda r: (r.location_id, r.rated_on, r.object_id)):
            location = locations.get(rating.location_id)
            if location is None:
                continue
            yield Suggestion(
                trigger=Trigger.LOCAL_QA_RATING,
                key=f"{Trigger.LOCAL_QA_RATING}:{location.pk}:{rating.object_id}",
                location=location,
                target=ladder.TRIGGER_TARGET_LEVEL[Trigger.LOCAL_QA_RATING],
                reason=f"The council's quality assurance rated {location.name} {rating.rating} on {when(rating.rated_on)}.",
                evidence=(
                    EvidenceLink(
                        kind=CaseEvidence.Kind.LOCAL_QA_RATING,
                        object_id=rating.object_id,
                        summary=rating.summary or f"Local QA rating {rating.rating}, {when(rating.rated_on)}",
                    ),
                ),
            )


def safeguarding(organisation: Organisation, today: date, settings: Settings) -> Iterator[Suggestion]:
    since = today - timedelta(days=settings.safeguarding_period_days)
    for source in evidence.registered_sources():
        by_location: dict[str, list[SafeguardingConcern]] = defaultdict(list)
        for concern in source.safeguarding_concerns(organisation=organisation, since=since, until=today):
            if since < concern.raised_on <= today:
                by_location[concern.location_id].append(concern)
        locations = locations_by_id(organisation, by_location)
        for location_id in sorted(by_location):
            concerns = sorted(by_location[location_id], key=lambda c: (c.raised_on, c.object_id))
            location = locations.get(location_id)
            if location is None or len(concerns) < settings.safeguarding_threshold:
                continue
            yield Suggestion(
                trigger=Trigger.SAFEGUARDING_CONCERNS,
                key=f"{Trigger.SAFEGUARDING_CONCERNS}:{location.pk}:{concerns[-1].object_id}",
                location=location,
                target=ladder.TRIGGER_TARGET_LEVEL[Trigger.SAFEGUARDING_CONCERNS],
                reason=(
                    f"{wording.counted(len(concerns), 'safeguarding concern')} about {location.name} in the "
                    f"{wording.counted(settings.safeguarding_period_days, 'day')} to {when(today)} "
                    f"(the ladder's threshold is {settings.safeguarding_threshold})."
                ),
                evidence=tuple(
                    EvidenceLink(
                        kind=CaseEvidence.Kind.CONCERN,
                        object_id=concern.object_id,
                        summary=concern.summary or f"Safeguarding concern raised {when(concern.raised_on)}",
                    )
                    for concern in concerns
                ),
                details={"concerns": len(concerns), "since": since.isoformat()},
            )


def overdue_actions(organisation: Organisation, today: date) -> Iterator[Suggestion]:
    overdue = Action.objects.filter(
        case__organisation=organisation,
        case__is_open=True,
        done_on__isnull=True,
        due_on__lt=today,
        kind__in=ladder.PROVIDER_OWED_ACTIONS,
    ).select_related("case")
    for action in overdue.order_by("due_on", "id"):
        target = ladder.next_level_up(action.case.level)
        location = action.case.locations.order_by("id").first()
        if target is None or location is None:
            continue
        yield Suggestion(
            trigger=Trigger.ACTION_OVERDUE,
            key=f"{Trigger.ACTION_OVERDUE}:{action.pk}",
            location=location,
            case=action.case,
            kind=ProposalKind.ESCALATE,
            target=target,
            reason=f"{ActionKind(action.kind).label} “{action.title}” was due on {when(action.due_on)} and is not done.",
            evidence=(
                EvidenceLink(
                    kind=CaseEvidence.Kind.ACTION,
                    object_id=str(action.pk),
                    summary=f"Overdue since {when(action.due_on)}",
                ),
            ),
            details={"action": action.pk, "due_on": action.due_on.isoformat()},
        )


def overdue_action_plans(organisation: Organisation, today: date) -> Iterator[Suggestion]:
    for source in evidence.registered_sources():
        overdue = getattr(source, "overdue_action_plans", None)
        if overdue is None:
            continue
        plans = list(overdue(organisation=organisation, today=today))
        locations = locations_by_id(organisation, (plan.location_id for plan in plans))
        for plan in sorted(plans, key=lambda p: (p.location_id, p.due_on, p.object_id)):
            location = locations.get(plan.location_id)
            if location is None:
                continue
            case = queries.open_case_for_location(organisation, location.pk)
            # One level up from the case; with no case, one above level 1 (where action plans belong).
            target = ladder.next_level_up(case.level) if case is not None else "2"
            if target is None:
                continue
            yield Suggestion(
                trigger=Trigger.ACTION_OVERDUE,
                key=f"{Trigger.ACTION_OVERDUE}:{plan.object_id}",
                location=location,
                case=case,
                kind=ProposalKind.ESCALATE if case is not None else "",
                target=target,
                reason=f"The action plan for {location.name} is overdue: {plan.summary or when(plan.due_on)}.",
                evidence=(
                    EvidenceLink(
                        kind=CaseEvidence.Kind.ACTION,
                        object_id=plan.object_id,
                        summary=plan.summary or f"Overdue since {when(plan.due_on)}",
                    ),
                ),
                details={"due_on": plan.due_on.isoformat(), "reason": plan.reason},
            )
