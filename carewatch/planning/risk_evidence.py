"""The council's own evidence for the risk score, as it stood at the end of a day (docs/planning.md).

Read in bulk for many services at once, from the monitoring, cases and capacity apps, in a fixed number
of queries however many services there are (each query filters on the services as a subquery). Never a
record made after ``as_of``: status histories (visits, action plans, plan actions, cases) are read up to
the end of that day and their latest step then is taken; published dates, moderation dates, start and
lift dates likewise. ``organisations`` is whose evidence counts: a queryset or list of council
organisation ids, or None for every council's.

Three signals are read from the register's own history too: the registered manager on ``as_of`` and
whether it changed in the 12 months before, from the undo log each import keeps
(``register.SnapshotChange``: the location's fields before the import changed them).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import fields
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from carewatch.capacity import compliance
from carewatch.capacity.models import BedReturn, CapacityReturn
from carewatch.capacity.vocabulary import ReturnState
from carewatch.cases import ladder
from carewatch.cases.models import CaseLocation, CaseStatus, Suspension
from carewatch.core.working_days import england_and_wales
from carewatch.monitoring import lifecycle
from carewatch.monitoring.models import (
    FEEDBACK_CATEGORY_FIELDS,
    ActionPlanStatus,
    ActionState,
    ActionUpdate,
    Feedback,
    FeedbackModeration,
    Finding,
    ModerationState,
    PlanAction,
    PlanState,
    Visit,
    VisitState,
    VisitStatus,
)
from carewatch.planning import risk
from carewatch.ratings.local_qa import QaRating
from carewatch.register import models as register

LIVED_EXPERIENCE_MONTHS = 12  # feedback received in the 12 months before counts
LIVED_EXPERIENCE_MIN_RESPONSES = 5  # fewer: no score (monitoring's own suppression, docs/monitoring.md)
MISSED_RETURNS_DAYS = 90  # monthly returns whose window closed in the 90 days before
CAPACITY_STALE_DAYS = 90  # occupancy and staffing from a return older than this are not read
MANAGER_CHANGE_MONTHS = 12
# The ladder's levels as points: the number of the level; R (CQC special measures) counts as 3.
LADDER_POINTS = {"0": 0, "1": 1, "2": 2, "3": 3, "R": 3, "4": 4, "5": 5}
_PLAN_SUBMITTED = (PlanState.SUBMITTED, PlanState.RESUBMITTED, PlanState.ACCEPTED)
_PLAN_OWED = (PlanState.REQUESTED, PlanState.RETURNED)


# What is read, service by service: the fields of ``risk.CouncilEvidence`` found for it (the others keep
# their defaults), passed on as they are to ``risk.Signals`` (a dict, not a frozen record replaced at each
# step: replacing one 30,000 times over cost 0.6 s of an England-wide score).
Found = dict[str, dict[str, Any]]
_FIELDS = frozenset(item.name for item in fields(risk.CouncilEvidence))


def _put(evidence: Found, location_id: str, **changes: Any) -> None:
    """Record ``changes`` (fields of ``risk.CouncilEvidence``) for the service."""
    unknown = changes.keys() - _FIELDS
    if unknown:
        raise TypeError(f"not a field of the council's evidence: {sorted(unknown)}")
    evidence.setdefault(location_id, {}).update(changes)


def end_of(day: date) -> datetime:
    """The first moment after ``day`` (local time): records made before it existed on ``day``."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _in(organisations: QuerySet[Any] | list[int] | None, lookup: str) -> Q:
    return Q() if organisations is None else Q(**{f"{lookup}__in": organisations})


