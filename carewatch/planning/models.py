"""A council's risk weights: each change a new version (insert-only), with its author and time."""

from django.conf import settings
from django.db import models

from carewatch.core.models import InsertOnly, Organisation


class WeightsVersion(InsertOnly):
    """The complete set of weights a council uses from ``created_at`` until its next version."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    weights = models.JSONField()  # every signal in risk.DEFAULT_WEIGHTS, a number >= 0
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="planning_one_number_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} risk weights v{self.version}"


class PolicyVersion(InsertOnly):
    """A council's visit policy from ``created_at`` until its next version (planning.programme.Policy)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    values = models.JSONField()  # planning.programme.Policy.as_dict()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="planning_one_policy_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} visit policy v{self.version}"


class OfficerCapacity(InsertOnly):
    """How much an officer visits, from ``created_at`` until the officer's next row: days a week, areas."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    days_per_week = models.PositiveSmallIntegerField()  # 0: not visiting
    areas = models.JSONField(default=list, blank=True)  # council names, towns, postcode districts
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["organisation", "officer", "created_at"])]
        constraints = [
            models.CheckConstraint(name="planning_days_in_a_week", condition=models.Q(days_per_week__lte=5))
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.days_per_week} days a week"


class ProgrammeState(models.TextChoices):
    DRAFT = "draft", "Proposed"
    APPROVED = "approved", "Approved"


class Programme(models.Model):
    """A proposed programme of visits for some weeks; approving it schedules its visits in monitoring."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    policy_version = models.PositiveIntegerField()  # 0: the defaults
    status = models.CharField(max_length=20, choices=ProgrammeState.choices)
    unplaced = models.JSONField(default=list, blank=True)  # [{"location_id", "name", "reasons", "note"}]
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["organisation", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                name="planning_programme_status_known",
                condition=models.Q(status__in=[s.value for s in ProgrammeState]),
            ),
            models.CheckConstraint(
                name="planning_approved_programme_has_approver",
                condition=~models.Q(status="approved") | models.Q(approved_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} programme {self.starts_on} to {self.ends_on}"


class ProgrammeVisit(models.Model):
    """One visit in a programme: who goes, when, in which order, why; the monitoring visit once approved."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="visits")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    visit_on = models.DateField()
    announced = models.BooleanField()
    intensive = models.BooleanField(default=False)
    due_on = models.DateField(null=True, blank=True)  # null: added by hand
    reasons = models.JSONField(default=list, blank=True)  # sentences
    note = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    distance_km = models.FloatField(null=True, blank=True)  # from the previous visit of the day
    visit = models.OneToOneField(
        "monitoring.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["programme", "visit_on", "officer"])]

    def __str__(self) -> str:
        return f"{self.location_id} on {self.visit_on}"
