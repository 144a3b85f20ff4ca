"""``carewatch insights-refresh [--years 10] [--no-warm] [--if-missing]``: recompute the monthly market figures.

Run after an import; an interrupted run is finished by the next (``services.refresh_market_months``).

Then draws the charts of the public dashboards of England and the regions into the shared chart
cache (``carewatch.insights.warming``) and puts the most-visited public pages into the page cache
(``carewatch warm-pages``, by command name: the web interface sits above insights), unless
``--no-warm``. ``carewatch import-cqc`` runs it.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from carewatch.insights import services, warming
from carewatch.insights.queries import market


class Command(BaseCommand):
    help = "Recompute the precomputed monthly market figures (run after every import of the register)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=int, default=services.YEARS, help="Years of month-ends to cover (default 10)."
        )
        parser.add_argument(
            "--no-warm",
            action="store_true",
            help="Do not draw the England and regional dashboards' charts, nor warm the public pages.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Only when the figures for the register's version are missing or unfinished"
            " (an earlier refresh was interrupted).",
        )

    def handle(self, *args, **options):
        if options["if_missing"] and market.fresh_version() is not None:
            return
        now = timezone.now()
        rows = services.refresh_market_months(
            until=timezone.localdate(now),
            now=now,
            years=options["years"],
            actor_label="carewatch insights-refresh",
        )
        self.stdout.write(f"{rows:,} monthly figures for register version {market.register_version()}")
        if not options["no_warm"]:
            warmed = warming.warm_dashboards(today=timezone.localdate(now))
            self.stdout.write(f"Charts drawn for {warmed.dashboards} dashboards in {warmed.seconds:.1f} s")
            # Last: the refresh above wrote (audited), which replaced the data's version.
            call_command("warm_pages", stdout=self.stdout)
