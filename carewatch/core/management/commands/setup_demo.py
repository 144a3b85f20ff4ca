"""``carewatch setup-demo``: a synthetic England and one user per role, for ``make run``.

Generates the data once (into var/demo), imports it (a second run finds it already imported and
changes nothing), creates the demo users and prints their sign-in details.
"""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from carewatch.core import services as core_services
from carewatch.register import services as register_services
from carewatch.register.importers import detect


class Command(BaseCommand):
    help = "Generate and import a synthetic England and create one demo user per role (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 is all of England (~30,000 services)")
        parser.add_argument("--out", default="var/demo")

    def handle(self, *args, **options):
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError("setup-demo only runs in demo mode (CAREWATCH_DEMO=1): it creates users with known passwords.")
        out = Path(options["out"]) / f"seed-{options['seed']}-scale-{options['scale']}"
        dump = out / "api"
        if not (dump / "locations.json").exists():
            self.stdout.write(f"Generating a synthetic England into {out} …")
            call_command("generate", out=str(out), seed=options["seed"], scale=options["scale"], formats="api")
        self.stdout.write(f"Importing {dump} …")
        summary = register_services.import_snapshot(
            reader=detect.open_reader(dump),
            imported_at=datetime.now(UTC),
            actor_label="setup-demo (command line)",
            force=True,
        )
        if summary.already_imported:
            self.stdout.write("  already imported: nothing changed.")
        else:
            self.stdout.write(
                f"  created {summary.created}, updated {summary.updated}, unchanged {summary.unchanged},"
                f" rejected {summary.rejected}"
            )
        users = core_services.create_demo_users(now=datetime.now(UTC))
        self.stdout.write("")
        self.stdout.write("Demo users (demo mode only: they may skip the second factor; all share one password):")
        for username, role, organisation in users:
            self.stdout.write(f"  {username:<24} {role:<28} {organisation}")
        self.stdout.write(f"  password: {core_services.DEMO_PASSWORD}")
        self.stdout.write("")
        self.stdout.write("carewatch is starting at http://127.0.0.1:8000/")
