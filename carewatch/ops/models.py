from django.db import models


class DoneOnce(models.Model):
    """A piece of background work that has been done: one row per key, such as
    ``digest:2026-12-07:42`` (the digest for person 42 that day) or ``schedule:cqc-sync:2026-12-07``.

    A task writes the row in the same transaction as its work, so a task killed half-way and run
    again skips what was done and does the rest (carewatch.ops.tasks).
    """

    key = models.CharField(max_length=200, unique=True)
    done_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
