"""Findings of a visit and the themes they are grouped by."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carewatch.monitoring.models.frameworks import Question
from carewatch.monitoring.models.visits import Visit
from carewatch.monitoring.models.vocabulary import Severity, one_of


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
            models.CheckConstraint(name="finding_severity_known", condition=one_of("severity", Severity)),
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
