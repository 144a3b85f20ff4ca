"""``carewatch report committee --la NAME_OR_CODE [--from DATE --to DATE] --out FILE.pdf|FILE.html``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.core import access
from carewatch.insights import areas, reports
from carewatch.insights.timeline import years_before


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Reports: `report committee` writes a council's committee report as PDF or HTML."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
        committee = sub.add_parser(
            "committee", help="A council's committee report for a period (PDF or HTML)."
        )
        committee.add_argument(
            "--la", required=True, help="The council, by name or ONS code (Oldham, E08000004)."
        )
        committee.add_argument(
            "--from",
            dest="date_from",
            type=_date,
            help="First day of the period (default: 12 months before --to).",
        )
        committee.add_argument(
            "--to", dest="date_to", type=_date, help="Last day of the period (default: today)."
        )
        committee.add_argument("--out", required=True, help="FILE.pdf for a PDF, FILE.html for HTML.")

    def handle(self, *args, **options):
        if options["report"] != "committee":  # pragma: no cover - argparse refuses others
            raise CommandError("unknown report")
        out = Path(options["out"])
        if out.suffix.lower() not in (".pdf", ".html", ".htm"):
            raise CommandError("--out must end in .pdf or .html")
        try:
            council = areas.find_council(options["la"])
        except areas.UnknownArea as problem:
            raise CommandError(str(problem)) from None
        today = timezone.localdate()
        date_to = options["date_to"] or today
        date_from = options["date_from"] or years_before(date_to, 1)
        if date_from > date_to:
            raise CommandError("--from must be on or before --to")
        # An operator at the command line reads every council's records.
        report = reports.build(
            council, date_from=date_from, date_to=date_to, today=today, owners=access.NATIONAL
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".pdf":
            out.write_bytes(reports.render_pdf(report))
        else:
            out.write_text(reports.render_html(report), encoding="utf-8")
        self.stdout.write(
            f"wrote {out} ({out.stat().st_size:,} bytes): {report.title}, {date_from} to {date_to}"
        )
