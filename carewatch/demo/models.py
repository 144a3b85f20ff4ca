"""The demo's own record: whether setup-demo is still preparing visits, cases and dashboards."""

from django.db import models


class Preparation(models.Model):
    """One run of ``setup-demo``'s preparation of the demo data that comes after the register and the
    demo users (visits, findings, proposed cases, monthly figures, charts). ``make run`` serves pages
    while it runs in the background; every page shows a banner while one is unfinished."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "demo_preparation"
        indexes = [
            models.Index(
                fields=["started_at"],
                condition=models.Q(finished_at__isnull=True),
                name="demo_preparation_unfinished",
            )
        ]

    def __str__(self) -> str:
        return f"Demo data preparation started {self.started_at:%Y-%m-%d %H:%M}"
