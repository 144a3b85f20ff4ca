"""The daily digest: each QA officer and QA manager is emailed what is due today or overdue.

``send_digests(today=…)`` does the work; ``send_daily_digests`` is the same as a django-tasks task,
so the task queue can run it (``carewatch send-digests --enqueue`` puts it on the queue; a cron line
runs that every morning: django-tasks has no scheduler of its own). docs/cases-web.md, "Daily digest".

People get an email only when something is due or overdue: a digest that says "nothing" teaches
people to ignore it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from carewatch.cases import presenters, queries
from carewatch.core.models import User
from carewatch.core.roles import Role

DEFAULT_SITE_URL = "http://localhost:8000"


@dataclass
class DigestRun:
    today: date
    sent_to: list[str] = field(default_factory=list)
    nothing_due: int = 0


def site_url() -> str:
    return getattr(settings, "CAREWATCH_SITE_URL", "") or DEFAULT_SITE_URL


def digest_message(person: User, *, today: date, base_url: str) -> EmailMultiAlternatives | None:
    """The digest for one person, or None when nothing is due or overdue."""
    tasks = queries.tasks_due(person, today)
    if not tasks:
        return None
    subjects = presenters.case_subjects(person, {task.case_id for task in tasks})
    rows = presenters.task_rows(tasks, subjects=subjects)
    groups = presenters.task_groups(rows, today=today)
    base_url = base_url.rstrip("/")
    context = {
        "person": person,
        "name": person.first_name or person.get_username(),
        "today": today,
        "groups": groups,
        "is_manager": person.has_role(Role.QA_MANAGER),
        "base_url": base_url,
        "task_list_url": base_url + reverse("cases:task_list"),
    }
    counts = []
    if groups.overdue:
        counts.append(f"{len(groups.overdue)} overdue")
    if groups.today:
        counts.append(f"{len(groups.today)} due today")
    subject = f"carewatch: {' and '.join(counts)} ({presenters.long_date(today)})"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("cases/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    message.attach_alternative(render_to_string("cases/email/digest.html", context), "text/html")
    return message


def send_digests(*, today: date, base_url: str | None = None) -> DigestRun:
    """Email every QA officer and manager what is due on ``today`` or overdue."""
    run = DigestRun(today=today)
    messages = []
    for person in queries.digest_recipients():
        message = digest_message(person, today=today, base_url=base_url or site_url())
        if message is None:
            run.nothing_due += 1
            continue
        messages.append(message)
        run.sent_to.append(person.email)
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return run


@task()
def send_daily_digests(today: str | None = None) -> list[str]:
    """The task: ``today`` as an ISO date (default: today in carewatch's time zone). Returns who was emailed.

    Decorated where it is defined, so its import path names the task itself: a worker on the database
    queue finds a task again by that path (``tests/ops/test_tasks.py``)."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return send_digests(today=day).sent_to
