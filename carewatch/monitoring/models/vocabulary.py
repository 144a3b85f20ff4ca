"""The words of local quality monitoring: the choices each status and kind can take, and the fixed
lived-experience categories. ``one_of`` says a field takes one of its choices, as a check constraint."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ServiceType(models.TextChoices):
    CARE_HOME = "care_home", "Care home"
    HOME_CARE = "home_care", "Home care"
    SUPPORTED_LIVING = "supported_living", "Supported living"


class VisitKind(models.TextChoices):
    PLANNED = "planned", "Planned"
    RESPONSIVE = "responsive", "Responsive"


class VisitState(models.TextChoices):
    """Where a visit's report is. Allowed moves: ``carewatch.monitoring.lifecycle.TRANSITIONS``."""

    SCHEDULED = "scheduled", "Scheduled"
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent to provider for factual accuracy"
    ACCEPTED = "accepted", "Provider accepted the draft"
    DISPUTED = "disputed", "Provider disputed the draft"
    REVIEWED = "reviewed", "Dispute reviewed"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class CommentResponse(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DISPUTED = "disputed", "Disputed"


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", "Draft upheld"
    AMENDED = "amended", "Draft amended"


class RespondentKind(models.TextChoices):
    PERSON = "person", "Person using the service"
    RELATIVE = "relative", "Relative or friend"
    STAFF = "staff", "Member of staff"
    OTHER = "other", "Someone else"


class FeedbackChannel(models.TextChoices):
    VISIT = "visit", "Collected on a visit"
    PUBLIC_LINK = "public_link", "Public link"


class ModerationState(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class PlanState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned with reasons"
    RESUBMITTED = "resubmitted", "Resubmitted"
    ACCEPTED = "accepted", "Accepted"


class ActionState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


# The fixed lived-experience categories, in the order forms show them: (field, plain-English question).
FEEDBACK_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("safety", "I feel safe"),
    ("kindness", "Staff are kind to me"),
    ("listened_to", "Staff listen to me"),
    ("activities", "There are things to do that I enjoy"),
    ("food", "I like the food and drink"),
    ("cleanliness", "The place is clean"),
    ("staff_know_me", "Staff know me and what I like"),
)
FEEDBACK_MAX_COMMENTS = 4000  # characters of free text in one response
FEEDBACK_CATEGORY_FIELDS: tuple[str, ...] = tuple(name for name, _ in FEEDBACK_CATEGORIES)


def one_of(field: str, choices: type[models.TextChoices]) -> Q:
    """The condition of a check constraint: ``field`` holds one of ``choices``."""
    return Q(**{f"{field}__in": choices.values})
