"""Writes of the visit programme: a council's visit policy (versioned), each officer's capacity, a
proposed programme, a manager's changes to it and its approval, which schedules the visits through
monitoring's own service. Each write in one transaction with one audit entry (docs/planning.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.core.working_days import england_and_wales
from carewatch.monitoring import errors as monitoring_errors
from carewatch.monitoring import services as monitoring_services
from carewatch.planning import errors, models, programme, programme_queries, services
from carewatch.register.models import Location

MANAGERS = (Role.QA_MANAGER,)
MAX_WEEKS = 12


def _require_manager(organisation: Organisation, actor: User, what: str) -> None:
    if organisation.kind != OrganisationKind.COUNCIL:
        raise errors.NotPermitted("Only a council plans visits")
    if not actor.is_active or actor.organisation_id != organisation.pk or not actor.has_role(*MANAGERS):
        raise errors.NotPermitted(f"Only the council's QA managers {what}")


# --- the policy -------------------------------------------------------------------------------


def set_policy(
    *, organisation: Organisation, actor: User, values: Mapping[str, object], now: datetime
) -> models.PolicyVersion:
    """Record the council's visit policy as its next version, in force from ``now``."""
    _require_manager(organisation, actor, "set the visit policy")
    try:
        policy = programme.parse_policy(values)
    except programme.PolicyError as exc:
        raise errors.InvalidPolicy(exc.errors) from exc
    with transaction.atomic():
        version = models.PolicyVersion.objects.create(
            organisation=organisation,
            version=services.next_version(models.PolicyVersion, organisation),
            values=policy.as_dict(),
            created_at=now,
            created_by=actor,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="planning.policy_changed",
            object_type="planning.policyversion",
            object_id=version.pk,
            after={"version": version.version, **policy.as_dict()},
        )
    return version


# --- officers' capacity -----------------------------------------------------------------------


def parse_areas(text: str) -> list[str]:
    """ "OL1, OL2; Oldham" → ["OL1", "OL2", "Oldham"] (commas, semicolons or new lines between)."""
    for sep in (";", "\n"):
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def set_capacity(
    *,
    organisation: Organisation,
    actor: User,
    officer: User,
    days_per_week: object,
    areas: Iterable[str],
    now: datetime,
) -> models.OfficerCapacity:
    """Record how many days a week ``officer`` visits and where (no areas: anywhere in the council's)."""
    _require_manager(organisation, actor, "set officers' capacity")
    if officer.organisation_id != organisation.pk or not officer.has_role(Role.QA_OFFICER, Role.QA_MANAGER):
        raise errors.InvalidInput("Choose one of the council's QA officers", field="officer")
    text = str(days_per_week if days_per_week is not None else "").strip()
    if not text:
        raise errors.InvalidInput(
            "Enter the days a week the officer visits, from 0 to 5", field="days_per_week"
        )
    if not text.isdigit() or not 0 <= int(text) <= 5:
        raise errors.InvalidInput("Days a week must be a whole number from 0 to 5", field="days_per_week")
    cleaned = [area.strip() for area in areas if area.strip()]
    if any(len(area) > 100 for area in cleaned):
        raise errors.InvalidInput("Each area must be 100 characters or fewer", field="areas")
    with transaction.atomic():
        row = models.OfficerCapacity.objects.create(
            organisation=organisation,
            officer=officer,
            days_per_week=int(text),
            areas=cleaned,
            created_at=now,
            created_by=actor,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="planning.capacity_changed",
            object_type="planning.officercapacity",
            object_id=row.pk,
            after={"officer": officer.pk, "days_per_week": row.days_per_week, "areas": cleaned},
        )
    return row


# --- a programme ------------------------------------------------------------------------------


def _facts(item: models.ProgrammeVisit) -> dict[str, object]:
    return {
        "location": item.location_id,
        "officer": item.officer_id,
        "visit_on": item.visit_on.isoformat(),
        "announced": item.announced,
    }


def _officers(organisation: Organisation) -> list[programme.Officer]:
    return [
        programme.Officer(
            user_id=row.user.pk,
            name=row.user.get_full_name() or row.user.username,
            days_per_week=row.days_per_week,
            areas=tuple(row.areas),
        )
        for row in programme_queries.officer_capacity(organisation)
    ]


