"""Local quality monitoring as data: QA frameworks (versioned), visits and their reports, findings and
themes, lived-experience feedback and action plans.

Writes go only through ``carewatch.monitoring.services``; reads through ``carewatch.monitoring.queries``.
Status changes are insert-only rows (``VisitStatus``, ``ActionPlanStatus``, ``FeedbackModeration``);
the current status on the parent row is a copy kept by the same service in the same transaction.
Integrity lives in database constraints wherever a rule can be said in SQL. See docs/monitoring.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carewatch.core.models import InsertOnly

# --- vocabulary ----------------------------------------------------------------------------------


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


def _in(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


# --- settings ------------------------------------------------------------------------------------


class MonitoringSettings(models.Model):
    """A council's timescales (defaults from PAMMS as Norfolk runs it: 14, 14 and 6)."""

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.PROTECT, related_name="monitoring_settings"
    )
    factual_accuracy_days = models.PositiveSmallIntegerField(default=14)
    action_plan_days = models.PositiveSmallIntegerField(default=14)
    follow_up_months = models.PositiveSmallIntegerField(default=6)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "monitoring settings"
        constraints = [
            models.CheckConstraint(
                name="factual_accuracy_days_1_to_90",
                condition=Q(factual_accuracy_days__gte=1, factual_accuracy_days__lte=90),
            ),
            models.CheckConstraint(
                name="action_plan_days_1_to_90",
                condition=Q(action_plan_days__gte=1, action_plan_days__lte=90),
            ),
            models.CheckConstraint(
                name="follow_up_months_1_to_24",
                condition=Q(follow_up_months__gte=1, follow_up_months__lte=24),
            ),
        ]

    def __str__(self) -> str:
        return f"monitoring settings of {self.organisation_id}"


# --- frameworks ----------------------------------------------------------------------------------


class Framework(models.Model):
    """A question set for one service type: a default (``owner`` null) or a council's own."""

    owner = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="qa_frameworks"
    )
    name = models.CharField(max_length=200)
    service_type = models.CharField(max_length=20, choices=ServiceType.choices)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "service_type", "name"],
                condition=Q(owner__isnull=False),
                name="one_council_framework_per_name",
            ),
            models.UniqueConstraint(
                fields=["service_type"],
                condition=Q(owner__isnull=True),
                name="one_default_framework_per_service_type",
            ),
            models.CheckConstraint(
                name="framework_service_type_known", condition=_in("service_type", ServiceType)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_service_type_display()})"