def monitoring_evidence(
    *,
    as_of: date,
    locations: QuerySet[register.Location],
    organisations: QuerySet[Any] | list[int] | None,
    evidence: Found,
    collecting: set[str],
) -> None:
    """Local QA ratings and visits, open findings, overdue action-plan items, lived experience (6 queries).

    ``collecting`` gets the ids of the services whose council received any approved lived-experience
    response in the period (a council that does not collect feedback says nothing about its volume)."""
    end = end_of(as_of)
    carried_out = VisitStatus.objects.filter(visit=OuterRef("pk"), at__lt=end).exclude(
        status__in=lifecycle.NOT_CARRIED_OUT
    )
    visits = Visit.objects.filter(
        _in(organisations, "organisation"), location__in=locations, visit_on__lte=as_of
    ).filter(Exists(carried_out))
    latest_visit: dict[str, tuple[date, int]] = {}
    published: dict[str, tuple[datetime, int, int]] = {}
    for visit_id, location_id, visit_on, rating, published_at, status in visits.values_list(
        "id", "location_id", "visit_on", "overall_rating", "published_at", "status"
    ).order_by("location_id", "visit_on", "id"):
        latest_visit[location_id] = (visit_on, visit_id)  # ordered: the last is the latest
        if status != VisitState.PUBLISHED or not rating or published_at is None or published_at >= end:
            continue
        if location_id not in published or (published_at, visit_id) > published[location_id][:2]:
            published[location_id] = (published_at, visit_id, rating)
    for location_id, (visit_on, _) in latest_visit.items():
        _put(evidence, location_id, last_qa_visit_on=visit_on)
    for location_id, (_, _, rating) in published.items():
        _put(evidence, location_id, local_qa_rating=QaRating(rating).label)

    # Actions answering findings, and whether each was done by the end of the day (its updates).
    done: set[int] = set()
    updates = ActionUpdate.objects.filter(
        _in(organisations, "action__plan__organisation"), action__plan__location__in=locations, at__lt=end
    )
    latest_update: dict[int, str] = {}
    for action_id, status in updates.values_list("action_id", "status").order_by("action_id", "at", "id"):
        latest_update[action_id] = status
    done = {action_id for action_id, status in latest_update.items() if status == ActionState.DONE}
    overdue: Counter[str] = Counter()
    plan_state: dict[int, tuple[str, date | None, date, str]] = {}
    statuses = ActionPlanStatus.objects.filter(
        _in(organisations, "plan__organisation"), plan__location__in=locations, at__lt=end
    )
    for plan_id, location_id, status, due_on, plan_due_on in statuses.values_list(
        "plan_id", "plan__location_id", "status", "due_on", "plan__due_on"
    ).order_by("plan_id", "sequence"):
        plan_state[plan_id] = (status, due_on, plan_due_on, location_id)
    for status, due_on, plan_due_on, location_id in plan_state.values():
        if status in _PLAN_OWED and (due_on or plan_due_on) < as_of:
            overdue[location_id] += 1  # the plan itself is owed, late
    answered: set[int] = set()
    actions = PlanAction.objects.filter(
        _in(organisations, "plan__organisation"), plan__location__in=locations, created_at__lt=end
    )
    for action_id, finding_id, plan_id, due_on, location_id in actions.values_list(
        "id", "finding_id", "plan_id", "due_on", "plan__location_id"
    ).order_by("id"):
        if action_id in done:
            answered.add(finding_id)
            continue
        state = plan_state.get(plan_id)
        if state is not None and state[0] in _PLAN_SUBMITTED and due_on < as_of:
            overdue[location_id] += 1
    for location_id, count in overdue.items():
        _put(evidence, location_id, overdue_actions=count)

    # Open findings: those of the latest visit carried out that no action done by then answers.
    latest_ids = {visit_id for _, visit_id in latest_visit.values()}
    open_findings: Counter[str] = Counter()
    open_safeguarding: Counter[str] = Counter()
    findings = Finding.objects.filter(visit__in=visits, created_at__lt=end)
    for finding_id, visit_id, location_id, safeguarding, confirmed_at in findings.values_list(
        "id", "visit_id", "visit__location_id", "theme__safeguarding", "theme_confirmed_at"
    ).order_by("id"):
        if visit_id not in latest_ids or finding_id in answered:
            continue
        if safeguarding and confirmed_at is not None and confirmed_at < end:
            open_safeguarding[location_id] += 1
        else:
            open_findings[location_id] += 1
    for location_id in open_findings.keys() | open_safeguarding.keys():
        _put(
            evidence,
            location_id,
            open_findings=open_findings[location_id],
            open_safeguarding_findings=open_safeguarding[location_id],
        )

    # Lived experience: approved (by the end of the day) responses received in the 12 months before.
    approved = FeedbackModeration.objects.filter(
        feedback=OuterRef("pk"), decision=ModerationState.APPROVED, at__lt=end
    )
    since = end_of(as_of - timedelta(days=365))
    feedback = (
        Feedback.objects.filter(
            _in(organisations, "organisation"),
            location__in=locations,
            received_at__gte=since,
            received_at__lt=end,
        )
        .filter(Exists(approved))
        .values("location_id")
        .annotate(
            responses=Count("id"),
            **{f"{name}_sum": Sum(name) for name in FEEDBACK_CATEGORY_FIELDS},
            **{f"{name}_n": Count(name) for name in FEEDBACK_CATEGORY_FIELDS},
        )
        .order_by("location_id")
    )
    for row in feedback:
        collecting.add(row["location_id"])
        total = sum(row[f"{name}_sum"] or 0 for name in FEEDBACK_CATEGORY_FIELDS)
        answers = sum(row[f"{name}_n"] for name in FEEDBACK_CATEGORY_FIELDS)
        scored = row["responses"] >= LIVED_EXPERIENCE_MIN_RESPONSES and answers
        _put(
            evidence,
            row["location_id"],
            lived_experience_responses=row["responses"],
            lived_experience_score=round(total / answers, 2) if scored else None,
        )