def generate_programme(
    *, organisation: Organisation, actor: User, starts_on: date, weeks: object, now: datetime
) -> models.Programme:
    """Propose the programme for ``weeks`` weeks from ``starts_on``: what is due under the policy in force,
    on each officer's days in their areas, nearest-neighbour order per day (planning.programme)."""
    _require_manager(organisation, actor, "plan the visit programme")
    today = timezone.localdate(now)
    if starts_on < today:
        raise errors.InvalidInput("The programme must start today or later", field="starts_on")
    text = str(weeks if weeks is not None else "").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_WEEKS:
        raise errors.InvalidInput(f"Weeks must be a whole number from 1 to {MAX_WEEKS}", field="weeks")
    officers = _officers(organisation)
    if not any(o.days_per_week > 0 for o in officers):
        raise errors.InvalidInput(
            "No officer has any visiting days: set officers' capacity first", field="officers"
        )
    ends_on = starts_on + timedelta(weeks=int(text), days=-1)
    policy, version = programme_queries.policy_in_force(organisation=organisation, as_of=today)
    services = programme_queries.services_for(organisation=organisation, today=today)
    due = programme.due_visits(services, policy, start=starts_on, end=ends_on)
    proposal = programme.propose(
        due, officers, policy, start=starts_on, end=ends_on, holidays=england_and_wales()
    )
    with transaction.atomic():
        plan = models.Programme.objects.create(
            organisation=organisation,
            starts_on=starts_on,
            ends_on=ends_on,
            policy_version=version,
            status=models.ProgrammeState.DRAFT,
            unplaced=[
                {
                    "location_id": s.due.service.location_id,
                    "name": s.due.service.name,
                    "reasons": list(s.due.reasons),
                    "note": s.note,
                }
                for s in proposal.unplaced
            ],
            created_at=now,
            created_by=actor,
        )
        models.ProgrammeVisit.objects.bulk_create(
            models.ProgrammeVisit(
                programme=plan,
                location_id=stop.due.service.location_id,
                officer_id=stop.officer_id,
                visit_on=stop.day,
                announced=stop.announced,
                intensive=stop.due.intensive,
                due_on=stop.due.due_on,
                reasons=list(stop.due.reasons),
                note=stop.note,
                order=stop.order,
                distance_km=round(stop.distance_km, 1) if stop.distance_km is not None else None,
            )
            for stop in proposal.stops
            if stop.officer_id is not None and stop.day is not None
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="planning.programme_proposed",
            object_type="planning.programme",
            object_id=plan.pk,
            after={
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "policy_version": version,
                "visits": len(proposal.stops),
                "unplaced": len(proposal.unplaced),
            },
        )
    return plan


def _draft(plan: models.Programme, actor: User) -> models.Programme:
    _require_manager(plan.organisation, actor, "change the visit programme")
    locked = models.Programme.objects.select_for_update().get(pk=plan.pk)
    if locked.status != models.ProgrammeState.DRAFT:
        raise errors.InvalidInput(
            "This programme has been approved: change the visits themselves", field=None
        )
    return locked


def _check_officer(plan: models.Programme, officer: User | None) -> User:
    if officer is None or officer.organisation_id != plan.organisation_id or not officer.is_active:
        raise errors.InvalidInput("Choose one of the council's officers", field="officer")
    if not officer.has_role(Role.QA_OFFICER, Role.QA_MANAGER):
        raise errors.InvalidInput("Choose one of the council's QA officers", field="officer")
    return officer


def _check_day(plan: models.Programme, day: date | None, today: date) -> date:
    if day is None:
        raise errors.InvalidInput("Enter the date of the visit", field="visit_on")
    if day < today:
        raise errors.InvalidInput("The visit date must be today or in the future", field="visit_on")
    if not plan.starts_on <= day <= plan.ends_on:
        raise errors.InvalidInput(
            f"The visit date must be within the programme, {plan.starts_on:%-d %B} to {plan.ends_on:%-d %B %Y}",
            field="visit_on",
        )
    return day


def _check_registered(location: Location, day: date) -> None:
    deregistered = location.deregistered_on is not None and location.deregistered_on <= day
    if deregistered or location.registration_status.lower() == "deregistered":
        raise errors.InvalidInput(f"{location.name} is deregistered: it cannot be visited", field="location")


def _renumber(plan: models.Programme, day: date, officer_id: int) -> None:
    """Put one officer's day back in nearest-neighbour order, with distances, after a change."""
    items = list(
        plan.visits.filter(visit_on=day, officer_id=officer_id)
        .select_related("location")
        .order_by("order", "id")
    )
    stops = [
        programme.Stop(
            programme.Due(
                programme.Service(
                    location_id=item.location_id,
                    name=item.location.name,
                    latitude=item.location.latitude,
                    longitude=item.location.longitude,
                ),
                item.due_on or day,
                (),
            ),
            officer_id,
            day,
            item.announced,
        )
        for item in items
    ]
    programme.order_by_nearest(stops)
    for item, stop in zip(items, stops, strict=True):
        item.order = stop.order
        item.distance_km = round(stop.distance_km, 1) if stop.distance_km is not None else None
    models.ProgrammeVisit.objects.bulk_update(items, ["order", "distance_km"])


