"""``carewatch market``: market figures per area, or one area's whole dashboard, as a table, JSON or CSV.

    carewatch market --by la --service care-homes [--as-of DATE] [--format table|json|csv]
    carewatch market --area Oldham [--service …] [--as-of DATE] [--years 5] [--format table|json]
    carewatch market --area region:E12000002 --format csv --table trend

With ``--area`` (``england``, ``region:E12…``, ``icb:E54…``, ``la:E08…``, a bare ONS code or a
council's name) it prints the dashboard the web page shows (carewatch.insights): every panel's
summary and table; CSV needs ``--table`` to choose one. Councils' own records (cases, visits,
findings) are left out unless ``--with-council-records``: what is printed may be published.
"""

import csv
import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.core import access, tables
from carewatch.core.tables import to_csv
from carewatch.insights import areas
from carewatch.insights import presenters as insights_presenters
from carewatch.insights.queries import dashboard as dashboard_queries
from carewatch.register import presenters, queries


class Command(BaseCommand):
    help = "Print market figures per area: active locations, counts per overall rating, shares Good or Outstanding, beds."

    def add_arguments(self, parser):
        parser.add_argument("--by", choices=queries.AREA_LEVELS, default="la")
        parser.add_argument("--service", choices=queries.SERVICES, default="all")
        parser.add_argument("--as-of", help="recompute the figures as at this date (YYYY-MM-DD)")
        parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
        parser.add_argument(
            "--area", help="print this area's dashboard (england, region:…, icb:…, la:…, or a council)"
        )
        parser.add_argument("--years", type=int, default=5, help="with --area: years of monthly trend (1–10)")
        parser.add_argument("--table", help="with --area and --format csv: the table to print (its name)")
        parser.add_argument(
            "--with-council-records",
            action="store_true",
            help="with --area: include the councils' own records (cases, visits, findings): not for publication",
        )

    def handle(self, *args, **options):
        as_of = None
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"--as-of: {options['as_of']!r} is not a date in the form YYYY-MM-DD"
                ) from None
        if options["area"]:
            self._dashboard(options, as_of)
            return
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
                writer.writerow(tables.safe_row(line))
        else:
            self._table(rows, options["service"])

    def _dashboard(self, options, as_of):

        try:
            area = _area(options["area"])
        except areas.UnknownArea as error:
            raise CommandError(f"--area: {error}") from None
        if not 1 <= options["years"] <= 10:
            raise CommandError("--years: give a whole number of years from 1 to 10")
        today = timezone.localdate()
        as_of = as_of if as_of is not None and as_of < today else None
        service = options["service"]
        board = dashboard_queries.build(
            area,
            service=service,
            as_of=as_of,
            today=today,
            years=options["years"],
            owners=access.NATIONAL if options["with_council_records"] else access.NOBODY,
        )
        panels = insights_presenters.dashboard_panels(board)
        if options["format"] == "csv":
            tables = insights_presenters.panel_tables(panels)
            name = options["table"]
            if name not in tables:
                raise CommandError(f"--table: choose one of {', '.join(tables)} (CSV prints one table)")
            self.stdout.write(to_csv(tables[name]).decode("utf-8"), ending="")
            return
        heading = {
            "area": area.key,
            "name": area.name,
            "service": service,
            "as_of": (as_of or today).isoformat(),
            "years": options["years"],
        }
        if options["format"] == "json":
            payload = {
                **heading,
                "panels": [
                    {
                        "id": panel.id,
                        "heading": panel.heading,
                        "summary": panel.summary,
                        "no_data": panel.no_data or None,
                        "table": {
                            "name": panel.table.name,
                            "caption": panel.table.caption,
                            "columns": panel.table.columns,
                            "rows": panel.table.rows,
                            "note": panel.table.note,
                        },
                    }
                    for panel in panels
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2, default=str))
            return
        self.stdout.write(f"{area.name}: {areas.SERVICE_LABELS[service].lower()}, as at {heading['as_of']}")
        for panel in panels:
            self.stdout.write("")
            self.stdout.write(f"== {panel.heading} [table: {panel.table.name}]")
            if panel.no_data:
                self.stdout.write(f"No data: {panel.no_data}")
                continue
            if panel.summary:
                self.stdout.write(panel.summary)
            lines = [panel.table.columns] + [[text for text, _ in row] for row in panel.table.display_rows]
            self._aligned([[str(cell) for cell in line] for line in lines])

    def _aligned(self, lines):
        widths = [max(len(line[i]) if i < len(line) else 0 for line in lines) for i in range(len(lines[0]))]
        for line in lines:
            cells = [line[0].ljust(widths[0])] + [cell.rjust(widths[i]) for i, cell in enumerate(line[1:], 1)]
            self.stdout.write("  ".join(cells))

    def _table(self, rows, service):
        header = ["Area", "Active", "Outst.", "Good", "RI", "Inad.", "Unrated", "%G/O rated", "%G/O active"]
        if service == "care-homes":
            header.append("Beds")
        lines = [header]
        for row in rows:
            line = [
                row.name[:40],
                row.active,
                row.outstanding,
                row.good,
                row.requires_improvement,
                row.inadequate,
                row.not_yet_rated,
                _pct(row.pct_good_or_outstanding_of_rated),
                _pct(row.pct_good_or_outstanding_of_active),
            ]
            if service == "care-homes":
                line.append(row.beds or 0)
            lines.append([str(cell) for cell in line])
        self._aligned(lines)


def _area(text: str):
    """An area key or code (``areas.parse``), or else a council's name."""
    try:
        return areas.parse(text)
    except areas.UnknownArea:
        return areas.find_council(text)


def _pct(value):
    return "–" if value is None else f"{value:.1f}"
