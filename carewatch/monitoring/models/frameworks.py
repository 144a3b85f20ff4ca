"""QA frameworks (versioned question sets) and a council's monitoring timescales."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carewatch.core.models import InsertOnly
from carewatch.monitoring.models.vocabulary import ServiceType, one_of


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
                name="framework_service_type_known", condition=one_of("service_type", ServiceType)
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