class FrameworkVersion(InsertOnly):
    """One published version of a framework. Never changed: an edit or an import makes a new version,
    and a visit keeps the version it used."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=20)  # "default", "edited", "imported"
    source_name = models.CharField(max_length=300, blank=True)  # the imported file's name
    note = models.TextField(blank=True)
    digest = models.CharField(max_length=64)  # of the questions, to recognise an unchanged import

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="one_framework_version_per_number"),
            models.CheckConstraint(name="framework_version_number_from_1", condition=Q(number__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"


class Question(InsertOnly):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=20)
    text = models.TextField()
    statement_id = models.PositiveSmallIntegerField()  # CQC quality statement 1–34
    standard = models.PositiveSmallIntegerField()  # local standard 1–16 (frameworks.LOCAL_STANDARDS)
    weight = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_question_per_code"),
            models.UniqueConstraint(fields=["version", "position"], name="one_question_per_position"),
            models.CheckConstraint(
                name="question_statement_1_to_34", condition=Q(statement_id__gte=1, statement_id__lte=34)
            ),
            models.CheckConstraint(
                name="question_standard_1_to_16", condition=Q(standard__gte=1, standard__lte=16)
            ),
            models.CheckConstraint(name="question_weight_positive", condition=Q(weight__gt=0)),
            models.CheckConstraint(name="question_has_text", condition=~Q(text="")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


# --- visits and reports --------------------------------------------------------------------------


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
            models.CheckConstraint(name="visit_kind_known", condition=_in("kind", VisitKind)),
            models.CheckConstraint(name="visit_status_known", condition=_in("status", VisitState)),
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
                condition=Q(status__in=[VisitState.SCHEDULED, VisitState.DRAFT])
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
            models.CheckConstraint(name="visit_status_row_known", condition=_in("status", VisitState)),
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
                name="provider_comment_response_known", condition=_in("response", CommentResponse)
            ),
            models.CheckConstraint(
                name="disputed_comment_has_text",
                condition=~Q(response=CommentResponse.DISPUTED) | ~Q(text=""),
            ),
        ]

    def __str__(self) -> str:
        return f"visit {self.visit_id} {self.response} by {self.author_id}"


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
                name="dispute_review_outcome_known", condition=_in("outcome", ReviewOutcome)
            ),
            models.CheckConstraint(name="dispute_review_has_reasons", condition=~Q(reasons="")),
        ]

    def __str__(self) -> str:
        return f"review of visit {self.visit_id}: {self.outcome}"


# --- findings and themes -------------------------------------------------------------------------


class Theme(models.Model):
    """An overarching area findings are grouped by. ``organisation`` null: the defaults; a council that
    edits its list gets its own copy (``based_on`` the default it came from)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="qa_themes"
    )
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    safeguarding = models.BooleanField(default=False)  # findings in it count as safeguarding concerns
    position = models.PositiveSmallIntegerField(default=0)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="copies"
    )
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"],
                condition=Q(organisation__isnull=False),
                name="one_council_theme_per_slug",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(organisation__isnull=True), name="one_default_theme_per_slug"
            ),
            models.CheckConstraint(
                name="only_council_themes_have_a_default",
                condition=Q(based_on__isnull=True) | Q(organisation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    """One specific issue found on a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    statement_id = models.PositiveSmallIntegerField()  # CQC quality statement 1–34
    text = models.TextField()
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="findings")
    suggested_theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suggestion_confidence = models.FloatField(null=True, blank=True)
    theme_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    theme_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(name="finding_severity_known", condition=_in("severity", Severity)),
            models.CheckConstraint(
                name="finding_statement_1_to_34", condition=Q(statement_id__gte=1, statement_id__lte=34)
            ),
            models.CheckConstraint(name="finding_has_text", condition=~Q(text="")),
            models.CheckConstraint(
                name="finding_confidence_is_a_probability",
                condition=Q(suggestion_confidence__isnull=True)
                | Q(suggestion_confidence__gte=0, suggestion_confidence__lte=1),
            ),
            models.CheckConstraint(
                name="finding_confirmation_complete",
                condition=Q(theme_confirmed_at__isnull=True, theme_confirmed_by__isnull=True)
                | Q(theme_confirmed_at__isnull=False, theme__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"finding {self.pk} ({self.severity}) on visit {self.visit_id}"


# --- lived experience ----------------------------------------------------------------------------


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
            models.CheckConstraint(name="feedback_channel_known", condition=_in("channel", FeedbackChannel)),
            models.CheckConstraint(
                name="feedback_respondent_kind_known", condition=_in("respondent_kind", RespondentKind)
            ),
            models.CheckConstraint(
                name="feedback_moderation_known", condition=_in("moderation", ModerationState)
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


# --- action plans --------------------------------------------------------------------------------


class ActionPlan(models.Model):
    """The provider's remedial plan after a visit rated Requires improvement or Poor."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="action_plan")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        "register.Location", on_delete=models.PROTECT, related_name="qa_action_plans"
    )
    status = models.CharField(max_length=20, choices=PlanState.choices)  # copy of the latest ActionPlanStatus
    due_on = models.DateField()  # when the provider owes the (re)submission
    requested_at = models.DateTimeField()
    follow_up_visit = models.OneToOneField(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_up_for"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(name="action_plan_status_known", condition=_in("status", PlanState)),
            models.CheckConstraint(
                name="accepted_plan_has_follow_up",
                condition=~Q(status=PlanState.ACCEPTED) | Q(follow_up_visit__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"action plan for visit {self.visit_id} ({self.status})"


class ActionPlanStatus(InsertOnly):
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="statuses")
    sequence = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=PlanState.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    reasons = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "action plan statuses"
        constraints = [
            models.UniqueConstraint(fields=["plan", "sequence"], name="one_plan_status_per_sequence"),
            models.CheckConstraint(name="plan_status_row_known", condition=_in("status", PlanState)),
            models.CheckConstraint(
                name="returned_plan_has_reasons", condition=~Q(status=PlanState.RETURNED) | ~Q(reasons="")
            ),
        ]

    def __str__(self) -> str:
        return f"plan {self.plan_id} #{self.sequence} {self.status}"


class PlanAction(models.Model):
    """One action in a plan, answering one finding, with an owner and a due date."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="plan_actions")
    description = models.TextField()
    owner_name = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionState.choices, default=ActionState.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    submitted = models.BooleanField(default=False)  # part of a submission: kept, never removed
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(name="plan_action_status_known", condition=_in("status", ActionState)),
            models.CheckConstraint(name="plan_action_has_description", condition=~Q(description="")),
            models.CheckConstraint(name="plan_action_has_owner", condition=~Q(owner_name="")),
            models.CheckConstraint(
                name="done_action_has_completion_date",
                condition=Q(status=ActionState.DONE, completed_on__isnull=False)
                | (~Q(status=ActionState.DONE) & Q(completed_on__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"action {self.pk} of plan {self.plan_id} ({self.status})"


class ActionUpdate(InsertOnly):
    """A progress update on an action, by the provider."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="updates")
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=ActionState.choices)
    note = models.TextField()

    class Meta:
        constraints = [
            models.CheckConstraint(name="action_update_status_known", condition=_in("status", ActionState)),
            models.CheckConstraint(name="action_update_has_note", condition=~Q(note="")),
        ]

    def __str__(self) -> str:
        return f"update on action {self.action_id}: {self.status}"
