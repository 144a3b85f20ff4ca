"""Reads of visits and their reports. Council staff and their partners read visits through
``visits_for(user)``; a provider's users read the reports sent to them through
``reports_for_provider(user)`` (their own locations only). ``published_summary`` is public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from django.db.models import QuerySet

from carewatch.core import access
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import lifecycle
from carewatch.monitoring.models import (
    Answer,
    DisputeReview,
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
    """The provider's factual-accuracy comments on the report, oldest first."""
    return list(ProviderComment.objects.filter(visit=visit).select_related("author").order_by("at", "id"))


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
    """Active services in the council's area, by name: what its officers may visit or ask feedback about."""
    if organisation is None or organisation.local_authority_id is None:
        return []
    return list(
        Location.objects.filter(local_authority_id=organisation.local_authority_id, is_active=True).order_by(
            "name", "id"
        )
    )


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
