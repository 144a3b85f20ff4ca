"""``carewatch import-postcodes FILE``: postcode points from the ONS Postcode Directory (ONSPD/NSPL CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.core import read_only
from carewatch.register import services


class Command(BaseCommand):
    help = (
        "Load postcode points for the finder from the ONS Postcode Directory or the National Statistics"
        " Postcode Lookup (the published CSV: pcds or pcd, lat, long, ctry, doterm). Terminated postcodes and"
        " rows without a grid reference are left out; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the ONSPD or NSPL CSV file (unzipped)")

    def execute(self, *args, **options):
        with read_only.refused_in_command():  # a read-only database: a clear error, not a traceback
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            summary = services.import_postcodes(path=path, now=timezone.now(), actor_label="import-postcodes")
        except services.PostcodeFileError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"{summary.file}: {summary.imported:,} postcodes imported from {summary.rows:,} rows;"
            f" {summary.terminated:,} terminated and {summary.without_grid_reference:,} without a grid"
            " reference left out."
        )
