"""``carewatch send-digests``: email each QA officer and manager what is due today or overdue.

Run it every morning (cron), or put it on the task queue with ``--enqueue`` (docs/cases-web.md).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.cases import tasks


class Command(BaseCommand):
    help = "Email each QA officer and QA manager what is due today or overdue on the ladder of intervention."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to send the digest for, as YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--site-url", help="The address links in the email start with (default: CAREWATCH_SITE_URL)."
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the digest on the task queue (django-tasks) instead."
        )

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be a date like 2026-03-02, not {options['date']!r}") from exc
        if options["enqueue"]:
            result = tasks.send_daily_digests.enqueue(day.isoformat())
            self.stdout.write(f"Queued the digest for {day:%-d %B %Y} (task {result.id}, {result.status}).")
            return
        run = tasks.send_digests(today=day, base_url=options["site_url"])
        self.stdout.write(
            f"Sent {len(run.sent_to)} digest{'s' if len(run.sent_to) != 1 else ''} for {day:%-d %B %Y}"
            f" ({run.nothing_due} people had nothing due)."
        )
