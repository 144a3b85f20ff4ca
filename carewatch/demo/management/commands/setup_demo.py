"""``carewatch setup-demo``: a synthetic England and one user per role, for ``make run``.

Generates the data once (into var/demo), imports it (a second run finds it already imported and
changes nothing), creates the demo users and prints their sign-in details.
"""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.cases import triggers
from carewatch.core import roles
from carewatch.demo import accounts
from carewatch.demo import monitoring as monitoring_demo
from carewatch.insights import services as insights_services
from carewatch.insights import warming
from carewatch.register import services as register_services
from carewatch.register.importers import detect


class Command(BaseCommand):
    help = "Generate and import a synthetic England and create one demo user per role (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1.0 is all of England (~30,000 services)"
        )
        parser.add_argument("--out", default="var/demo")

    def _demo_intelligence(self, *, council, seed: int, today, now) -> None:
        """Visits, findings, feedback and action plans; proposals from the evidence; monthly figures."""
        self.stdout.write(f"Adding demo visits, findings and action plans for {council.name} …")
        monitoring_demo.generate_demo_monitoring(organisation=council, rng_seed=seed, today=today, now=now)
        proposals = triggers.propose_from_evidence(organisation=council, today=today, now=now)
        self.stdout.write(
            f"  the ladder of intervention proposed {len(proposals or [])} case(s) from the evidence"
        )
        self.stdout.write("Computing monthly market figures for the dashboards …")
        rows = insights_services.refresh_market_months(
            until=today, now=now, actor_label="setup-demo (command line)"
        )
        self.stdout.write(f"  {rows} area-months")
        warmed = warming.warm_dashboards(today=today)
        self.stdout.write(f"  charts drawn for {warmed.dashboards} dashboards in {warmed.seconds:.1f} s")

    def handle(self, *args, **options):
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "setup-demo only runs in demo mode (CAREWATCH_DEMO=1): it creates users with known passwords."
            )
        out = Path(options["out"]) / f"seed-{options['seed']}-scale-{options['scale']}"
        dump = out / "api"
        if not (dump / "locations.json").exists():
            self.stdout.write(f"Generating a synthetic England into {out} …")
            call_command(
                "generate", out=str(out), seed=options["seed"], scale=options["scale"], formats="api"
            )
        self.stdout.write(f"Importing {dump} …")
        summary = register_services.import_snapshot(
            reader=detect.open_reader(dump),
            imported_at=datetime.now(UTC),
            actor_label="setup-demo (command line)",
        )
        if summary.already_imported:
            self.stdout.write("  already imported: nothing changed.")
        else:
            self.stdout.write(
                f"  created {summary.created}, updated {summary.updated}, unchanged {summary.unchanged},"
                f" rejected {summary.rejected}"
            )
        now = datetime.now(UTC)
        today = timezone.localdate(now)
        users = accounts.create_demo_users(now=now)
        council = accounts.create_demo_organisations(now=now)["council"]
        self._demo_intelligence(council=council, seed=options["seed"], today=today, now=now)
        self.stdout.write("")
        self.stdout.write(
            "Demo users (demo mode only: they may skip the second factor; all share one password):"
        )
        for username, role, organisation in users:
            self.stdout.write(f"  {username:<24} {role:<28} {organisation}")
        self.stdout.write(f"  password: {roles.DEMO_PASSWORD}")
        self.stdout.write("")
        self.stdout.write("carewatch is starting at http://127.0.0.1:8000/")