def cases_evidence(
    *,
    as_of: date,
    locations: QuerySet[register.Location],
    organisations: QuerySet[Any] | list[int] | None,
    evidence: Found,
) -> None:
    """The ladder level (the highest of the cases about the service, each at its latest decision by the
    end of the day; closed: none) and whether placements were suspended that day (3 queries)."""
    end = end_of(as_of)
    memberships = CaseLocation.objects.filter(_in(organisations, "organisation"), location__in=locations)
    cases_of: dict[int, list[str]] = defaultdict(list)
    for case_id, location_id in memberships.values_list("case_id", "location_id").order_by("case_id", "id"):
        cases_of[case_id].append(location_id)
    level_of: dict[int, str] = {}
    statuses = CaseStatus.objects.filter(
        case__in=memberships.values("case_id"), decided_at__lt=end
    ).values_list("case_id", "level")
    for case_id, level in statuses.order_by("case_id", "revision"):
        level_of[case_id] = level
    highest: dict[str, str] = {}  # service id -> the highest ladder level of its open cases
    for case_id, level in level_of.items():
        if not level:
            continue  # closed by then
        for location_id in cases_of.get(case_id, []):
            if ladder.RANK.get(level, 0) > ladder.RANK.get(highest.get(location_id, "0"), 0):
                highest[location_id] = level
    for location_id, level in highest.items():
        _put(evidence, location_id, ladder_level=LADDER_POINTS.get(level, 0))
    suspended = Suspension.objects.filter(
        _in(organisations, "case__organisation"), location__in=locations, started_on__lte=as_of
    ).filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=as_of))
    for location_id in suspended.values_list("location_id", flat=True).order_by("location_id"):
        _put(evidence, location_id, suspended=True)


def _share(direct: Iterable[int | None], agency: Iterable[int | None]) -> float | None:
    direct_total = sum(n or 0 for n in direct)
    agency_total = sum(n or 0 for n in agency)
    total = direct_total + agency_total
    return agency_total / total if total else None


