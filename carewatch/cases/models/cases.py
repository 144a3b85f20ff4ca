"""Cases, the locations they concern, their immutable status history, proposals and evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carewatch.cases.ladder import Decision, LevelCode, ProposalKind, Trigger
from carewatch.cases.models.ladders import LadderVersion
from carewatch.core.models import InsertOnly
from carewatch.register.models import Location


class Case(models.Model):
    """A council's case about one location, or about a provider across several locations.

    ``level`` and ``is_open`` mirror the latest :class:`CaseStatus` row; ``revision`` counts status
    rows and is what a decision-maker "saw" (optimistic concurrency, ADR 0008).
    """

    class Scope(models.TextChoices):
        LOCATION = "location", "One location"
        PROVIDER = "provider", "A provider across several locations"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="cases")
    ladder = models.ForeignKey(LadderVersion, on_delete=models.PROTECT, related_name="cases")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    provider = models.ForeignKey(
        "register.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    locations: models.ManyToManyField[Location, CaseLocation] = models.ManyToManyField(
        "register.Location", through="CaseLocation", related_name="+"
    )
    level = models.CharField(max_length=1, choices=LevelCode.choices)
    is_open = models.BooleanField(default=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "is_open", "level"])]
        constraints = [
            models.CheckConstraint(
                name="provider_case_names_its_provider",
                condition=~Q(scope="provider") | Q(provider__isnull=False),
            ),
            models.CheckConstraint(
                name="case_closed_at_iff_closed",
                condition=Q(is_open=True, closed_at__isnull=True) | Q(is_open=False, closed_at__isnull=False),
            ),
            models.CheckConstraint(name="case_revision_positive", condition=Q(revision__gte=1)),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk} (level {self.level}{'' if self.is_open else ', closed'})"


class CaseLocation(models.Model):
    """A location a case concerns. ``organisation`` and ``is_open`` copy the case's, so the database
    itself refuses a location in two of one council's open cases."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_locations")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    is_open = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "location"], name="location_once_per_case"),
            models.UniqueConstraint(
                fields=["organisation", "location"],
                condition=Q(is_open=True),
                name="one_open_case_per_location_per_council",
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} – {self.location_id}"


class CaseStatus(InsertOnly):
    """One decision on a case, never changed: opened, escalated, stepped down or closed (ADR 0008)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="statuses")
    revision = models.PositiveIntegerField()  # the case's revision this decision made
    decision = models.CharField(max_length=20, choices=Decision.choices)
    from_level = models.CharField(max_length=1, blank=True)  # "" when opened
    level = models.CharField(max_length=1, blank=True)  # "" when closed
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    proposal = models.ForeignKey(
        "Proposal", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "case statuses"
        constraints = [
            models.UniqueConstraint(fields=["case", "revision"], name="one_status_per_case_revision"),
            models.CheckConstraint(name="case_status_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(
                name="case_status_levels_fit_decision",
                condition=(
                    Q(decision=Decision.OPENED, from_level="", level__gt="")
                    | Q(decision=Decision.CLOSED, from_level__gt="", level="")
                    | Q(
                        decision__in=[Decision.ESCALATED, Decision.DE_ESCALATED],
                        from_level__gt="",
                        level__gt="",
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} r{self.revision} {self.decision} {self.from_level}→{self.level}"


class Proposal(models.Model):
    """A suggestion that a case be opened, escalated, stepped down or closed: made by an officer or
    manager, or by a trigger from evidence. Only a QA manager decides it; once decided it never changes."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        LAPSED = "lapsed", "Overtaken by another decision"

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="case_proposals"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals")
    kind = models.CharField(max_length=20, choices=ProposalKind.choices)
    level = models.CharField(max_length=1, choices=LevelCode.choices, blank=True)  # target; "" for close
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trigger = models.CharField(max_length=40, choices=Trigger.choices, blank=True)
    trigger_key = models.CharField(max_length=200, blank=True)  # same evidence → same key → proposed once
    proposed_at = models.DateTimeField()
    # For an "open" proposal: what the case would concern.
    scope = models.CharField(max_length=10, choices=Case.Scope.choices, blank=True)
    provider = models.ForeignKey(
        "register.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    locations = models.ManyToManyField("register.Location", blank=True, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "trigger_key"],
                condition=~Q(trigger_key=""),
                name="one_proposal_per_trigger_key",
            ),
            models.CheckConstraint(
                name="proposal_has_a_proposer", condition=Q(proposed_by__isnull=False) | ~Q(trigger="")
            ),
            models.CheckConstraint(
                name="proposal_open_gets_its_case_when_accepted",
                condition=(
                    Q(kind=ProposalKind.OPEN, scope__gt="") & (Q(case__isnull=True) | Q(status="accepted"))
                )
                | (~Q(kind=ProposalKind.OPEN) & Q(case__isnull=False)),
            ),
            models.CheckConstraint(
                name="proposal_target_level_fits_kind",
                condition=Q(kind=ProposalKind.CLOSE, level="") | (~Q(kind=ProposalKind.CLOSE) & ~Q(level="")),
            ),
            models.CheckConstraint(
                name="proposal_decided_iff_not_pending",
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk} {self.kind} {self.level} ({self.status})"


class CaseEvidence(models.Model):
    """A link to what a case or proposal rests on: a concern, a visit finding, a CQC rating."""

    class Kind(models.TextChoices):
        CONCERN = "concern", "Concern"
        VISIT_FINDING = "visit_finding", "Visit finding"
        CQC_RATING = "cqc_rating", "CQC rating"
        LOCAL_QA_RATING = "local_qa_rating", "Local QA rating"
        ACTION = "action", "Overdue action"
        CAPACITY_RETURN = "capacity_return", "Missed capacity return"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence")
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.CharField(max_length=100)  # the id of the concern, finding or rating it points to
    summary = models.TextField()
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "case evidence"
        constraints = [
            models.CheckConstraint(
                name="evidence_belongs_to_case_or_proposal",
                condition=Q(case__isnull=False) | Q(proposal__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
