"""The Social Care Commitment's staff pages (docs/recognition.md, "Who sees what").

A provider manager signs for their employer and keeps it up to date (tasks, staff sign-ups, renewal,
withdrawal); the employer's staff read it; council staff read the commitments of providers running a
registered service in their area. Thin: parse, one domain call, render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.core import access, http
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import forms, presenters, queries, services
from carewatch.recognition.errors import InvalidInput, RecognitionError
from carewatch.recognition.models import Commitment

EMPLOYER_PEOPLE = access.signed_in(*access.PROVIDER_ROLES, organisation_kinds=[OrganisationKind.PROVIDER])
EMPLOYER_MANAGERS = access.signed_in(Role.PROVIDER_MANAGER, organisation_kinds=[OrganisationKind.PROVIDER])
COUNCIL_READERS = access.signed_in(*queries.COUNCIL_READERS, organisation_kinds=[OrganisationKind.COUNCIL])
READERS = access.signed_in(*queries.COUNCIL_READERS, *access.PROVIDER_ROLES)


def _show(form, error: RecognitionError) -> None:
    """Every problem beside its field (the rest above the form)."""
    problems: list[tuple[str | None, str]] = [(error.field, error.message)]
    if isinstance(error, InvalidInput):
        problems = list(error.problems)
    for field, message in problems:
        form.add_error(field if field in form.fields else None, message)


def _readable(request, commitment_id: int) -> Commitment:
    try:
        return queries.commitment_for(request.user, commitment_id, today=http.now().date())
    except Commitment.DoesNotExist:
        raise Http404("There is no commitment with that number that you can see.") from None


def _editable(request, commitment_id: int) -> Commitment:
    """The person's own employer's commitment in force (managers only reach here)."""
    commitment = _readable(request, commitment_id)
    if commitment.employer_id != request.user.organisation_id:
        raise PermissionDenied("Only the employer's provider managers change its commitment.")
    if commitment.withdrawn_on is not None:
        raise Http404("This commitment was withdrawn.")
    return commitment


def _can_edit(request, commitment: Commitment) -> bool:
    user = request.user
    return (
        commitment.withdrawn_on is None
        and user.organisation_id == commitment.employer_id
        and user.has_role(Role.PROVIDER_MANAGER)
    )


def _detail(commitment: Commitment) -> str:
    return reverse("recognition:commitment_detail", kwargs={"commitment_id": commitment.pk})


@EMPLOYER_PEOPLE
def own_commitment(request):
    """The employer's way in: its commitment in force, or what signing means and the way to sign."""
    employer = request.user.organisation
    if employer is None:  # a system administrator employs nobody
        return redirect("recognition:commitment_list")
    found = queries.current_commitment_of(employer, today=http.now().date())
    if found is not None:
        return redirect(_detail(found))
    return render(
        request,
        "recognition/commitment_start.html",
        {
            "page_title": "The Social Care Commitment",
            "employer": employer,
            "statements": queries.statements(),
            "can_sign": request.user.has_role(Role.PROVIDER_MANAGER),
        },
    )


@EMPLOYER_MANAGERS
def commitment_sign(request):
    employer = request.user.organisation
    if employer is None:
        return redirect("recognition:commitment_list")
    now = http.now()
    found = queries.current_commitment_of(employer, today=now.date())
    if found is not None:
        return redirect(_detail(found))
    form = forms.SignForm(http.posted(request), statements=queries.statements())
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.sign_commitment(
                employer=employer,
                actor=request.user,
                signed_on=form.cleaned_data["signed_on"],
                tasks=form.tasks(),
                now=now,
            )
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, f"{employer.name} has signed the Social Care Commitment")
            return redirect(_detail(commitment))
    return render(
        request,
        "recognition/commitment_sign.html",
        {"page_title": "Sign the Social Care Commitment", "employer": employer, "form": form},
    )


@COUNCIL_READERS
def commitment_list(request):
    """Council staff: the commitments of providers running services in the council's area."""
    today = http.now().date()
    commitments = list(queries.area_commitments(request.user, today=today))
    return render(
        request,
        "recognition/commitment_list.html",
        {
            "page_title": "Social Care Commitments in your area",
            "organisation": request.user.organisation,
            "rows": [(c, presenters.commitment_status(c)) for c in commitments],
        },
    )


@READERS
def commitment_detail(request, commitment_id: int):
    """The employer's task list: each statement's progress, staff sign-ups, renewal."""
    commitment = _readable(request, commitment_id)
    today = http.now().date()
    return render(
        request,
        "recognition/commitment_detail.html",
        {
            "page_title": "Social Care Commitment",
            "commitment": commitment,
            "status": presenters.commitment_status(commitment),
            "rows": presenters.statement_rows(commitment, today=today),
            "can_edit": _can_edit(request, commitment),
            "lapse_months": queries.LAPSE_AFTER_MONTHS,
            "back": reverse("recognition:commitment_list")
            if request.user.organisation and request.user.organisation.kind == OrganisationKind.COUNCIL
            else None,
        },
    )


