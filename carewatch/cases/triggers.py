"""Triggers propose, people decide: carewatch reads the evidence and makes proposals; it never moves a case.

:func:`propose_from_evidence` is run for a council (daily by the task queue, or by hand). It is
idempotent: every proposal carries a key naming the evidence it rests on (``cqc_inadequate:<location>:
<rating date>`` …) and the same key is never proposed twice, whether the first proposal was accepted,
declined or is still waiting. New evidence (a new rating, a new concern) makes a new key.

What proposes what (the target levels are in ``ladder.TRIGGER_TARGET_LEVEL``):

- a CQC **Inadequate** overall rating of an active location in the council's area → the regulator
  track (R) with the special-measures timeline;
- a **second consecutive CQC Requires improvement** → level 2;
- the CQC no longer rating a location on the regulator track Inadequate → step down (to 1 when now
  Requires improvement) or close (Good or Outstanding);
- a **local QA rating** of Requires improvement or Poor → level 1;
- the ladder's number of **safeguarding concerns** within its period → level 3;
- an **action the provider owes overdue** (action plan, default notice) → one level up; an overdue
  action plan from monitoring likewise (level 2 when no case is open).

With no open case for the location, the proposal is to open one at the target level; with an open
case below the target, to escalate it; at or above the target, nothing.

Local QA ratings, safeguarding concerns and overdue action plans come from the monitoring app through
:class:`EvidenceSource`: ``carewatch.monitoring.evidence.SOURCE``, imported here (cases sits above
monitoring; monitoring knows nothing of cases). The record types are monitoring's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol, runtime_checkable

from carewatch.cases import ladder, queries, services
from carewatch.cases.ladder import ActionKind, ProposalKind, Trigger
from carewatch.cases.models import Action, Case, CaseEvidence, Proposal
from carewatch.core.models import Organisation
from carewatch.core.working_days import add_days
from carewatch.monitoring import evidence

# The record types the evidence comes in (defined once, in monitoring; named here for the triggers' readers).
from carewatch.monitoring.evidence import LocalQaRating as LocalQaRating
from carewatch.monitoring.evidence import OverdueActionPlan as OverdueActionPlan
from carewatch.monitoring.evidence import SafeguardingConcern as SafeguardingConcern
from carewatch.ratings.cqc import GOOD, INADEQUATE, OUTSTANDING, RATED, REQUIRES_IMPROVEMENT
from carewatch.register.models import Location

# --- the evidence sources the triggers read -----------------------------------------------------------


@runtime_checkable
class EvidenceSource(Protocol):
    """What a source of local evidence (the monitoring app) gives the triggers."""

    def local_qa_ratings(self, *, organisation: Organisation, today: date) -> Iterable[LocalQaRating]:
        """Each location's latest local QA rating published by ``today``."""
        ...

    def safeguarding_concerns(
        self, *, organisation: Organisation, since: date, until: date
    ) -> Iterable[SafeguardingConcern]:
        """Safeguarding concerns raised with ``organisation`` with ``since < raised_on <= until``."""
        ...


# A source may also offer ``overdue_action_plans(*, organisation, today) -> Iterable[OverdueActionPlan]``
# (monitoring does): each overdue plan proposes one level up, as an overdue action in a case does.

# The sources the triggers read: monitoring's, imported explicitly. Tests may add or swap sources.
_sources: list[EvidenceSource] = [evidence.SOURCE]

LOCAL_QA_CONCERNING = frozenset({"Requires improvement", "Poor"})


def register_source(source: EvidenceSource) -> None:
    if not isinstance(source, EvidenceSource):
        raise TypeError(f"{source!r} does not provide local_qa_ratings and safeguarding_concerns")
    if source not in _sources:
        _sources.append(source)


def unregister_source(source: EvidenceSource) -> None:
    if source in _sources:
        _sources.remove(source)


def registered_sources() -> tuple[EvidenceSource, ...]:
    return tuple(_sources)


@contextmanager
def source_registered(source: EvidenceSource) -> Iterator[EvidenceSource]:
    """Register ``source`` for the duration of a ``with`` block (tests, one-off runs)."""
    register_source(source)
    try:
        yield source
    finally:
        unregister_source(source)


