"""The audit trail as people see it: a record's timeline, and CSV exports.

An entry is shown only to the people of the organisation that wrote it and to system
administrators (``audit_queries.visible_entries``). A record with no entry the reader may see is
"not found", so the page does not even reveal that the record exists.
"""

import csv
from datetime import timedelta

from django import forms
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from carewatch.core import access, audit_queries, dates, tables
from carewatch.core.roles import Role

EXPORT_ROLES = (Role.ORG_ADMIN, Role.QA_MANAGER)
DEFAULT_EXPORT_DAYS = 30


class ExportPeriodForm(forms.Form):
    from_on = dates.IsoDateField(
        required=False, label="From", what="The start date", help_text="For example, 2026-11-01"
    )
    to_on = dates.IsoDateField(
        required=False, label="To", what="The end date", help_text="For example, 2026-11-30"
    )

    def __init__(self, data, *, today):
        # The query string says ``from`` and ``to``.
        super().__init__({"from_on": data.get("from", ""), "to_on": data.get("to", "")})
        self.today = today

    def clean(self):
        super().clean()
        data = self.cleaned_data
        to_on = data.get("to_on") or self.today
        from_on = data.get("from_on") or to_on - timedelta(days=DEFAULT_EXPORT_DAYS)
        if from_on > to_on:
            raise forms.ValidationError("The start date must be on or before the end date")
        data["from_on"], data["to_on"] = from_on, to_on
        return data


@access.signed_in()
def timeline_detail(request, object_type: str, object_id: str):
    entries = audit_queries.timeline_for(object_type, object_id, visible_to=request.user)
    if not entries:
        raise Http404("No audit entries you may see")
    return render(
        request,
        "core/audit_timeline.html",
        {
            "page_title": f"Audit trail: {object_type} {object_id}",
            "object_type": object_type,
            "object_id": object_id,
            "entries": entries,
        },
    )


@access.signed_in()
def timeline_export(request, object_type: str, object_id: str):
    entries = audit_queries.entries_for(object_type, object_id, visible_to=request.user).order_by("at", "id")
    if not entries.exists():
        raise Http404("No audit entries you may see")
    return _csv(f"carewatch-audit-{object_type}-{object_id}.csv", audit_queries.csv_rows(entries))


@access.signed_in(*EXPORT_ROLES)
def export_choose(request):
    today = timezone.localdate()
    return render(
        request,
        "core/audit_export.html",
        {
            "page_title": "Download the audit trail",
            "organisation": request.user.organisation,
            "from_on": today - timedelta(days=DEFAULT_EXPORT_DAYS),
            "to_on": today,
        },
    )


@access.signed_in(*EXPORT_ROLES)
def export(request):
    form = ExportPeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        return HttpResponseBadRequest("; ".join(messages), content_type="text/plain; charset=utf-8")
    from_on, to_on = form.cleaned_data["from_on"], form.cleaned_data["to_on"]
    entries = audit_queries.entries_between(user=request.user, from_on=from_on, to_on=to_on)
    return _csv(f"carewatch-audit-{from_on}-to-{to_on}.csv", audit_queries.csv_rows(entries.iterator()))


class _Echo:
    def write(self, value):
        return value


def _csv(filename: str, rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(tables.safe_row(row)) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