def move_visit(
    *,
    item: models.ProgrammeVisit,
    actor: User,
    visit_on: date | None,
    officer: User | None,
    now: datetime,
) -> models.ProgrammeVisit:
    """Move a proposed visit to another day or officer (the day's order and distances follow)."""
    with transaction.atomic():
        plan = _draft(item.programme, actor)
        day = _check_day(plan, visit_on, timezone.localdate(now))
        person = _check_officer(plan, officer)
        before = _facts(item)
        old_day, old_officer = item.visit_on, item.officer_id
        item.visit_on, item.officer = day, person
        item.order = 999
        item.save(update_fields=["visit_on", "officer", "order"])
        _renumber(plan, old_day, old_officer)
        _renumber(plan, day, person.pk)
        audit.write(
            now=now,
            actor=actor,
            organisation=plan.organisation,
            action="planning.programme_visit_moved",
            object_type="planning.programmevisit",
            object_id=item.pk,
            before=before,
            after=_facts(item),
        )
    item.refresh_from_db()
    return item


def remove_visit(*, item: models.ProgrammeVisit, actor: User, now: datetime) -> None:
    with transaction.atomic():
        plan = _draft(item.programme, actor)
        before = _facts(item)
        pk, day, officer_id = item.pk, item.visit_on, item.officer_id
        item.delete()
        _renumber(plan, day, officer_id)
        audit.write(
            now=now,
            actor=actor,
            organisation=plan.organisation,
            action="planning.programme_visit_removed",
            object_type="planning.programmevisit",
            object_id=pk,
            before=before,
        )


def add_visit(
    *,
    plan: models.Programme,
    actor: User,
    location: Location | None,
    visit_on: date | None,
    officer: User | None,
    announced: object,
    reason: str,
    now: datetime,
) -> models.ProgrammeVisit:
    """Add a visit the proposal did not have (a deregistered service is refused)."""
    with transaction.atomic():
        locked = _draft(plan, actor)
        if location is None:
            raise errors.InvalidInput("Choose the service to visit", field="location")
        day = _check_day(locked, visit_on, timezone.localdate(now))
        _check_registered(location, day)
        person = _check_officer(locked, officer)
        if not isinstance(announced, bool):
            raise errors.InvalidInput("Say whether the visit will be announced", field="announced")
        item = models.ProgrammeVisit.objects.create(
            programme=locked,
            location=location,
            officer=person,
            visit_on=day,
            announced=announced,
            reasons=[reason.strip() or "Added by a manager"],
            order=999,
        )
        _renumber(locked, day, person.pk)
        audit.write(
            now=now,
            actor=actor,
            organisation=locked.organisation,
            action="planning.programme_visit_added",
            object_type="planning.programmevisit",
            object_id=item.pk,
            after=_facts(item),
        )
    item.refresh_from_db()
    return item


def approve_programme(*, plan: models.Programme, actor: User, now: datetime) -> models.Programme:
    """Approve the programme: each of its visits is scheduled in monitoring (``schedule_visit``) for its
    officer, announced or not; all or nothing."""
    today = timezone.localdate(now)
    with transaction.atomic():
        locked = _draft(plan, actor)
        items = list(
            locked.visits.select_related("location", "officer").order_by("visit_on", "officer_id", "order")
        )
        if not items:
            raise errors.InvalidInput(
                "The programme has no visits: add a visit before approving it", field=None
            )
        for item in items:
            label = f"{item.location.name} on {item.visit_on:%-d %B}"
            if item.visit_on < today:
                raise errors.InvalidInput(f"{label} is in the past: move it or remove it", field=None)
            try:
                _check_registered(item.location, item.visit_on)
                visit = monitoring_services.schedule_visit(
                    organisation=locked.organisation,
                    actor=actor,
                    location=item.location,
                    visit_on=item.visit_on,
                    now=now,
                    announced=item.announced,
                    officers=[item.officer],
                )
            except (errors.PlanningError, monitoring_errors.MonitoringError) as exc:
                raise errors.InvalidInput(f"{label}: {exc.message}", field=None) from exc
            item.visit = visit
            item.save(update_fields=["visit"])
        locked.status = models.ProgrammeState.APPROVED
        locked.approved_at, locked.approved_by = now, actor
        locked.save(update_fields=["status", "approved_at", "approved_by"])
        audit.write(
            now=now,
            actor=actor,
            organisation=locked.organisation,
            action="planning.programme_approved",
            object_type="planning.programme",
            object_id=locked.pk,
            after={"visits": len(items), "unannounced": sum(not i.announced for i in items)},
        )
    return locked
