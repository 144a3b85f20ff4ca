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
