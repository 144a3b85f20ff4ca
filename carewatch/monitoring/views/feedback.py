"""Lived-experience pages: thin views that parse, make one domain call, render or redirect.

- The public form is in ``carewatch.public.views.feedback``.
- Council QA officers and managers (of the council that owns the link or the feedback): the council's
  feedback links (``link_*``), the moderation queue (``moderation_queue``, ``feedback_moderate``) and
  feedback written down on a visit (``feedback_record``). Another council's link or feedback is a 404.

Not built: rate limiting of the public form (see docs/monitoring.md, "Lived experience pages").
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from carewatch.core import http
from carewatch.monitoring import errors, presenters, queries, services
from carewatch.monitoring.forms import feedback as forms
from carewatch.monitoring.models import FEEDBACK_CATEGORIES, FeedbackLink
from carewatch.monitoring.views.edge import OFFICERS, visit_for


def _put_error(form, error: errors.MonitoringError) -> None:
    """The service's refusal on the form; "scores" (nothing answered at all) beside the first question."""
    http.put_error(form, error, field=forms.CATEGORY_NAMES[0] if error.field == "scores" else None)


# --- reads for these pages ---------------------------------------------------------------------------


def _link(request, link_id) -> FeedbackLink:
    """One of the person's own council's working links (another council's is not found)."""
    return get_object_or_404(queries.open_feedback_links(request.user.organisation), pk=link_id)


def _pending(request, feedback_id):
    """Feedback waiting for the person's own council's moderation (anything else is not found)."""
    if request.user.organisation_id is None:
        raise Http404("No such feedback")
    return get_object_or_404(queries.moderation_queue(request.user.organisation), pk=feedback_id)


def _scores(feedback) -> list[tuple[str, int | None, str]]:
    """(question, score, label) for each category of one response, for its moderator. The label is neutral
    ("4 out of 5"): the standard form asks how far people agree, the easy-read form uses a face scale."""
    return [
        (question, score, "Not answered" if score is None else f"{score} out of 5")
        for name, question in FEEDBACK_CATEGORIES
        for score in [getattr(feedback, name)]
    ]


# --- council QA officers and managers -----------------------------------------------------------


@OFFICERS
def link_list(request):
    """The council's feedback links by service, with a form to make one for any service in its area."""
    organisation = request.user.organisation
    locations = {location.pk: location for location in queries.locations_to_visit(organisation)}
    form = forms.LinkForm(http.posted(request), locations=locations.values())
    if request.method == "POST" and form.is_valid():
        location = locations[form.cleaned_data["location"]]
        try:
            services.create_feedback_link(
                organisation=organisation, actor=request.user, location=location, now=http.now()
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            messages.success(request, f"{location.name} has a feedback link")
            return redirect("monitoring:link_list")
    links = list(queries.open_feedback_links(organisation)) if organisation is not None else []
    return render(
        request,
        "monitoring/feedback/link_list.html",
        {
            "page_title": "Lived experience",
            "form": form,
            "links": [
                (
                    link,
                    request.build_absolute_uri(
                        reverse("public:feedback_give", kwargs={"feedback_token": link.token})
                    ),
                )
                for link in links
            ],
            "waiting": queries.moderation_queue(organisation).count() if organisation is not None else 0,
        },
    )


@OFFICERS
def link_revoke(request, link_id):
    link = _link(request, link_id)
    if request.method == "POST":
        services.revoke_feedback_link(link=link, actor=request.user, now=http.now())
        messages.success(request, f"The feedback link for {link.location.name} no longer works")
        return redirect("monitoring:link_list")
    return render(
        request,
        "monitoring/feedback/link_revoke.html",
        {"page_title": "Stop this feedback link", "link": link},
    )


@OFFICERS
def moderation_queue(request):
    organisation = request.user.organisation
    pending = list(queries.moderation_queue(organisation)) if organisation is not None else []
    return render(
        request,
        "monitoring/feedback/moderation_queue.html",
        {
            "page_title": "Feedback to moderate",
            "items": [
                (feedback, _scores(feedback), forms.ModerationForm(prefix=f"feedback-{feedback.pk}"))
                for feedback in pending
            ],
        },
    )


@OFFICERS
def feedback_moderate(request, feedback_id):
    """Approve or reject one response (posted from the queue; shown on its own when there is a problem)."""
    feedback = _pending(request, feedback_id)
    form = forms.ModerationForm(http.posted(request), prefix=f"feedback-{feedback.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate_feedback(
                feedback=feedback,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                now=http.now(),
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            verb = "approved" if form.cleaned_data["decision"] == "approved" else "rejected"
            messages.success(request, f"Feedback about {feedback.location.name} {verb}")
            return redirect("monitoring:moderation_queue")
    return render(
        request,
        "monitoring/feedback/moderate.html",
        {"page_title": "Moderate feedback", "feedback": feedback, "scores": _scores(feedback), "form": form},
    )


@OFFICERS
def feedback_record(request, visit_id):
    """An officer writes down feedback collected on a visit; it waits for moderation like any other."""
    visit = visit_for(request, visit_id)
    form = forms.RecordedFeedbackForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_feedback(visit=visit, actor=request.user, now=http.now(), **form.submission())
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            messages.success(request, "Feedback recorded. It will count once it has been moderated.")
            return redirect("monitoring:feedback_record", visit_id=visit.pk)
    return render(
        request,
        "monitoring/feedback/record.html",
        {
            "page_title": "Record feedback from the visit",
            "visit": visit,
            "title": presenters.visit_title(visit),
            "form": form,
        },
    )