# --- suggestions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Suggestion:
    trigger: str
    key: str
    location: Location
    reason: str
    evidence: tuple[services.EvidenceLink, ...]
    target: str = ""  # the level to reach (open or escalate)
    case: Case | None = None  # when the evidence is about a known case
    kind: str = ""  # when the evidence asks for a particular move (step down, close)
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Settings:
    ladder_id: int | None
    safeguarding_threshold: int
    safeguarding_period_days: int

    def timescale(self, key: str) -> tuple[int, str]:
        if self.ladder_id is not None:
            row = queries.timescale(self.ladder_id, key)
            return row.number, row.unit
        spec = next(t for level in ladder.DEFAULT_TEMPLATE.levels for t in level.timescales if t.key == key)
        return spec.number, spec.unit


def _settings(organisation: Organisation) -> _Settings:
    version = queries.current_ladder(organisation)
    if version is None:
        template = ladder.DEFAULT_TEMPLATE
        return _Settings(None, template.safeguarding_concerns_threshold, template.safeguarding_period_days)
    return _Settings(version.pk, version.safeguarding_concerns_threshold, version.safeguarding_period_days)


def _area_locations(organisation: Organisation):
    return Location.objects.filter(local_authority_id=organisation.local_authority_id, is_active=True)


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _cqc_inadequate(organisation: Organisation, settings: _Settings) -> Iterator[_Suggestion]:
    for location in (
        _area_locations(organisation)
        .filter(current_rating=INADEQUATE, current_rating_on__isnull=False)
        .order_by("id")
    ):
        published_on = location.current_rating_on
        reinspection = add_days(published_on, *settings.timescale(ladder.REINSPECTION_DUE))
        cancellation = add_days(published_on, *settings.timescale(ladder.CANCELLATION_CONSIDERED))
        yield _Suggestion(
            trigger=Trigger.CQC_INADEQUATE,
            key=f"{Trigger.CQC_INADEQUATE}:{location.pk}:{published_on.isoformat()}",
            location=location,
            target=ladder.TRIGGER_TARGET_LEVEL[Trigger.CQC_INADEQUATE],
            reason=(
                f"The CQC rated {location.name} Inadequate overall (published {_when(published_on)}): special measures. "
                f"Re-inspection is due by {_when(reinspection)}; if it is still Inadequate the CQC may move to cancel "
                f"its registration from {_when(cancellation)}."
            ),
            evidence=(
                services.EvidenceLink(
                    kind=CaseEvidence.Kind.CQC_RATING,
                    object_id=f"{location.pk}:{published_on.isoformat()}",
                    summary=f"CQC overall rating Inadequate, published {_when(published_on)}",
                ),
            ),
            details={
                "published_on": published_on.isoformat(),
                "reinspection_due_on": reinspection.isoformat(),
                "cancellation_considered_on": cancellation.isoformat(),
            },
        )


def _cqc_second_requires_improvement(organisation: Organisation) -> Iterator[_Suggestion]:
    candidates = _area_locations(organisation).filter(
        current_rating=REQUIRES_IMPROVEMENT, current_rating_on__isnull=False
    )
    for location in candidates.order_by("id"):
        by_date: dict[date, str] = {}
        for report_on, overall in (
            location.ratings.filter(
                overall__in=RATED, report_on__isnull=False, report_on__lte=location.current_rating_on
            )
            .order_by("report_on", "is_current", "id")
            .values_list("report_on", "overall")
        ):
            by_date[report_on] = overall
        sequence = [by_date[day] for day in sorted(by_date)]
        if sequence[-2:] != [REQUIRES_IMPROVEMENT, REQUIRES_IMPROVEMENT]:
            continue
        earlier = sorted(by_date)[-2]
        rated_on = location.current_rating_on
        yield _Suggestion(
            trigger=Trigger.CQC_SECOND_RI,
            key=f"{Trigger.CQC_SECOND_RI}:{location.pk}:{rated_on.isoformat()}",
            location=location,
            target=ladder.TRIGGER_TARGET_LEVEL[Trigger.CQC_SECOND_RI],
            reason=(
                f"The CQC rated {location.name} Requires improvement overall for the second time running "
                f"({_when(earlier)} and {_when(rated_on)})."
            ),
            evidence=(
                services.EvidenceLink(
                    kind=CaseEvidence.Kind.CQC_RATING,
                    object_id=f"{location.pk}:{rated_on.isoformat()}",
                    summary=f"CQC overall rating Requires improvement, published {_when(rated_on)} (also {_when(earlier)})",
                ),
            ),
        )


