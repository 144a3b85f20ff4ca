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
