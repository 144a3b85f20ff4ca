"""``carewatch setup-demo``: a synthetic England and one user per role, for ``make run``.

Generates the data once (into var/demo), imports it (a second run finds it already imported and
changes nothing), creates the demo users and prints their sign-in details, then prepares the rest
of the demo: visits, findings, proposed cases, the dashboards' monthly figures and charts.

With ``--serve-first`` (what ``make run`` uses) that rest is prepared by a second ``setup-demo``
process in the background (``--prepare-rest``), so the server starts as soon as the register and the
demo users exist; every page says "Demo data is still being prepared" until it is done
(``carewatch.demo.preparation``), and it prints "Demo data is ready" then.
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.cases import triggers
from carewatch.core import roles
from carewatch.demo import accounts, preparation
from carewatch.demo import capacity as capacity_demo
from carewatch.demo import discharge as discharge_demo
from carewatch.demo import monitoring as monitoring_demo
from carewatch.demo import peer as peer_demo
from carewatch.demo import planning as planning_demo
from carewatch.demo import quality_mark as quality_mark_demo
from carewatch.demo import recognition as recognition_demo
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
        parser.add_argument(
            "--serve-first",
            action="store_true",
            help="prepare visits, cases and dashboards in a background process (make run)",
        )
        # The background half of --serve-first: the preparation's id, from the process that started it.
        parser.add_argument("--prepare-rest", type=int, metavar="PREPARATION", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "setup-demo only runs in demo mode (CAREWATCH_DEMO=1): it creates users with known passwords."
            )
        if options["prepare_rest"] is not None:
            self._prepare_rest(preparation_id=options["prepare_rest"], seed=options["seed"])
            return
        self._register(options)
        users = accounts.create_demo_users(now=datetime.now(UTC))
        started = preparation.start(now=datetime.now(UTC))
        if options["serve_first"]:
            self.start_in_background(
                ["setup-demo", "--prepare-rest", str(started.pk), "--seed", str(options["seed"])]
            )
            self.stdout.write(
                "Visits, cases and dashboards are being prepared in the background: pages say so until"
                " they are ready."
            )
        else:
            self._prepare_rest(preparation_id=started.pk, seed=options["seed"])
        self.stdout.write("")
        self.stdout.write(
            "Demo users (demo mode only: they may skip the second factor; all share one password):"
        )
        for username, role, organisation in users:
            self.stdout.write(f"  {username:<24} {role:<28} {organisation}")
        self.stdout.write(f"  password: {roles.DEMO_PASSWORD}")
        self.stdout.write("")
        self.stdout.write("carewatch is starting at http://127.0.0.1:8000/")

    def _register(self, options) -> None:
        out = Path(options["out"]) / f"seed-{options['seed']}-scale-{options['scale']}"
        dump = out / "api"
        if not (dump / "locations.json").exists():
            self.stdout.write(f"Generating a synthetic England into {out} …")
            call_command(
                "generate", out=str(out), seed=options["seed"], scale=options["scale"], formats="api"
            )
        self.stdout.write(f"Importing {dump} …")
        try:
            # Not forced: the files imported last time are recognised at once and change nothing.
            summary = self._import(dump, force=False)
        except register_services.ImportRefused as refused:
            # Another seed or scale than last time: in the demo, its register replaces the last one.
            self.stdout.write(f"  {refused}; importing it anyway (demo mode).")
            summary = self._import(dump, force=True)
        if summary.already_imported:
            self.stdout.write("  already imported: nothing changed.")
        else:
            self.stdout.write(
                f"  created {summary.created}, updated {summary.updated}, unchanged {summary.unchanged},"
                f" rejected {summary.rejected}"
            )

    def _import(self, dump: Path, *, force: bool) -> register_services.ImportSummary:
        return register_services.import_snapshot(
            reader=detect.open_reader(dump),
            imported_at=datetime.now(UTC),
            actor_label="setup-demo (command line)",
            force=force,
        )

    def start_in_background(self, arguments: list[str]) -> None:
        """Run ``carewatch ARGUMENTS`` beside this one, writing to the same terminal. It stays in this
        process group, so the Ctrl-C that stops ``make run`` stops it too."""
        self.stdout.flush()
        subprocess.Popen(  # noqa: S603 (our own command, arguments from this command)
            [sys.executable, "-c", "from carewatch import cli; cli.main()", *arguments],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},  # each line as it is written, even into a pipe
        )

    def _prepare_rest(self, *, preparation_id: int, seed: int) -> None:
        """Visits, findings, feedback and action plans; proposals from the evidence; monthly figures; charts."""
        started = time.perf_counter()
        now = datetime.now(UTC)
        today = timezone.localdate(now)
        council = accounts.create_demo_organisations(now=now)["council"]
        self.stdout.write(f"Adding demo visits, findings and action plans for {council.name} …")
        monitoring_demo.generate_demo_monitoring(organisation=council, rng_seed=seed, today=today, now=now)
        proposals = triggers.propose_from_evidence(organisation=council, today=today, now=now)
        signed = recognition_demo.generate_demo_commitments(council=council, today=today, now=now)
        self.stdout.write(f"  {signed} demo employer(s) signed the Social Care Commitment")
        peer = peer_demo.generate_demo_peer_support(council=council, today=today, now=now)
        self.stdout.write(
            f"  {peer.supporters} peer supporter(s), {peer.pairings} pairing(s), {peer.offers} improvement offer(s)"
        )
        marked = quality_mark_demo.generate_demo_quality_mark(council=council, today=today, now=now)
        self.stdout.write(f"  {marked.awarded} service(s) hold the quality mark, {marked.waiting} nominated")
        made = capacity_demo.generate_demo_capacity(organisation=council, rng_seed=seed, today=today, now=now)
        self.stdout.write(
            f"  {made.contracts} contract(s) and {made.returns} capacity return(s) for {made.services} service(s)"
        )
        referred = discharge_demo.generate_demo_referrals(
            organisation=council, rng_seed=seed, today=today, now=now
        )
        self.stdout.write(f"  {referred.referrals} discharge referral(s), {referred.placements} placed")
        planned = planning_demo.generate_demo_planning(council=council, today=today, now=now)
        self.stdout.write(
            f"  visit policy v{planned.policy_version}, {planned.officers} officer(s) with capacity, "
            f"{planned.programme_visits} visit(s) proposed for the next four weeks"
        )
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
        preparation.finish(preparation_id=preparation_id, now=datetime.now(UTC))
        self.stdout.write(
            f"Demo data is ready: visits, cases and dashboards ({time.perf_counter() - started:.0f} s)."
        )
