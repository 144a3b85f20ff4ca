"""``carewatch restore PATH --yes``: put a backup back over the database (stop the web and worker first)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carewatch.ops import backup


class Command(BaseCommand):
    help = "Restore the database from a `carewatch backup` file. Replaces everything in it."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by `carewatch backup`")
        parser.add_argument("--yes", action="store_true", help="confirm: replace the database's contents")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("restore replaces the whole database: add --yes to confirm")
        try:
            backup.restore(Path(options["path"]))
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored from {options['path']}; run `carewatch migrate` if it is older than this code"
        )
