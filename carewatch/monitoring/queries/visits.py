"""Reads of visits and their reports. Council staff and their partners read visits through
``visits_for(user)``; a provider's users read the reports sent to them through
``reports_for_provider(user)`` (their own locations only). ``published_summary`` is public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from carewatch.core import access
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import lifecycle
from carewatch.monitoring.models import (
    Answer,
    DisputeReview,
    EvidenceFile,
    Finding,
    ProviderComment,
    Visit,
    VisitState,
    VisitStatus,
)
from carewatch.organisations.queries import qa_staff
from carewatch.ratings import local_qa
from carewatch.ratings.local_qa import LocalQaAssessment, QaRating
from carewatch.register.models import Location


def rating_label(value: int | None) -> str:
    """ "Excellent", "Good", "Requires improvement", "Poor", or "" for no rating."""
    return QaRating(value).label if value else ""


def visits_for(user: User) -> QuerySet[Visit]:
    """Visits the user's organisation owns or is shared (council staff and partners; nothing for providers)."""
    return (
        access.owners_for(user)
        .filter(Visit.objects.all(), "organisation")
        .select_related("location", "organisation")
    )


def reports_for_provider(user: User) -> QuerySet[Visit]:
    """For a provider's users: reports about their own locations from the moment a draft is sent to them.
    Internal drafts and scheduled visits never show; anyone not a provider user gets nothing."""
    return (
        Visit.objects.filter(access.provider_location_filter(user, location_field="location"))
        .filter(status__in=lifecycle.PROVIDER_VISIBLE_STATES)
        .select_related("location", "organisation")
    )


def visit_assessment(
    visit: Visit, *, rules: local_qa.QaRules = local_qa.DEFAULT_RULES
) -> LocalQaAssessment | None:
    """The ratings engine's assessment of the visit's answers: per local standard (keyed "1"–"16") and
    overall. Questions not assessed are left out; None when nothing is assessed yet."""
    standards: dict[str, list[local_qa.Answer]] = {}
    rated = (
        Answer.objects.filter(visit=visit, rating__isnull=False)
        .select_related("question")
        .order_by("question__position", "id")
    )
    for answer in rated:
        if answer.rating is None:  # never: filtered above (mypy cannot see the filter)
            continue
        standards.setdefault(str(answer.question.standard), []).append(
            local_qa.Answer(rating=QaRating(answer.rating), weight=Fraction(answer.question.weight))
        )
    if not standards:
        return None
    return local_qa.assess(
        standards={name: local_qa.Standard(answers=answers) for name, answers in standards.items()},
        rules=rules,
    )


def visit_history(visit: Visit) -> list[VisitStatus]:
    return list(VisitStatus.objects.filter(visit=visit).select_related("by").order_by("sequence"))


def answers(visit: Visit) -> list[Answer]:
    return list(
        Answer.objects.filter(visit=visit).select_related("question").order_by("question__position", "id")
    )


def findings(visit: Visit) -> list[Finding]:
    """The visit's findings in the order they were added, with their question and themes."""
    return list(
        Finding.objects.filter(visit=visit)
        .select_related("question", "theme", "suggested_theme")
        .order_by("id")
    )


def provider_comments(visit: Visit) -> list[ProviderComment]:
    """The provider's factual-accuracy comments on the report, oldest first, with their question and
    evidence files (``comment.evidence_files.all()``, in the order attached)."""
    return list(
        ProviderComment.objects.filter(visit=visit)
        .select_related("author", "question")
        .prefetch_related(Prefetch("evidence_files", queryset=EvidenceFile.objects.order_by("id")))
        .order_by("at", "id")
    )


def evidence_file_for(user: User, evidence_id: int) -> EvidenceFile | None:
    """An evidence file ``user`` may download, or None: the QA and commissioning staff of the council that
    owns the visit (not its partners: the file is the provider's evidence to that council), and the users of
    the provider whose report it is."""
    person = access.signed_in_user(user)
    if person is None or not person.is_active or person.organisation_id is None:
        return None
    files = EvidenceFile.objects.select_related("comment__visit__location", "comment__visit__organisation")
    kind = person.organisation.kind if person.organisation else None
    if kind == OrganisationKind.COUNCIL and person.has_role(*access.COUNCIL_STAFF):
        found = files.filter(pk=evidence_id, comment__visit__organisation_id=person.organisation_id)
    elif kind == OrganisationKind.PROVIDER and person.has_role(*access.PROVIDER_ROLES):
        found = files.filter(pk=evidence_id, comment__visit__in=reports_for_provider(person))
    else:
        return None
    return found.first()


def dispute_reviews(visit: Visit) -> list[DisputeReview]:
    """Senior officers' reviews of disputes about the report, oldest first."""
    return list(DisputeReview.objects.filter(visit=visit).select_related("reviewer").order_by("at", "id"))


def carried_out_by(visit: Visit, user: User) -> bool:
    """Whether ``user`` is one of the officers who carried out the visit."""
    return visit.officers.filter(pk=user.pk).exists()


@dataclass(frozen=True)
class PublishedSummary:
    visit_id: int
    council: str
    visit_on: date
    published_at: datetime
    rating: str
    summary: str


