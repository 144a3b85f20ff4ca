"""``carewatch review-quality-marks``: re-judge every current quality mark award against today's evidence.

Run it every morning (cron), after the CQC import: a failing "must hold" criterion suspends an award at
once, any other failing criterion flags it for review (docs/recognition.md, "Never stale").
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.recognition import quality_mark_services


class Command(BaseCommand):
    help = "Re-judge every current quality mark award: suspend on a failing must-hold criterion, else flag."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to review for, as YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        now = timezone.now()
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate(now)
        except ValueError as exc:
            raise CommandError(f"--date must be a date like 2026-03-02, not {options['date']!r}") from exc
        suspended, flagged = quality_mark_services.review_awards(today=day, now=now)
        self.stdout.write(
            f"Reviewed quality marks for {day:%-d %B %Y}: {suspended} suspended, {flagged} flagged."
        )
