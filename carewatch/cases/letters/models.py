"""Letters a council sends about a case, and the templates it edits to write them.

A letter is generated once, from the council's current template for its kind and the case facts,
and stored with the case as HTML and PDF: it is never changed (write a new one instead). Editing a
template saves a new version, so every letter records the template version it was written from.

Writes go only through ``carewatch.cases.letters.services``; reads through ``carewatch.cases.letters.queries``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carewatch.core.models import InsertOnly


class LetterKind(models.TextChoices):
    SUSPENSION = "suspension", "Suspension of new placements"
    SUSPENSION_LIFTED = "suspension_lifted", "Lifting of the suspension"
    DEFAULT_NOTICE = "default_notice", "Default notice"
    ACTION_PLAN_REQUEST = "action_plan_request", "Action plan request"


class LetterTemplate(InsertOnly):
    """One version of a council's template for one kind of letter (Django template text).

    A council with no saved version uses the default in ``carewatch/cases/letters/defaults.py``.
    """

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="letter_templates"
    )
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    version = models.PositiveIntegerField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "version"], name="one_letter_template_version_per_kind"
            ),
            models.CheckConstraint(name="letter_template_version_positive", condition=Q(version__gte=1)),
            models.CheckConstraint(name="letter_template_has_a_body", condition=~Q(body="") & ~Q(subject="")),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.kind} v{self.version}"


class Letter(InsertOnly):
    """A letter generated for a case: its HTML and PDF, as sent. Never changed."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    suspension = models.ForeignKey(
        "cases.Suspension", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    action = models.ForeignKey(
        "cases.Action", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )  # None: written from carewatch's default template
    subject = models.CharField(max_length=300)
    addressed_to = models.CharField(max_length=300)
    html = models.TextField()
    pdf = models.BinaryField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["case", "created_at"])]
        constraints = [
            models.CheckConstraint(
                name="suspension_letters_name_their_suspension",
                condition=~Q(kind__in=["suspension", "suspension_lifted"]) | Q(suspension__isnull=False),
            ),
            models.CheckConstraint(
                name="notice_and_plan_letters_name_their_action",
                condition=~Q(kind__in=["default_notice", "action_plan_request"]) | Q(action__isnull=False),
            ),
            models.CheckConstraint(name="letter_has_html", condition=~Q(html="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} letter for case {self.case_id}"
