"""Visits and their reports: the status history, the answers, the provider's comments and a senior
officer's review of a dispute."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carewatch.core.models import InsertOnly
from carewatch.monitoring.models.frameworks import FrameworkVersion, Question
from carewatch.monitoring.models.vocabulary import (
    CommentResponse,
    ReviewOutcome,
    VisitKind,
    VisitState,
    one_of,
)


class Visit(models.Model):
    """A monitoring visit to one location by a council's officers, and its report."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="qa_visits")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="qa_visits")
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=20, choices=VisitKind.choices)
    announced = models.BooleanField()
    visit_on = models.DateField()
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="qa_visits", blank=True)
    status = models.CharField(max_length=20, choices=VisitState.choices)  # copy of the latest VisitStatus
    # The ratings engine's result for the answers so far (carewatch.ratings.local_qa); null with no answers.
    overall_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    standard_ratings = models.JSONField(default=dict, blank=True)  # {"1": 3, "8": 2, …}: standard → rating
    comments_due_on = models.DateField(null=True, blank=True)  # end of the factual-accuracy window
    published_at = models.DateTimeField(null=True, blank=True)
    public_summary = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "visit_on"]),
            models.Index(fields=["location", "status"]),
        ]
        constraints = [
            models.CheckConstraint(name="visit_kind_known", condition=one_of("kind", VisitKind)),
            models.CheckConstraint(name="visit_status_known", condition=one_of("status", VisitState)),
            models.CheckConstraint(
                name="visit_rating_on_scale",
                condition=Q(overall_rating__isnull=True) | Q(overall_rating__gte=1, overall_rating__lte=4),
            ),
            models.CheckConstraint(
                name="published_visit_has_summary",
                condition=~Q(status=VisitState.PUBLISHED)
                | (Q(published_at__isnull=False) & ~Q(public_summary="") & Q(overall_rating__isnull=False)),
            ),
            models.CheckConstraint(
                name="sent_visit_has_comment_window",
                condition=Q(status__in=[VisitState.SCHEDULED, VisitState.DRAFT, VisitState.CANCELLED])
                | Q(comments_due_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"visit {self.pk} to {self.location_id} on {self.visit_on}"


class VisitStatus(InsertOnly):
    """One step of a visit's report, never changed."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="statuses")
    sequence = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VisitState.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)  # the factual-accuracy deadline, when sent

    class Meta:
        verbose_name_plural = "visit statuses"
        constraints = [
            models.UniqueConstraint(fields=["visit", "sequence"], name="one_visit_status_per_sequence"),
            models.CheckConstraint(name="visit_status_row_known", condition=one_of("status", VisitState)),
        ]

    def __str__(self) -> str:
        return f"visit {self.visit_id} #{self.sequence} {self.status}"


class Answer(models.Model):
    """The evidence for one question on one visit: the officer's answer on the local scale and notes by source.

    Editable while the report is a draft (or amended by a dispute review); the audit trail keeps each change.
    """

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)  # QaRating 1–4; null: not assessed
    observation = models.TextField(blank=True)
    records = models.TextField(blank=True)
    people = models.TextField(blank=True)  # conversations with people using the service
    staff = models.TextField(blank=True)
    relatives = models.TextField(blank=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    EVIDENCE_SOURCES = ("observation", "records", "people", "staff", "relatives")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                name="answer_rating_on_scale",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4),
            ),
        ]

    def __str__(self) -> str:
        return f"visit {self.visit_id} question {self.question_id}: {self.rating}"


class ProviderComment(InsertOnly):
    """The provider's factual-accuracy response to a draft report."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="provider_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    response = models.CharField(max_length=20, choices=CommentResponse.choices)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="provider_comment_response_known", condition=one_of("response", CommentResponse)
            ),
            models.CheckConstraint(
                name="disputed_comment_has_text",
                condition=~Q(response=CommentResponse.DISPUTED) | ~Q(text=""),
            ),
        ]

    def __str__(self) -> str:
        return f"visit {self.visit_id} {self.response} by {self.author_id}"


class EvidenceFile(InsertOnly):
    """A file the provider attached to a factual-accuracy comment, kept by Django's storage
    (``monitoring.attachments``) under a random name; the name the provider gave is kept as cleaned text."""

    comment = models.ForeignKey(ProviderComment, on_delete=models.PROTECT, related_name="evidence_files")
    stored_name = models.CharField(max_length=200, unique=True)  # the random name in CAREWATCH_EVIDENCE_DIR
    original_name = models.CharField(max_length=120)  # attachments.safe_name of the uploaded name
    content_type = models.CharField(max_length=100)  # from the file's bytes, never the browser's word
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(name="evidence_file_not_empty", condition=Q(size__gt=0)),
            models.CheckConstraint(name="evidence_file_has_name", condition=~Q(original_name="")),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} on comment {self.comment_id}"


class DisputeReview(InsertOnly):
    """A senior officer's decision on a disputed draft."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="dispute_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    reasons = models.TextField()
    changes = models.JSONField(default=dict, blank=True)  # {"question code": {"from": 2, "to": 3}}

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="dispute_review_outcome_known", condition=one_of("outcome", ReviewOutcome)
            ),
            models.CheckConstraint(name="dispute_review_has_reasons", condition=~Q(reasons="")),
        ]

    def __str__(self) -> str:
        return f"review of visit {self.visit_id}: {self.outcome}"