@READERS
def commitment_tasks(request, commitment_id: int):
    """Every task by statement; the employer's managers mark tasks as done here."""
    commitment = _readable(request, commitment_id)
    can_edit = _can_edit(request, commitment)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Only the employer's provider managers change its commitment.")
    today = http.now().date()
    open_tasks = queries.open_tasks(commitment)
    form = forms.DoneForm(http.posted(request), open_tasks=open_tasks, initial={"done_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            count = services.complete_tasks(
                commitment=commitment,
                actor=request.user,
                task_ids=form.cleaned_data["tasks"],
                done_on=form.cleaned_data["done_on"],
                now=http.now(),
            )
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, f"{count} task{'s' if count != 1 else ''} marked as done")
            return redirect(_detail(commitment))
    rows = [
        (row, [(task, presenters.task_state(task, today=today)) for task in row.tasks])
        for row in presenters.statement_rows(commitment, today=today)
    ]
    return render(
        request,
        "recognition/commitment_tasks.html",
        {
            "page_title": "Tasks",
            "commitment": commitment,
            "rows": rows,
            "form": form if can_edit and open_tasks else None,
            "can_edit": can_edit,
            "back": _detail(commitment),
        },
    )


@EMPLOYER_MANAGERS
def commitment_task_add(request, commitment_id: int):
    commitment = _editable(request, commitment_id)
    form = forms.TaskForm(http.posted(request), statements=queries.statements())
    if request.method == "POST" and form.is_valid():
        try:
            services.add_task(commitment=commitment, actor=request.user, task=form.task(), now=http.now())
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, "Task added")
            return redirect("recognition:commitment_tasks", commitment_id=commitment.pk)
    return render(
        request,
        "recognition/commitment_task_add.html",
        {
            "page_title": "Add a task",
            "commitment": commitment,
            "form": form,
            "back": reverse("recognition:commitment_tasks", kwargs={"commitment_id": commitment.pk}),
        },
    )


@EMPLOYER_MANAGERS
def commitment_staff(request, commitment_id: int):
    """How many staff in each role have signed up so far: counts, never names."""
    commitment = _editable(request, commitment_id)
    counts = queries.sign_up_counts(commitment)
    form = forms.SignUpsForm(http.posted(request), initial={f"count_{r}": n for r, n in counts.items()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_sign_ups(
                commitment=commitment, actor=request.user, counts=form.counts(), now=http.now()
            )
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, "Staff sign-ups saved")
            return redirect(_detail(commitment))
    return render(
        request,
        "recognition/commitment_staff.html",
        {
            "page_title": "Staff who have signed up",
            "commitment": commitment,
            "form": form,
            "back": _detail(commitment),
        },
    )


@EMPLOYER_MANAGERS
def commitment_renew(request, commitment_id: int):
    commitment = _editable(request, commitment_id)
    form = forms.RenewForm(http.posted(request), initial={"renewed_on": http.now().date()})
    if request.method == "POST" and form.is_valid():
        try:
            services.renew_commitment(
                commitment=commitment,
                actor=request.user,
                renewed_on=form.cleaned_data["renewed_on"],
                now=http.now(),
            )
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, "Commitment renewed")
            return redirect(_detail(commitment))
    return render(
        request,
        "recognition/commitment_renew.html",
        {
            "page_title": "Renew the commitment",
            "commitment": commitment,
            "form": form,
            "lapse_months": queries.LAPSE_AFTER_MONTHS,
            "back": _detail(commitment),
        },
    )


@EMPLOYER_MANAGERS
def commitment_withdraw(request, commitment_id: int):
    commitment = _editable(request, commitment_id)
    form = forms.WithdrawForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_commitment(
                commitment=commitment, actor=request.user, reason=form.cleaned_data["reason"], now=http.now()
            )
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, f"{commitment.employer.name} has withdrawn from the commitment")
            return redirect("recognition:own_commitment")
    return render(
        request,
        "recognition/commitment_withdraw.html",
        {
            "page_title": "Withdraw from the commitment",
            "commitment": commitment,
            "form": form,
            "back": _detail(commitment),
        },
    )


# --- the statements' words (system administrators) ---------------------------------------------


@access.system_admin
def statement_list(request):
    return render(
        request,
        "recognition/statement_list.html",
        {"page_title": "The commitment's statements", "statements": queries.statements()},
    )


@access.system_admin
def statement_change(request, statement_number: int):
    statement = queries.statement(statement_number)
    if statement is None:
        raise Http404(f"There is no statement {statement_number}.")
    form = forms.StatementForm(
        http.posted(request), initial={"title": statement.title, "text": statement.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_statement(
                actor=request.user,
                number=statement.number,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                now=http.now(),
            )
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, f"Statement {statement.number} changed")
            return redirect("recognition:statement_list")
    return render(
        request,
        "recognition/statement_change.html",
        {
            "page_title": f"Change statement {statement.number}",
            "statement": statement,
            "form": form,
            "back": reverse("recognition:statement_list"),
        },
    )
