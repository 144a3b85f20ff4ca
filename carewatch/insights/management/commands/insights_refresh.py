"""``carewatch insights-refresh [--years 10]``: recompute the monthly market figures after an import."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from carewatch.insights import services


class Command(BaseCommand):
    help = "Recompute the precomputed monthly market figures (run after every import of the register)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=int, default=services.YEARS, help="Years of month-ends to cover (default 10)."
        )

    def handle(self, *args, **options):
        now = timezone.now()
        rows = services.refresh_market_months(
            until=timezone.localdate(now),
            now=now,
            years=options["years"],
            actor_label="carewatch insights-refresh",
        )
        self.stdout.write(f"{rows:,} monthly figures for register version {services.register_version()}")
