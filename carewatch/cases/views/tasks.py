"""The task list: what is due or overdue, for a QA officer (theirs) or a QA manager (the council's)."""

from __future__ import annotations

from django.shortcuts import render

from carewatch.cases import presenters, queries
from carewatch.cases.views import edge
from carewatch.core import access
from carewatch.core.roles import Role

HORIZON_DAYS = 14


@access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER)
def task_list(request):
    day = edge.today()
    tasks = queries.tasks_due(request.user, day, horizon_days=HORIZON_DAYS)
    subjects = presenters.case_subjects(request.user, {task.case_id for task in tasks})
    rows = presenters.task_rows(tasks, subjects=subjects)
    is_manager = request.user.has_role(Role.QA_MANAGER)
    return render(
        request,
        "cases/task_list.html",
        {
            "page_title": "Your council’s tasks" if is_manager else "Your tasks",
            "groups": presenters.task_groups(rows, today=day),
            "is_manager": is_manager,
            "horizon_days": HORIZON_DAYS,
            "today": day,
        },
    )
