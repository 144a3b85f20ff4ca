"""What a person's home page shows: what is due, overdue and new for them.

Reads only through the apps' public query functions and presenters (the same task list the cases
pages show, the provider's reports and the register's newest CQC reports); writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from carewatch.cases import presenters as case_presenters
from carewatch.cases import queries as case_queries
from carewatch.core.roles import Role
from carewatch.insights.queries import recent
from carewatch.monitoring import presenters as monitoring_presenters
from carewatch.monitoring import queries as monitoring_queries
from carewatch.recognition import quality_mark_queries

HORIZON_DAYS = 14  # "coming up": due in the next two weeks, as on the task list
NEW_DAYS = 30  # "new": CQC reports published in the last 30 days
PROVIDER_ROLES = (Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF)


@dataclass
class MyWork:
    today: date
    has_tasks: bool  # whether this person has a task list at all (QA staff)
    overdue: list[Any] = field(default_factory=list)
    due_today: list[Any] = field(default_factory=list)
    coming_up: list[Any] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)  # a provider's reports that need them
    area_label: str = ""
    new_reports: list[recent.PublishedReport] = field(default_factory=list)
    new_since: date | None = None
    quality_marks: list[Any] = field(default_factory=list)  # quality mark applications and awards waiting

    @property
    def nothing_due(self) -> bool:
        return not (self.overdue or self.due_today or self.coming_up or self.reports)


def my_work(user: Any, *, today: date) -> MyWork:
    has_tasks = user.has_role(Role.QA_OFFICER, Role.QA_MANAGER)
    work = MyWork(today=today, has_tasks=has_tasks)
    if has_tasks:
        tasks = case_queries.tasks_due(user, today, horizon_days=HORIZON_DAYS)
        subjects = case_presenters.case_subjects(user, {task.case_id for task in tasks})
        groups = case_presenters.task_groups(case_presenters.task_rows(tasks, subjects=subjects), today=today)
        work.overdue, work.due_today, work.coming_up = groups.overdue, groups.today, groups.soon
    if has_tasks:
        work.quality_marks = quality_mark_queries.waiting_for(user, today=today)
    if user.has_role(*PROVIDER_ROLES):
        reports = monitoring_queries.reports_for_provider(user).order_by("-visit_on", "-id")[:10]
        work.reports = monitoring_presenters.visit_rows(reports)
    organisation = getattr(user, "organisation", None)
    if organisation is not None and (organisation.local_authority_id or organisation.icb_id):
        work.new_since = today - timedelta(days=NEW_DAYS)
        found = recent.reports_published(
            local_authority=organisation.local_authority_id,
            icb=organisation.icb_id,
            since=work.new_since,
            until=today,
        )
        work.area_label, work.new_reports = found.area_label, found.reports
    return work
