"""``carewatch market``: market figures per area, as a table, JSON or CSV."""

import csv
import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from carewatch.register import presenters, queries


class Command(BaseCommand):
    help = "Print market figures per area: active locations, counts per overall rating, shares Good or Outstanding, beds."

    def add_arguments(self, parser):
        parser.add_argument("--by", choices=queries.AREA_LEVELS, default="la")
        parser.add_argument("--service", choices=queries.SERVICES, default="all")
        parser.add_argument("--as-of", help="recompute the figures as at this date (YYYY-MM-DD)")
        parser.add_argument("--format", choices=("table", "json", "csv"), default="table")

    def handle(self, *args, **options):
        as_of = None
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of: {options['as_of']!r} is not a date in the form YYYY-MM-DD") from None
        rows = queries.market_figures(by=options["by"], service=options["service"], as_of=as_of)
        if options["format"] == "json":
            payload = {
                "by": options["by"],
                "service": options["service"],
                "as_of": as_of.isoformat() if as_of else None,
                "areas": [row.as_dict() for row in rows],
            }
            self.stdout.write(json.dumps(payload, indent=2))
        elif options["format"] == "csv":
            writer = csv.writer(sys.stdout if self.stdout._out is sys.stdout else self.stdout)
            for line in presenters.market_csv_rows(rows, options["service"]):
                writer.writerow(line)
        else:
            self._table(rows, options["service"])

    def _table(self, rows, service):
        header = ["Area", "Active", "Outst.", "Good", "RI", "Inad.", "Unrated", "%G/O rated", "%G/O active"]
        if service == "care-homes":
            header.append("Beds")
        lines = [header]
        for row in rows:
            line = [
                row.name[:40], row.active, row.outstanding, row.good, row.requires_improvement, row.inadequate,
                row.not_yet_rated, _pct(row.pct_good_or_outstanding_of_rated), _pct(row.pct_good_or_outstanding_of_active),
            ]
            if service == "care-homes":
                line.append(row.beds or 0)
            lines.append([str(cell) for cell in line])
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        for line in lines:
            cells = [line[0].ljust(widths[0])] + [cell.rjust(widths[i]) for i, cell in enumerate(line[1:], 1)]
            self.stdout.write("  ".join(cells))


def _pct(value):
    return "–" if value is None else f"{value:.1f}"
