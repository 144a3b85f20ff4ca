"""``carewatch schedule JOB``: put a daily or nightly job on the task queue, once a day however many
machines' timers call it (docs/deployment.md, "Scheduled jobs").

JOB is ``digest`` (07:00), ``cqc-sync`` (02:00), ``refresh-dashboards`` (03:00) or ``prune`` (04:00);
systemd timers in deploy/systemd (or the cron lines in docs/deployment.md) call this.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.ops.once import once
from carewatch.ops.tasks import JOBS


class Command(BaseCommand):
    help = "Put a scheduled job (digest, cqc-sync, refresh-dashboards) on the task queue, once a day."

    def add_arguments(self, parser):
        parser.add_argument("job", help=", ".join(JOBS))
        parser.add_argument("--again", action="store_true", help="enqueue even if it was enqueued today")

    def handle(self, *args, **options):
        name = options["job"]
        if name not in JOBS:
            raise CommandError(f"job: {name!r} is not one of {', '.join(JOBS)}")
        job, _period = JOBS[name]
        key = f"schedule:{name}:{timezone.localdate().isoformat()}"
        if options["again"]:
            key += f":{timezone.now().isoformat()}"
        with once(key) as todo:
            if not todo:
                self.stdout.write(f"{name}: already put on the queue today")
                return
            result = job.enqueue()
        self.stdout.write(f"{name}: queued as task {result.id}")