def _out_of_special_measures(organisation: Organisation, today: date) -> Iterator[_Suggestion]:
    cases = Case.objects.filter(organisation=organisation, is_open=True, level="R").prefetch_related(
        "regulator_tracks__location"
    )
    for case in cases.order_by("id"):
        tracks = list(case.regulator_tracks.all())
        if not tracks:
            continue
        statuses = [queries.regulator_track_status(track, on=today) for track in tracks]
        if any(status.in_special_measures for status in statuses):
            continue
        last = max(statuses, key=lambda status: (status.came_out_on, status.track.pk))
        location = last.track.location
        better = last.came_out_rating in (GOOD, OUTSTANDING)
        yield _Suggestion(
            trigger=Trigger.CQC_OUT_OF_SPECIAL_MEASURES,
            key=f"{Trigger.CQC_OUT_OF_SPECIAL_MEASURES}:{case.pk}:{last.came_out_on.isoformat()}",
            location=location,
            case=case,
            kind=ProposalKind.CLOSE if better else ProposalKind.DE_ESCALATE,
            target="" if better else "1",
            reason=(
                f"The CQC no longer rates {location.name} Inadequate: {last.came_out_rating}, published "
                f"{_when(last.came_out_on)}. It has come out of special measures."
            ),
            evidence=(
                services.EvidenceLink(
                    kind=CaseEvidence.Kind.CQC_RATING,
                    object_id=f"{location.pk}:{last.came_out_on.isoformat()}",
                    summary=f"CQC overall rating {last.came_out_rating}, published {_when(last.came_out_on)}",
                ),
            ),
            details={"came_out_on": last.came_out_on.isoformat(), "rating": last.came_out_rating},
        )


def _locations_by_id(organisation: Organisation, ids: Iterable[str]) -> dict[str, Location]:
    return {location.pk: location for location in Location.objects.filter(pk__in=set(ids))}


def _local_qa(organisation: Organisation, today: date) -> Iterator[_Suggestion]:
    for source in registered_sources():
        ratings = [
            r
            for r in source.local_qa_ratings(organisation=organisation, today=today)
            if r.rating in LOCAL_QA_CONCERNING
        ]
        locations = _locations_by_id(organisation, (r.location_id for r in ratings))
        for rating in sorted(ratings, key=lambda r: (r.location_id, r.rated_on, r.object_id)):
            location = locations.get(rating.location_id)
            if location is None:
                continue
            yield _Suggestion(
                trigger=Trigger.LOCAL_QA_RATING,
                key=f"{Trigger.LOCAL_QA_RATING}:{location.pk}:{rating.object_id}",
                location=location,
                target=ladder.TRIGGER_TARGET_LEVEL[Trigger.LOCAL_QA_RATING],
                reason=f"The council's quality assurance rated {location.name} {rating.rating} on {_when(rating.rated_on)}.",
                evidence=(
                    services.EvidenceLink(
                        kind=CaseEvidence.Kind.LOCAL_QA_RATING,
                        object_id=rating.object_id,
                        summary=rating.summary
                        or f"Local QA rating {rating.rating}, {_when(rating.rated_on)}",
                    ),
                ),
            )


def _safeguarding(organisation: Organisation, today: date, settings: _Settings) -> Iterator[_Suggestion]:
    since = today - timedelta(days=settings.safeguarding_period_days)
    for source in registered_sources():
        by_location: dict[str, list[SafeguardingConcern]] = defaultdict(list)
        for concern in source.safeguarding_concerns(organisation=organisation, since=since, until=today):
            if since < concern.raised_on <= today:
                by_location[concern.location_id].append(concern)
        locations = _locations_by_id(organisation, by_location)
        for location_id in sorted(by_location):
            concerns = sorted(by_location[location_id], key=lambda c: (c.raised_on, c.object_id))
            location = locations.get(location_id)
            if location is None or len(concerns) < settings.safeguarding_threshold:
                continue
            yield _Suggestion(
                trigger=Trigger.SAFEGUARDING_CONCERNS,
                key=f"{Trigger.SAFEGUARDING_CONCERNS}:{location.pk}:{concerns[-1].object_id}",
                location=location,
                target=ladder.TRIGGER_TARGET_LEVEL[Trigger.SAFEGUARDING_CONCERNS],
                reason=(
                    f"{len(concerns)} safeguarding concerns about {location.name} in the {settings.safeguarding_period_days} "
                    f"days to {_when(today)} (the ladder's threshold is {settings.safeguarding_threshold})."
                ),
                evidence=tuple(
                    services.EvidenceLink(
                        kind=CaseEvidence.Kind.CONCERN,
                        object_id=concern.object_id,
                        summary=concern.summary or f"Safeguarding concern raised {_when(concern.raised_on)}",
                    )
                    for concern in concerns
                ),
                details={"concerns": len(concerns), "since": since.isoformat()},
            )


