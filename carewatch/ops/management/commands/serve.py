"""``carewatch serve``: the production web server, gunicorn with carewatch.ops.gunicorn_conf.

Collects the static files first (``--no-collectstatic`` skips it) and, with ``--migrate``, applies
migrations; then replaces itself with gunicorn, so systemd's signals reach gunicorn directly.
Settings: ``CAREWATCH_BIND``, ``CAREWATCH_WEB_WORKERS``, ``CAREWATCH_WEB_THREADS``,
``CAREWATCH_WEB_TIMEOUT`` (docs/configuration.md).
"""

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from carewatch.ops import gunicorn_conf


def gunicorn_argv(bind: str | None = None) -> list[str]:
    argv = [sys.executable, "-m", "gunicorn", "--config", f"python:{gunicorn_conf.__name__}"]
    if bind:
        argv += ["--bind", bind]
    return argv


class Command(BaseCommand):
    help = "Start the production web server (gunicorn; put nginx in front: docs/deployment.md)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="address:port, overriding CAREWATCH_BIND")
        parser.add_argument("--migrate", action="store_true", help="apply migrations first")
        parser.add_argument("--no-collectstatic", action="store_true", help="do not collect static files")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the gunicorn command; start nothing"
        )

    def handle(self, *args, **options):
        argv = gunicorn_argv(options["bind"])
        if options["dry_run"]:
            self.stdout.write(" ".join(argv))
            return
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=1)
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        sys.stdout.flush()
        os.execv(sys.executable, argv)
