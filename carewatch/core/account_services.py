"""A person's own account details: the job title letters sign them off with."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from carewatch.core import audit
from carewatch.core.models import User

MAX_JOB_TITLE = 100


class AccountError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def change_job_title(*, actor: User, job_title: str, now: datetime) -> User:
    """``actor`` sets their own job title (blank: letters use their role instead)."""
    job_title = " ".join((job_title or "").split())
    if len(job_title) > MAX_JOB_TITLE:
        raise AccountError(f"Job title must be {MAX_JOB_TITLE} characters or fewer", field="job_title")
    before = actor.job_title
    with transaction.atomic():
        User.objects.filter(pk=actor.pk).update(job_title=job_title)
        actor.job_title = job_title
        audit.write(
            now=now,
            actor=actor,
            organisation=actor.organisation,
            action="user.job_title_changed",
            object_type="user",
            object_id=actor.pk,
            before={"job_title": before},
            after={"job_title": job_title},
        )
    return actor
