"""Recognition of good employers and good care (docs/recognition.md). So far the Social Care Commitment:

- ``CommitmentStatement``: the seven statements for employers, stored as data so their words can change
  (the shipped defaults are in ``statements.py``, written in carewatch's own words).
- ``Commitment``: an employer (a provider organisation) signed it on a date, may renew it, may withdraw.
- ``CommitmentTask``: what the employer will do under one statement, by a target date; done or not.
- ``CommitmentSignUp``: how many of the employer's staff in one role signed up (counts, never names).

Whether a commitment has lapsed is a query rule (``queries.lapsed``), never a stored flag. The quality
mark and peer support will sit beside these, with names of their own (``QualityMark…``, ``Peer…``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from carewatch.core.models import InsertOnly


class StaffRole(models.TextChoices):
    """The roles whose sign-ups an employer counts (docs/recognition.md)."""

    CARE_WORKER = "care_worker", "Care workers"
    SENIOR_CARE_WORKER = "senior_care_worker", "Senior care workers"
    NURSE = "nurse", "Nurses"
    MANAGER = "manager", "Managers and supervisors"
    OTHER = "other", "Other staff"


class CommitmentStatement(models.Model):
    """One of the seven statements an employer commits to; its words are data a system administrator changes."""

    number = models.PositiveSmallIntegerField(unique=True)  # 1 to 7, the order they are shown in
    title = models.CharField(max_length=120)  # "Recruit for values"
    text = models.TextField()  # what the employer promises, in a sentence or two
    changed_at = models.DateTimeField(null=True, blank=True)  # None: the words carewatch ships

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Commitment(models.Model):
    """An employer's Social Care Commitment: signed, perhaps renewed, perhaps withdrawn (never deleted)."""

    employer = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="commitments")
    signed_on = models.DateField()
    renewed_on = models.DateField(null=True, blank=True)  # the latest renewal
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, related_name="+")
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employer"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_current_commitment_per_employer",
            ),
            models.CheckConstraint(
                name="commitment_renewed_after_signing",
                condition=Q(renewed_on__isnull=True) | Q(renewed_on__gte=F("signed_on")),
            ),
            models.CheckConstraint(
                name="commitment_withdrawn_after_signing",
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("signed_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Commitment {self.pk} ({self.employer_id})"


class CommitmentTask(models.Model):
    """Something the employer will do under one statement, by ``due_on``; ``done_on`` once done."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="tasks")
    statement = models.ForeignKey(CommitmentStatement, on_delete=models.PROTECT, related_name="tasks")
    description = models.CharField(max_length=300)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    added_at = models.DateTimeField()
    added_by = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["commitment", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.description


class CommitmentSignUp(models.Model):
    """How many of the employer's staff in one role have signed up: the latest count (the audit keeps the rest)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="sign_ups")
    role = models.CharField(max_length=30, choices=StaffRole.choices)
    count = models.PositiveIntegerField()
    recorded_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "role"], name="one_sign_up_count_per_role"),
            models.CheckConstraint(name="sign_up_count_not_negative", condition=Q(count__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.count}"


# The council quality mark (docs/recognition.md, "The quality mark").


class QualityMarkScheme(models.Model):
    """A council's quality mark: its name and tiers; one scheme per council."""

    council = models.OneToOneField("core.Organisation", on_delete=models.PROTECT, related_name="quality_mark")
    name = models.CharField(max_length=120)  # "Leicestershire Quality Mark"
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class QualityMarkTier(models.Model):
    """One tier of a scheme; ``rank`` 1 is the highest (Gold), 2 the next (Silver) and so on."""

    scheme = models.ForeignKey(QualityMarkScheme, on_delete=models.PROTECT, related_name="tiers")
    name = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField()
    # the optional payment premium, £ a resident a week (Leicestershire: Gold 25, Silver 20, Bronze 15)
    premium_per_bed = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "rank"], name="one_quality_mark_tier_per_rank"),
            models.UniqueConstraint(fields=["scheme", "name"], name="quality_mark_tier_names_differ"),
        ]

    def __str__(self) -> str:
        return self.name


