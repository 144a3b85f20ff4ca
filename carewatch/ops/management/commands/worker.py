"""``carewatch worker``: run queued tasks (django-tasks-db's ``db_worker``) under a stable worker id.

A worker that was killed leaves its task marked running. On start, this worker puts back on the
queue any task still marked running under its own id (it cannot be running: this worker has just
started), so a task killed half-way runs again; the tasks themselves do only what is left
(carewatch.ops.tasks).
"""

import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand

from carewatch.ops import queue


class Command(BaseCommand):
    help = "Run the database task queue (needs CAREWATCH_TASKS_BACKEND=database)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-id", default=socket.gethostname()[:64], help="stable name (default: the host name)"
        )
        parser.add_argument("--batch", action="store_true", help="stop when the queue is empty")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    def handle(self, *args, **options):
        requeued = queue.requeue_orphans(options["worker_id"])
        if requeued:
            self.stdout.write(f"Put {requeued} interrupted task(s) back on the queue")
        argv = ["--worker-id", options["worker_id"], "--interval", str(options["interval"])]
        if options["batch"]:
            argv.append("--batch")
        call_command("db_worker", *argv)