def capacity_evidence(
    *,
    as_of: date,
    locations: QuerySet[register.Location],
    reporting: dict[str, tuple[str, bool]],
    evidence: Found,
) -> None:
    """Missed monthly returns whose window closed in the 90 days before, and the latest return's occupancy
    and agency share (from a return in the 90 days before). Capacity returns are national (the provider
    files them), so every council sees them. ``reporting``: service id → (its local authority, whether it
    files returns: a care home or home care). A month counts only once its local authority's services had
    begun filing returns at all (3 queries)."""
    end = end_of(as_of)
    holidays = england_and_wales()
    window_start = as_of - timedelta(days=MISSED_RETURNS_DAYS + 45)
    months = [
        month
        for month in compliance.months(window_start, as_of)
        if as_of - timedelta(days=MISSED_RETURNS_DAYS)
        <= compliance.window(month, holidays=holidays)[1]
        < as_of
    ]
    first_returns = (
        CapacityReturn.objects.filter(location__in=locations, reported_at__lt=end)
        .values("location_id")
        .annotate(first=Min("reported_at"))
        .values_list("location_id", "first")
        .order_by("location_id")
    )
    area_since: dict[str, date] = {}
    for location_id, first in first_returns:
        area = reporting.get(location_id, ("", False))[0]
        day = timezone.localdate(first)
        if area and (area not in area_since or day < area_since[area]):
            area_since[area] = day
    dates: dict[str, list[date]] = defaultdict(list)
    latest: dict[str, tuple[datetime, int, float | None]] = {}
    shares: dict[str, float] = {}
    recent = end - timedelta(days=CAPACITY_STALE_DAYS)
    staffing_fields = (
        "nurses_direct",
        "care_staff_direct",
        "other_staff_direct",
        "nurses_agency",
        "care_staff_agency",
        "other_staff_agency",
    )
    returns = CapacityReturn.objects.filter(
        location__in=locations,
        reported_at__gte=end_of(window_start),
        reported_at__lt=end,
    ).values_list("id", "location_id", "reported_at", *staffing_fields)
    for return_id, location_id, reported_at, *staff in returns.order_by("location_id", "reported_at", "id"):
        dates[location_id].append(timezone.localdate(reported_at))
        if reported_at >= recent:
            share = _share(staff[:3], staff[3:])
            if share is not None:
                shares[location_id] = share  # ordered: the latest with staffing wins
            latest[location_id] = (reported_at, return_id, share)
    for location_id, share in shares.items():
        _put(evidence, location_id, agency_share=share)
    latest_ids = {return_id for _, return_id, _ in latest.values()}
    beds: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    bed_rows = BedReturn.objects.filter(
        capacity_return__location__in=locations,
        capacity_return__reported_at__gte=recent,
        capacity_return__reported_at__lt=end,
        closed=False,
    ).values_list("capacity_return_id", "capacity", "occupied")
    for return_id, capacity, occupied in bed_rows.order_by("capacity_return_id", "id"):
        if return_id in latest_ids:
            beds[return_id][0] += capacity
            beds[return_id][1] += occupied
    for location_id, (_, return_id, _) in latest.items():
        capacity, occupied = beds.get(return_id, (0, 0))
        if capacity:
            _put(evidence, location_id, occupancy=occupied / capacity)
    for location_id, (area, files) in reporting.items():
        since = area_since.get(area)
        if not files or since is None:
            continue
        missed = sum(
            1
            for month in months
            if month.first >= date(since.year, since.month, 1)
            and compliance.state_of(month, dates.get(location_id, []), today=as_of, holidays=holidays)
            == ReturnState.MISSED
        )
        if missed:
            _put(evidence, location_id, missed_capacity_returns=missed)


def _manager(value: object) -> str:
    return " ".join(str(value or "").split()).casefold()


def managers_as_at(
    *, as_of: date, locations: QuerySet[register.Location], today_managers: dict[str, str]
) -> tuple[dict[str, str], dict[str, date]]:
    """Each service's registered manager on ``as_of``, and the date of the import (in force) that last
    changed it from one named manager to another in the 12 months before (1 query)."""
    changes = (
        register.SnapshotChange.objects.filter(
            kind=register.SnapshotChange.LOCATION,
            snapshot__undone_at__isnull=True,
            object_id__in=locations.values("id"),
            before__isnull=False,
        )
        .values_list("object_id", "snapshot__as_of", "before__registered_manager")
        .order_by("object_id", "snapshot__as_of", "snapshot_id")
    )
    history: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for location_id, on, before in changes:
        history[location_id].append((on, before if isinstance(before, str) else ""))
    managers = dict(today_managers)
    changed: dict[str, date] = {}
    cutoff = as_of - timedelta(days=365 * MANAGER_CHANGE_MONTHS // 12)
    for location_id, steps in history.items():
        # steps[k] holds the manager before import k; the manager after it is the next step's, or today's.
        after = [before for _, before in steps[1:]] + [today_managers.get(location_id, "")]
        for (on, before), later in zip(steps, after, strict=True):
            if on > as_of:
                managers[location_id] = before  # the first import after the day: its "before" is that day's
                break
            if _manager(before) and _manager(later) and _manager(before) != _manager(later) and on > cutoff:
                changed[location_id] = on
    return managers, changed


def evidence_version() -> str:
    """A fingerprint of the council evidence the score reads: the newest row of each history (and the
    findings' theme confirmations, the suspensions lifted), so a cached score is read afresh after any
    new step. Cheap: one aggregate query per history, on primary keys."""
    parts: list[object] = []
    for model in (VisitStatus, PlanAction, ActionUpdate, ActionPlanStatus, FeedbackModeration, CaseStatus):
        parts.append(model.objects.aggregate(v=Max("id"))["v"])
    parts.extend(Finding.objects.aggregate(a=Max("id"), b=Max("theme_confirmed_at")).values())
    parts.extend(Suspension.objects.aggregate(a=Max("id"), b=Count("lifted_on"), c=Max("lifted_on")).values())
    parts.extend(CaseLocation.objects.aggregate(a=Max("id"), b=Count("id")).values())
    parts.append(CapacityReturn.objects.aggregate(v=Max("id"))["v"])
    return ".".join(str(part or 0) for part in parts)