class QualityMarkCriterion(models.Model):
    """A criterion of one tier: computed from evidence (``kind`` names the rule in
    ``quality_mark_criteria``) or assessed by an officer against ``standard``."""

    tier = models.ForeignKey(QualityMarkTier, on_delete=models.PROTECT, related_name="criteria")
    kind = models.CharField(max_length=30)
    level = models.CharField(max_length=1, blank=True)  # no_open_case: the lowest ladder level that counts
    standard = models.TextField(blank=True)  # assessed: the written standard
    threshold = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True
    )  # feedback_average: the lowest average score, 1 to 5
    minimum = models.PositiveIntegerField(null=True, blank=True)  # feedback_average: the fewest responses
    must_hold = models.BooleanField(default=False)  # failing it suspends an award at once

    def __str__(self) -> str:
        return f"{self.tier_id} {self.kind}"


class QualityMarkState(models.TextChoices):
    APPLIED = "applied", "Applied"
    ASSESSED = "assessed", "Assessed"
    AWARDED = "awarded", "Awarded"
    REFUSED = "refused", "Refused"
    SUSPENDED = "suspended", "Suspended"


class QualityMarkApplication(models.Model):
    """An application (by the provider) or nomination (by an officer) for a service, and the award it becomes:
    applied → assessed (an officer) → awarded or refused (a manager, never the assessor) → suspended."""

    scheme = models.ForeignKey(QualityMarkScheme, on_delete=models.PROTECT, related_name="applications")
    tier = models.ForeignKey(QualityMarkTier, on_delete=models.PROTECT, related_name="applications")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=10, choices=QualityMarkState.choices, default=QualityMarkState.APPLIED
    )
    nominated = models.BooleanField(
        default=False
    )  # an officer nominated it, rather than the provider applying
    applied_at = models.DateTimeField()
    applied_by = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, related_name="+")
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField(max_length=500, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    review_reason = models.CharField(max_length=500, blank=True)  # flagged for review: why; "" when not
    review_flagged_on = models.DateField(null=True, blank=True)
    suspended_on = models.DateField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=500, blank=True)
    reinstated_on = models.DateField(null=True, blank=True)  # the last time a suspension was lifted
    renewal_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals"
    )  # a re-assessment of an award nearing its expiry

    class Meta:
        indexes = [models.Index(fields=["state", "location"])]
        constraints = [
            models.CheckConstraint(
                name="quality_mark_expires_after_start",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Quality mark {self.pk} ({self.location_id}, {self.state})"


class QualityMarkAssessment(models.Model):
    """An officer's judgement of one assessed criterion for one application, with a note."""

    application = models.ForeignKey(
        QualityMarkApplication, on_delete=models.PROTECT, related_name="assessments"
    )
    criterion = models.ForeignKey(QualityMarkCriterion, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField()
    note = models.CharField(max_length=1000)
    evidence = models.CharField(max_length=1000, blank=True)  # what was seen: documents, dates, links

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="one_assessment_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {'met' if self.met else 'not met'}"


class QualityMarkLetterKind(models.TextChoices):
    SUSPENDED = "suspended", "Quality mark suspended"
    REINSTATED = "reinstated", "Quality mark reinstated"


class QualityMarkLetter(InsertOnly):
    """A letter to the provider about its award (suspended, reinstated), as HTML and PDF; never changed."""

    application = models.ForeignKey(QualityMarkApplication, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=20, choices=QualityMarkLetterKind.choices)
    subject = models.CharField(max_length=300)
    addressed_to = models.CharField(max_length=300)
    html = models.TextField()
    pdf = models.BinaryField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} letter for quality mark {self.application_id}"


# Peer support and improvement offers live in their own module (issue 16).
from carewatch.recognition.peer_models import (  # noqa: E402, F401
    ImprovementOffer,
    OfferBooking,
    OfferKind,
    OfferVisit,
    PeerPairing,
    PeerSession,
    PeerSupporter,
)