def _overdue_actions(organisation: Organisation, today: date) -> Iterator[_Suggestion]:
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
        yield _Suggestion(
            trigger=Trigger.ACTION_OVERDUE,
            key=f"{Trigger.ACTION_OVERDUE}:{action.pk}",
            location=location,
            case=action.case,
            kind=ProposalKind.ESCALATE,
            target=target,
            reason=f"{ActionKind(action.kind).label} “{action.title}” was due on {_when(action.due_on)} and is not done.",
            evidence=(
                services.EvidenceLink(
                    kind=CaseEvidence.Kind.ACTION,
                    object_id=str(action.pk),
                    summary=f"Overdue since {_when(action.due_on)}",
                ),
            ),
            details={"action": action.pk, "due_on": action.due_on.isoformat()},
        )


def _overdue_action_plans(organisation: Organisation, today: date) -> Iterator[_Suggestion]:
    for source in registered_sources():
        overdue = getattr(source, "overdue_action_plans", None)
        if overdue is None:
            continue
        plans = list(overdue(organisation=organisation, today=today))
        locations = _locations_by_id(organisation, (plan.location_id for plan in plans))
        for plan in sorted(plans, key=lambda p: (p.location_id, p.due_on, p.object_id)):
            location = locations.get(plan.location_id)
            if location is None:
                continue
            case = queries.open_case_for_location(organisation, location.pk)
            # One level up from the case; with no case, one above level 1 (where action plans belong).
            target = ladder.next_level_up(case.level) if case is not None else "2"
            if target is None:
                continue
            yield _Suggestion(
                trigger=Trigger.ACTION_OVERDUE,
                key=f"{Trigger.ACTION_OVERDUE}:{plan.object_id}",
                location=location,
                case=case,
                kind=ProposalKind.ESCALATE if case is not None else "",
                target=target,
                reason=f"The action plan for {location.name} is overdue: {plan.summary or _when(plan.due_on)}.",
                evidence=(
                    services.EvidenceLink(
                        kind=CaseEvidence.Kind.ACTION,
                        object_id=plan.object_id,
                        summary=plan.summary or f"Overdue since {_when(plan.due_on)}",
                    ),
                ),
                details={"due_on": plan.due_on.isoformat(), "reason": plan.reason},
            )


# --- from suggestion to proposal -----------------------------------------------------------------------


def _pending_like(
    organisation: Organisation, *, case: Case | None, kind: str, level: str, location: Location
) -> bool:
    pending = Proposal.objects.filter(organisation=organisation, status=Proposal.Status.PENDING, kind=kind)
    if case is None:
        return pending.filter(locations=location).exists()
    return pending.filter(case=case, level=level).exists()


def _propose(organisation: Organisation, suggestion: _Suggestion, now: datetime) -> Proposal | None:
    if Proposal.objects.filter(organisation=organisation, trigger_key=suggestion.key).exists():
        return None
    case = suggestion.case or queries.open_case_for_location(organisation, suggestion.location.pk)
    if case is not None and not case.is_open:
        return None
    level = suggestion.target
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
    if _pending_like(organisation, case=case, kind=kind, level=level, location=suggestion.location):
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
    settings = _settings(organisation)
    suggestions: list[_Suggestion] = [
        *_cqc_inadequate(organisation, settings),
        *_out_of_special_measures(organisation, today),
        *_safeguarding(organisation, today, settings),
        *_cqc_second_requires_improvement(organisation),
        *_local_qa(organisation, today),
        *_overdue_actions(organisation, today),
        *_overdue_action_plans(organisation, today),
    ]
    created = []
    for suggestion in suggestions:
        proposal = _propose(organisation, suggestion, now)
        if proposal is not None:
            created.append(proposal)
    return created
