"""Lived experience: a location's public feedback links, the responses and their moderation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carewatch.core.models import InsertOnly
from carewatch.monitoring.models.visits import Visit
from carewatch.monitoring.models.vocabulary import (
    FEEDBACK_CATEGORY_FIELDS,
    FeedbackChannel,
    ModerationState,
    RespondentKind,
    one_of,
)


class FeedbackLink(models.Model):
    """A public link (``/feedback/<token>``) for one location's feedback, given out by a council."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="feedback_links")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "location"],
                condition=Q(revoked_at__isnull=True),
                name="one_open_feedback_link_per_location",
            ),
        ]

    def __str__(self) -> str:
        return f"feedback link for {self.location_id}"


def _score_ok(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": 5})


class Feedback(models.Model):
    """One response from a person using a service, a relative, a member of staff or someone else.

    Never shown on its own: only approved responses count, and only in aggregate (queries.feedback_summary).
    """

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )  # who moderates it
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="qa_feedback")
    channel = models.CharField(max_length=20, choices=FeedbackChannel.choices)
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback")
    link = models.ForeignKey(
        FeedbackLink, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback"
    )
    respondent_kind = models.CharField(max_length=20, choices=RespondentKind.choices)
    anonymous = models.BooleanField(default=True)
    respondent_name = models.CharField(max_length=200, blank=True)
    easy_read = models.BooleanField(default=False)
    safety = models.PositiveSmallIntegerField(null=True, blank=True)
    kindness = models.PositiveSmallIntegerField(null=True, blank=True)
    listened_to = models.PositiveSmallIntegerField(null=True, blank=True)
    activities = models.PositiveSmallIntegerField(null=True, blank=True)
    food = models.PositiveSmallIntegerField(null=True, blank=True)
    cleanliness = models.PositiveSmallIntegerField(null=True, blank=True)
    staff_know_me = models.PositiveSmallIntegerField(null=True, blank=True)
    comments = models.TextField(blank=True)
    received_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderation = models.CharField(
        max_length=20, choices=ModerationState.choices, default=ModerationState.PENDING
    )

    class Meta:
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["location", "moderation"])]
        constraints = [
            *(
                models.CheckConstraint(name=f"feedback_{name}_1_to_5", condition=_score_ok(name))
                for name in FEEDBACK_CATEGORY_FIELDS
            ),
            models.CheckConstraint(
                name="feedback_channel_known", condition=one_of("channel", FeedbackChannel)
            ),
            models.CheckConstraint(
                name="feedback_respondent_kind_known", condition=one_of("respondent_kind", RespondentKind)
            ),
            models.CheckConstraint(
                name="feedback_moderation_known", condition=one_of("moderation", ModerationState)
            ),
            models.CheckConstraint(
                name="feedback_channel_has_its_source",
                condition=Q(channel=FeedbackChannel.VISIT, visit__isnull=False, link__isnull=True)
                | Q(channel=FeedbackChannel.PUBLIC_LINK, link__isnull=False, visit__isnull=True),
            ),
            models.CheckConstraint(
                name="anonymous_feedback_has_no_name", condition=Q(anonymous=False) | Q(respondent_name="")
            ),
        ]

    def __str__(self) -> str:
        return f"feedback {self.pk} for {self.location_id} ({self.moderation})"


class FeedbackModeration(InsertOnly):
    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="moderations")
    decision = models.CharField(max_length=20, choices=ModerationState.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="moderation_decides",
                condition=Q(decision__in=[ModerationState.APPROVED, ModerationState.REJECTED]),
            ),
            models.CheckConstraint(
                name="rejection_has_reason", condition=~Q(decision=ModerationState.REJECTED) | ~Q(reason="")
            ),
        ]

    def __str__(self) -> str:
        return f"feedback {self.feedback_id} {self.decision}"
