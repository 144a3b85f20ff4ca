"""What a service's public page may show from local monitoring besides ``published_summary`` and
``feedback_summary``: the feedback link anyone may use. Import the module:
``from carewatch.monitoring.queries import public`` → ``public.feedback_link_for(location)``."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from carewatch.monitoring.models import FeedbackLink
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
