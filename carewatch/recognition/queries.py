"""Reads of the Social Care Commitment register (docs/recognition.md): who has signed, their progress,
the lapse rule, what council staff may read, and what the public register and badges show."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from carewatch.core import access
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition.models import (
    Commitment,
    CommitmentSignUp,
    CommitmentStatement,
    CommitmentTask,
    StaffRole,
)
from carewatch.register.models import Location

# The lapse rule (docs/methodology.md, "The Social Care Commitment: lapsed"): a commitment with a task not
# done more than this many whole calendar months after its target date (or after the latest renewal, if
# that came later) is shown as lapsed.
LAPSE_AFTER_MONTHS = 3
REGISTERED = "Registered"


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when it has no such day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def lapse_cutoff(today: date) -> date:
    """A task due before this day and still not done has been overdue for more than three months."""
    return months_before(today, LAPSE_AFTER_MONTHS)


def _long_overdue(today: date) -> Q:
    """Tasks (of a commitment) that make it lapsed on ``today``: not done, due before the cut-off, and the
    commitment not renewed on or after the cut-off (a renewal gives three more months from its date)."""
    cutoff = lapse_cutoff(today)
    return Q(done_on__isnull=True, due_on__lt=cutoff) & (
        Q(commitment__renewed_on__isnull=True) | Q(commitment__renewed_on__lt=cutoff)
    )


def lapsed_condition(today: date) -> Exists:
    """For an annotation or filter on commitments: whether each has lapsed on ``today``."""
    return Exists(CommitmentTask.objects.filter(_long_overdue(today), commitment=OuterRef("pk")))


def is_lapsed(commitment: Commitment, *, today: date) -> bool:
    return CommitmentTask.objects.filter(_long_overdue(today), commitment=commitment).exists()


def statements() -> list[CommitmentStatement]:
    return list(CommitmentStatement.objects.order_by("number", "pk"))


def statement(number: int) -> CommitmentStatement | None:
    return CommitmentStatement.objects.filter(number=number).first()


def current() -> QuerySet[Commitment]:
    """Commitments in force: signed and not withdrawn (lapsed ones included, shown as lapsed)."""
    return Commitment.objects.filter(withdrawn_on__isnull=True)


def with_progress(commitments: QuerySet[Commitment], *, today: date) -> QuerySet[Commitment]:
    """Each with ``tasks_total``, ``tasks_done``, ``tasks_overdue``, ``staff_signed`` and ``lapsed``."""
    staff = (
        CommitmentSignUp.objects.filter(commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return commitments.select_related("employer", "employer__provider").annotate(
        tasks_total=Count("tasks", distinct=True),
        tasks_done=Count("tasks", filter=Q(tasks__done_on__isnull=False), distinct=True),
        tasks_overdue=Count(
            "tasks", filter=Q(tasks__done_on__isnull=True, tasks__due_on__lt=today), distinct=True
        ),
        staff_signed=Coalesce(Subquery(staff, output_field=IntegerField()), Value(0)),
        lapsed=lapsed_condition(today),
    )


def current_commitment_of(employer: Organisation, *, today: date) -> Commitment | None:
    """The employer's commitment in force, with its progress, or None."""
    return with_progress(current().filter(employer=employer), today=today).first()


# --- who may read a commitment on the staff pages ------------------------------------------------

COUNCIL_READERS = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER, Role.ANALYST)


def in_area_of(council: Organisation) -> Q:
    """Commitments of employers running a registered service in the council's area."""
    return Q(
        Exists(
            Location.objects.filter(
                provider_id=OuterRef("employer__provider_id"),
                local_authority_id=council.local_authority_id,
                registration_status=REGISTERED,
            )
        )
    )


def visible_to(user: access.AnyUser | None) -> QuerySet[Commitment]:
    """The commitments a person reads on the staff pages: their own employer's, and council staff those of
    providers running services in the council's area. Nobody else (system administrators read the public
    register)."""
    person = access.signed_in_user(user)
    if person is None or person.organisation is None or not person.is_active:
        return Commitment.objects.none()
    organisation = person.organisation
    if organisation.kind == OrganisationKind.PROVIDER and person.has_role(*access.PROVIDER_ROLES):
        return Commitment.objects.filter(employer=organisation)
    if organisation.kind == OrganisationKind.COUNCIL and person.has_role(*COUNCIL_READERS):
        return Commitment.objects.filter(in_area_of(organisation))
    return Commitment.objects.none()