def published_summary(location: Location) -> PublishedSummary | None:
    """The latest published local QA summary for a location's public page (any council), or None."""
    visit = (
        Visit.objects.filter(location=location, status=VisitState.PUBLISHED)
        .select_related("organisation")
        .order_by("-published_at", "-id")
        .first()
    )
    if visit is None or visit.published_at is None:  # a published visit has its date (a constraint)
        return None
    return PublishedSummary(
        visit_id=visit.pk,
        council=visit.organisation.name,
        visit_on=visit.visit_on,
        published_at=visit.published_at,
        rating=rating_label(visit.overall_rating),
        summary=visit.public_summary,
    )


def locations_to_visit(organisation: Organisation | None) -> list[Location]:
    """Active adult social care services in the council's area, by name: what its officers may visit or
    ask feedback about (not GP practices, dentists or hospitals)."""
    if organisation is None or organisation.local_authority_id is None:
        return []
    return list(
        Location.objects.filter(
            local_authority_id=organisation.local_authority_id, is_active=True, adult_social_care=True
        ).order_by("name", "id")
    )


def qa_officers(organisation: Organisation | None) -> list[User]:
    """The council's active QA officers and managers, by name (none without a council)."""
    return list(qa_staff(organisation)) if organisation is not None else []


def qa_colleagues(organisation: Organisation, *, besides: User) -> list[User]:
    """The council's other active QA officers and managers, who may go on a visit with ``besides``."""
    return list(qa_staff(organisation).exclude(pk=besides.pk))


def provider_users(location: Location) -> list[User]:
    """The active users of the provider that runs ``location`` who may comment on its reports and write its
    action plans (its provider managers; staff only read), oldest account first."""
    if location.provider_id is None:
        return []
    return list(
        User.objects.filter(
            organisation__kind=OrganisationKind.PROVIDER,
            organisation__provider_id=location.provider_id,
            is_active=True,
            role_grants__role=Role.PROVIDER_MANAGER,
        )
        .distinct()
        .order_by("id")
    )


@dataclass(frozen=True)
class VisitTask:
    """A line of a person's task list from monitoring: a scheduled visit to carry out (``kind`` "visit"),
    or a disputed draft to review (``kind`` "dispute", for a senior officer)."""

    kind: str
    visit_id: int
    due_on: date
    title: str
    service: str


def visit_tasks(user: User, *, until: date) -> list[VisitTask]:
    """Monitoring work due by ``until`` (or overdue) for ``user``, by due date then visit.

    - Scheduled visits the user is an officer on, due on or before ``until`` (carry out, reschedule or
      cancel).
    - For a QA manager: the council's disputed drafts they did not carry out (review the dispute), due
      from the day the provider disputed the draft.
    """
    if user.organisation_id is None or not user.is_active:
        return []
    if not user.has_role(Role.QA_OFFICER, Role.QA_MANAGER):
        return []
    own = Visit.objects.filter(organisation_id=user.organisation_id).select_related("location")
    tasks = [
        VisitTask(
            kind="visit",
            visit_id=visit.pk,
            due_on=visit.visit_on,
            title="Carry out the visit" if visit.announced else "Carry out the unannounced visit",
            service=visit.location.name,
        )
        for visit in own.filter(status=VisitState.SCHEDULED, officers=user, visit_on__lte=until).order_by(
            "visit_on", "id"
        )
    ]
    if user.has_role(Role.QA_MANAGER):
        disputed = (
            own.filter(status=VisitState.DISPUTED)
            .exclude(officers=user)
            .annotate(
                disputed_at=Max("statuses__at", filter=Q(statuses__status=VisitState.DISPUTED)),
            )
            .order_by("disputed_at", "id")
        )
        for visit in disputed:
            due_on = timezone.localdate(visit.disputed_at) if visit.disputed_at else visit.visit_on
            if due_on > until:
                continue
            tasks.append(
                VisitTask(
                    kind="dispute",
                    visit_id=visit.pk,
                    due_on=due_on,
                    title="Review the provider’s dispute of the draft report",
                    service=visit.location.name,
                )
            )
    return sorted(tasks, key=lambda task: (task.due_on, task.kind, task.visit_id))


def no_visits() -> QuerySet[Visit]:
    """An empty list of visits (a filter that does not make sense shows nothing)."""
    return Visit.objects.none()


def visit_list(
    user: User,
    *,
    today: date,
    status: str = "",
    officer_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    oldest_first: bool = False,
) -> QuerySet[Visit]:
    """The visits ``user`` may see (``visits_for``), filtered: by status ("overdue": scheduled, the date
    passed), by an officer on the visit, by visit date (inclusive); by date, latest first unless
    ``oldest_first``, then by id. Officers are prefetched for the list."""
    visits = visits_for(user)
    if status == "overdue":
        visits = visits.filter(status=VisitState.SCHEDULED, visit_on__lt=today)
    elif status:
        visits = visits.filter(status=status)
    if officer_id is not None:
        visits = visits.filter(officers=officer_id)
    if since is not None:
        visits = visits.filter(visit_on__gte=since)
    if until is not None:
        visits = visits.filter(visit_on__lte=until)
    order = ("visit_on", "id") if oldest_first else ("-visit_on", "-id")
    return visits.prefetch_related("officers").order_by(*order)
