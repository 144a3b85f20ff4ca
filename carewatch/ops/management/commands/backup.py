"""``carewatch backup [PATH]``: a copy of the database (pg_dump custom format, or SQLite's online backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.ops import backup


class Command(BaseCommand):
    help = "Back up the database while carewatch runs (restore with `carewatch restore PATH`)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="the file to write (default: CAREWATCH_BACKUP_DIR/…)")

    def handle(self, *args, **options):
        if options["path"]:
            path = Path(options["path"])
        else:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            suffix = "dump" if backup.vendor() == "postgresql" else "sqlite3"
            path = Path(settings.CAREWATCH_BACKUP_DIR) / f"carewatch-{stamp}.{suffix}"
        try:
            written = backup.backup(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size:,} bytes)")
