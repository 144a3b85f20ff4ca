"""Reads for the visit programme: the policy and officer capacity in force, what the programme needs to
know about each service, the programmes themselves, an officer's diary and coverage against policy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from carewatch.capacity import figures as capacity_figures
from carewatch.cases import figures as case_figures
from carewatch.core import access
from carewatch.core.models import Organisation, User
from carewatch.monitoring import queries as monitoring_queries
from carewatch.monitoring.models import ActionPlan, Visit, VisitState
from carewatch.planning import models, programme, queries
from carewatch.register import models as register

OLDER_PEOPLE = "Caring for adults over 65 yrs"
DONE = [s for s in VisitState.values if s not in (VisitState.SCHEDULED, VisitState.CANCELLED)]


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def policy_in_force(*, organisation: Organisation, as_of: date) -> tuple[programme.Policy, int]:
    """The council's visit policy on ``as_of`` and its version (0: the published defaults)."""
    version = (
        models.PolicyVersion.objects.filter(organisation=organisation, created_at__lt=_end_of(as_of))
        .order_by("-version")
        .first()
    )
    if version is None:
        return programme.DEFAULT_POLICY, 0
    return programme.policy_from(version.values), version.version


def policy_history(organisation: Organisation) -> list[models.PolicyVersion]:
    return list(
        models.PolicyVersion.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-version")
    )


@dataclass(frozen=True)
class OfficerRow:
    user: User
    capacity: models.OfficerCapacity | None

    @property
    def days_per_week(self) -> int:
        return self.capacity.days_per_week if self.capacity else 0

    @property
    def areas(self) -> list[str]:
        return list(self.capacity.areas) if self.capacity else []


def officers_of(organisation: Organisation) -> list[User]:
    """The council's active QA officers and managers, by name (monitoring's own list)."""
    return monitoring_queries.qa_officers(organisation)


def officer_capacity(organisation: Organisation) -> list[OfficerRow]:
    """Every officer of the council with their capacity now (None: never set, which means no visits)."""
    people = officers_of(organisation)
    latest: dict[int, models.OfficerCapacity] = {}
    for row in models.OfficerCapacity.objects.filter(organisation=organisation).order_by("created_at", "id"):
        latest[row.officer_id] = row
    return [OfficerRow(person, latest.get(person.pk)) for person in people]


def _category(care_home: bool, home_care: bool, older: bool) -> str:
    if care_home and older:
        return "older_people_care_home"
    if care_home:
        return "care_home"
    if home_care:
        return "home_care"
    return "other"


def services_for(*, organisation: Organisation, today: date) -> list[programme.Service]:
    """The active adult social care services in the council's area and those it contracts with, with
    their risk score (the council's weights), last and next visits, action plans and ladder level."""
    codes = [organisation.local_authority.code] if organisation.local_authority else []
    scope = access.OwnerScope.of([organisation.pk])
    contracted = capacity_figures.contracted_location_ids(scope=scope, on=today)
    weights, _ = queries.weights_in_force(organisation=organisation, as_of=today)
    scores = (
        {
            s.location_id: s.score
            for s in queries.scores_as_at(as_of=today, local_authority_codes=codes, weights=weights)
        }
        if codes
        else {}
    )
    rows = list(
        register.Location.objects.filter(queries.active_on(today))
        .filter(pk__in=set(scores) | contracted)
        .select_related("local_authority")
        .values_list(
            "id",
            "name",
            "postcode",
            "town",
            "local_authority__name",
            "latitude",
            "longitude",
            "care_home",
            "home_care",
            "registered_on",
        )
    )
    ids = [row[0] for row in rows]
    older = set(
        register.Location.specialisms.through.objects.filter(
            location_id__in=ids, specialism__name=OLDER_PEOPLE
        ).values_list("location_id", flat=True)
    )
    visits = Visit.objects.filter(organisation=organisation, location_id__in=ids)
    last = dict(
        visits.filter(status__in=DONE, visit_on__lte=today)
        .values("location_id")
        .annotate(on=Max("visit_on"))
        .values_list("location_id", "on")
    )
    scheduled = dict(
        visits.filter(status=VisitState.SCHEDULED)
        .values("location_id")
        .annotate(on=Min("visit_on"))
        .values_list("location_id", "on")
    )
    plans: dict[str, list[date]] = defaultdict(list)
    for location_id, asked in ActionPlan.objects.filter(
        organisation=organisation, location_id__in=ids
    ).values_list("location_id", "requested_at"):
        plans[location_id].append(timezone.localdate(asked))
    levels = case_figures.open_case_levels(ids, owners=scope)
    found = []
    for lid, name, postcode, town, district, lat, lon, care_home, home_care, registered_on in rows:
        found.append(
            programme.Service(
                location_id=lid,
                name=name,
                postcode=postcode,
                town=town,
                district=district or "",
                latitude=lat,
                longitude=lon,
                category=_category(care_home, home_care, lid in older),
                contracted=lid in contracted,
                score=scores.get(lid, 0.0),
                registered_on=registered_on,
                last_visit_on=last.get(lid),
                scheduled_on=scheduled.get(lid),
                action_plans_on=tuple(sorted(plans.get(lid, []))),
                ladder_level=levels.get(lid, ""),
            )
        )
    return found