def commitment_for(user: User, commitment_id: int, *, today: date) -> Commitment:
    """One commitment the person may read, with its progress (``Commitment.DoesNotExist`` otherwise)."""
    return with_progress(visible_to(user).filter(pk=commitment_id), today=today).get()


def area_commitments(user: User, *, today: date) -> QuerySet[Commitment]:
    """The council list: commitments in force that the person may read (a system administrator: all)."""
    found = current() if user.is_superuser else visible_to(user).filter(withdrawn_on__isnull=True)
    return with_progress(found, today=today).order_by("employer__name", "pk")


def tasks_by_statement(commitment: Commitment) -> list[tuple[CommitmentStatement, list[CommitmentTask]]]:
    """Every statement with the commitment's tasks under it, by target date."""
    tasks: dict[int, list[CommitmentTask]] = defaultdict(list)
    for task in commitment.tasks.order_by("due_on", "pk"):
        tasks[task.statement_id].append(task)
    return [(statement, tasks[statement.pk]) for statement in statements()]


def open_tasks(commitment: Commitment) -> list[CommitmentTask]:
    """The commitment's tasks not done yet, by target date."""
    return list(
        commitment.tasks.filter(done_on__isnull=True).select_related("statement").order_by("due_on", "pk")
    )


def sign_up_counts(commitment: Commitment) -> dict[str, int]:
    """The latest count for every role (0 where none is recorded), in the roles' order."""
    found = dict(commitment.sign_ups.values_list("role", "count"))
    return {role: found.get(role, 0) for role in StaffRole.values}


# --- the public register, the API and the badges --------------------------------------------------


@dataclass(frozen=True)
class RegisterSearch:
    text: str = ""
    local_authority: str = ""  # an ONS code
    service_type: str = ""  # a CQC service type name


def register(search: RegisterSearch, *, today: date) -> QuerySet[Commitment]:
    """Commitments in force whose employer matches: by name, by a council where it runs a registered
    service, by a service type it offers. Lapsed ones stay in, marked ``lapsed``."""
    found = current().filter(employer__kind=OrganisationKind.PROVIDER)
    text = search.text.strip()
    if text:
        found = found.filter(Q(employer__name__icontains=text) | Q(employer__provider__name__icontains=text))
    services = Location.objects.filter(
        provider_id=OuterRef("employer__provider_id"), registration_status=REGISTERED
    )
    if search.local_authority:
        services = services.filter(local_authority_id=search.local_authority)
    if search.service_type:
        services = services.filter(service_types__name=search.service_type)
    if search.local_authority or search.service_type:
        found = found.filter(Exists(services))
    return with_progress(found, today=today).order_by("employer__name", "pk")


def councils_of(commitments: Iterable[Commitment]) -> dict[int, list[str]]:
    """For a page of commitments: the councils where each employer runs a registered service (one query)."""
    providers = {c.employer.provider_id: c.pk for c in commitments if c.employer.provider_id}
    found: dict[int, set[str]] = defaultdict(set)
    rows = (
        Location.objects.filter(provider_id__in=list(providers), registration_status=REGISTERED)
        .exclude(local_authority__isnull=True)
        .values_list("provider_id", "local_authority__name")
        .order_by()
    )
    for provider_id, name in rows:
        found[providers[provider_id]].add(name)
    return {pk: sorted(names) for pk, names in found.items()}


def signed_location_ids(location_ids: Iterable[str], *, today: date) -> dict[str, date]:
    """Of these services, those whose provider's employer holds a commitment in force and not lapsed, each
    with the date it was signed (one query). ``location_ids`` may be a query of ids: a subquery, then."""
    held = (
        current()
        .filter(employer__kind=OrganisationKind.PROVIDER, employer__provider_id=OuterRef("provider_id"))
        .exclude(lapsed_condition(today))
        .order_by("signed_on", "pk")
        .values("signed_on")[:1]
    )
    rows = (
        Location.objects.filter(
            pk__in=location_ids if isinstance(location_ids, QuerySet) else list(location_ids)
        )
        .annotate(commitment_signed_on=Subquery(held))
        .filter(commitment_signed_on__isnull=False)
        .values_list("pk", "commitment_signed_on")
        .order_by()
    )
    return dict(rows)
