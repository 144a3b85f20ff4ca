"""Your account: the details letters use (name as the council set it, job title you set)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from carewatch.core import access, account_services, audit, http


class JobTitleForm(forms.Form):
    job_title = forms.CharField(
        label="Job title",
        required=False,
        max_length=account_services.MAX_JOB_TITLE,
        help_text="Letters you issue are signed with your name and this job title, for example "
        "“Quality assurance manager”.",
        error_messages={"max_length": "Job title must be 100 characters or fewer"},
    )


@access.signed_in()
def account_details(request):
    user = request.user
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = JobTitleForm(http.posted(request), initial={"job_title": user.job_title})
    if request.method == "POST" and form.is_valid():
        try:
            account_services.change_job_title(
                actor=user, job_title=form.cleaned_data["job_title"], now=http.now()
            )
        except account_services.AccountError as error:
            http.put_error(form, error)
        else:
            messages.success(request, "Your job title has been saved")
            return redirect(next_url or "core:account_details")
    return render(
        request,
        "core/account_details.html",
        {
            "page_title": "Your account details",
            "form": form,
            "name": audit.actor_label(user),
            "organisation": user.organisation.name if user.organisation else "",
            "next": next_url,
        },
    )
