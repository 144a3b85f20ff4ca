"""What a service's public page may show from local monitoring besides ``published_summary`` and
``feedback_summary``: the feedback link anyone may use, and published local QA ratings for lists. Import the module:
``from carewatch.monitoring.queries import public`` → ``public.feedback_link_for(location)``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Value, When

from carewatch.monitoring.models import FeedbackLink, Visit, VisitState
from carewatch.monitoring.queries.visits import rating_label
from carewatch.register.models import Location


def feedback_link_for(location: Location) -> FeedbackLink | None:
    """The open feedback link a member of the public may use from the service's page, or None.

    Councils that place people there may each have one; the council of the service's own area comes
    first, then the oldest link. Feedback given through it is moderated as any other.
    """
    own_council = Case(
        When(organisation__local_authority_id=location.local_authority_id, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        FeedbackLink.objects.filter(location=location, revoked_at__isnull=True)
        .select_related("organisation")
        .order_by(own_council, "created_at", "id")
        .first()
    )


def published_ratings(location_ids: Iterable[str]) -> dict[str, PublishedRating]:
    """The latest published local QA rating of each service that has one (any council), for lists.

    One query for a page of results; a service whose latest published report gave no overall rating
    is left out (its public page still shows the summary).
    """
    ids = list(location_ids)
    latest: dict[str, PublishedRating] = {}
    visits = (
        Visit.objects.filter(location_id__in=ids, status=VisitState.PUBLISHED, published_at__isnull=False)
        .select_related("organisation")
        .order_by("location_id", "-published_at", "-id")
        .only("location_id", "published_at", "overall_rating", "organisation__name")
    )
    for visit in visits:
        if visit.location_id in latest or visit.published_at is None:
            continue
        latest[visit.location_id] = PublishedRating(
            council=visit.organisation.name,
            published_on=visit.published_at.date(),
            rating=rating_label(visit.overall_rating),
        )
    return {location_id: found for location_id, found in latest.items() if found.rating}


@dataclass(frozen=True)
class PublishedRating:
    council: str
    published_on: date
    rating: str