def location(location_id: str) -> register.Location | None:
    """A service by its CQC location ID (any, registered or not: adding a visit says which cannot be)."""
    return register.Location.objects.filter(pk=location_id.strip()).first() if location_id.strip() else None


# --- programmes ----------------------------------------------------------------------------------


def programmes_of(organisation: Organisation) -> QuerySet[models.Programme]:
    return models.Programme.objects.filter(organisation=organisation).order_by("-starts_on", "-id")


def programme_for(user: User, programme_id: int) -> models.Programme | None:
    """A programme of the person's own council, else None (the view answers 404)."""
    if user.organisation_id is None:
        return None
    return (
        models.Programme.objects.filter(pk=programme_id, organisation_id=user.organisation_id)
        .select_related("organisation")
        .first()
    )


def programmes_for(user: User, *, status: str = "") -> QuerySet[models.Programme]:
    """The person's own council's programmes (none for anyone else), newest first, with how many visits
    and how many unannounced (the API's list)."""
    if user.organisation_id is None:
        return models.Programme.objects.none()
    found = models.Programme.objects.filter(organisation_id=user.organisation_id)
    if status:
        found = found.filter(status=status)
    return found.annotate(
        visit_count=Count("visits"), unannounced_count=Count("visits", filter=Q(visits__announced=False))
    ).order_by("-starts_on", "-id")


def programme_visit_rows(plan: models.Programme) -> QuerySet[models.ProgrammeVisit]:
    """A programme's visits by day, officer and route order, with the service and the officer."""
    return plan.visits.select_related("location", "officer").order_by("visit_on", "officer_id", "order", "id")


def programme_visits(plan: models.Programme) -> list[models.ProgrammeVisit]:
    return list(
        plan.visits.select_related("location", "officer", "visit").order_by(
            "visit_on", "officer_id", "order", "id"
        )
    )


# --- an officer's diary ---------------------------------------------------------------------------


def diary(user: User, *, since: date, until: date, overdue: bool = False, done: bool = False) -> list[Visit]:
    """The officer's scheduled visits from ``since`` to ``until``, by day (their own council's only).
    ``overdue``: with the scheduled visits whose date has passed; ``done``: with the visits carried out
    from ``since`` on (started, reported: not cancelled), so the diary shows what was recorded."""
    if user.organisation_id is None:
        return []
    planned = Q(status=VisitState.SCHEDULED, visit_on__lte=until) & (
        Q() if overdue else Q(visit_on__gte=since)
    )
    carried_out = Q(status__in=DONE, visit_on__gte=since, visit_on__lte=until)
    return list(
        Visit.objects.filter(
            planned | carried_out if done else planned,
            organisation_id=user.organisation_id,
            officers=user,
        )
        .select_related("location")
        .prefetch_related(Prefetch("officers", queryset=User.objects.order_by("last_name", "id")))
        .order_by("visit_on", "location__name", "id")
    )


# --- coverage against policy -----------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    since: date
    today: date
    due: int  # services policy asks a visit of in the next four weeks
    overdue: int  # services whose visit is past its date under policy, none scheduled
    scheduled: int  # visits scheduled from today on
    done: int  # visits carried out in the last 12 months
    unannounced: int  # of those, unannounced
    intensive_due: int  # services at the intensive level now
    intensive_done: int  # visits to services in an open case at the intensive level, last 12 months

    @property
    def unannounced_pct(self) -> float | None:
        return round(100 * self.unannounced / self.done, 1) if self.done else None

    @classmethod
    def total(cls, found: list[Coverage], *, today: date) -> Coverage:
        """Several councils' coverage added up (an ICB's or a region's): each under its own policy."""
        since = date(today.year - 1, today.month, min(today.day, 28))
        return cls(
            since=since,
            today=today,
            **{
                name: sum(getattr(one, name) for one in found)
                for name in (
                    "due",
                    "overdue",
                    "scheduled",
                    "done",
                    "unannounced",
                    "intensive_due",
                    "intensive_done",
                )
            },
        )


def coverage(*, organisation: Organisation, today: date) -> Coverage:
    policy, _ = policy_in_force(organisation=organisation, as_of=today)
    services = services_for(organisation=organisation, today=today)
    due = programme.due_visits(services, policy, start=today, end=today + timedelta(days=27))
    since = date(today.year - 1, today.month, min(today.day, 28))
    done = Visit.objects.filter(
        organisation=organisation, status__in=DONE, visit_on__gt=since, visit_on__lte=today
    )
    intensive_ids = {d.service.location_id for d in due if d.intensive}
    return Coverage(
        since=since,
        today=today,
        due=len({d.service.location_id for d in due if not d.intensive and not d.overdue(today)}),
        overdue=len({d.service.location_id for d in due if not d.intensive and d.overdue(today)}),
        scheduled=Visit.objects.filter(
            organisation=organisation, status=VisitState.SCHEDULED, visit_on__gte=today
        ).count(),
        done=done.count(),
        unannounced=done.filter(announced=False).count(),
        intensive_due=len(intensive_ids),
        intensive_done=done.filter(location_id__in=intensive_ids).count(),
    )
