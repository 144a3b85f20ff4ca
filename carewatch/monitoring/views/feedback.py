"""Lived-experience pages: thin views that parse, make one domain call, render or redirect.

- The public form is in ``carewatch.public.views.feedback``.
- Council QA officers and managers (of the council that owns the link or the feedback): the council's
  feedback links (``link_*``), the moderation queue (``moderation_queue``: filters, pages, bulk decisions;
  ``feedback_moderate``: one response) and feedback written down on a visit (``feedback_record``).
  Another council's link or feedback is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from carewatch.core import http, pagination, qr
from carewatch.monitoring import errors, presenters, queries, services
from carewatch.monitoring.forms import feedback as forms
from carewatch.monitoring.models import FEEDBACK_CATEGORIES, FeedbackLink, ModerationState
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
            "links": [(link, _public_address(request, link)) for link in links],
            "waiting": queries.moderation_queue(organisation).count() if organisation is not None else 0,
        },
    )


def _public_address(request, link: FeedbackLink) -> str:
    """The link's full public address, as people type it or their phone opens it from the QR code."""
    return request.build_absolute_uri(reverse("public:feedback_give", kwargs={"feedback_token": link.token}))


@OFFICERS
def link_poster(request, link_id):
    """A poster for one link, to print: the service, the QR code, the address, how the feedback is used."""
    link = _link(request, link_id)
    return render(
        request,
        "monitoring/feedback/link_poster.html",
        {
            "page_title": f"Poster for {link.location.name}",
            "link": link,
            "address": _public_address(request, link),
            "council": request.user.organisation,
        },
    )


@OFFICERS
def link_qr_code(request, link_id):
    """The link's QR code as an SVG image, drawn here (for the poster, or to download for a leaflet)."""
    link = _link(request, link_id)
    response = HttpResponse(qr.svg(_public_address(request, link)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="feedback-{slugify(link.location.name)}.svg"'
    response["Cache-Control"] = "private, no-store"
    return response


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


PAGE_SIZE = 25  # responses on a page of the moderation queue


def _answered(feedback) -> list[tuple[str, int]]:
    """(question, score) for each category the response answered, for a card in the queue."""
    return [(question, score) for question, score, _ in _scores(feedback) if score is not None]


def _tell_outcome(request, outcome: services.BulkModeration) -> None:
    """A success message for what was decided, and an "Important" one per reason for what was refused."""
    verb = "approved" if outcome.decision == ModerationState.APPROVED else "rejected"
    if outcome.decided:
        count = len(outcome.decided)
        messages.success(request, f"{count} response{'' if count == 1 else 's'} {verb}")
    by_reason: dict[str, list[int]] = {}
    for refusal in outcome.refused:
        by_reason.setdefault(refusal.reason, []).append(refusal.feedback.pk)
    for reason, ids in by_reason.items():
        names = ", ".join(str(pk) for pk in ids[:-1]) + (" and " if len(ids) > 1 else "") + str(ids[-1])
        messages.warning(request, f"Feedback {names} not {verb}. {reason.rstrip('.')}.")


@OFFICERS
def moderation_queue(request):
    """The council's feedback, filtered (status, service, days received), sorted, 25 to a page, with one
    decision for the responses ticked. Posting keeps the filters and page: it posts to the same address."""
    organisation = request.user.organisation
    filters = forms.ModerationFilterForm(request.GET, locations=queries.moderated_locations(organisation))
    bulk = forms.BulkModerationForm(http.posted(request))
    if request.method == "POST" and bulk.is_valid():
        try:
            outcome = services.moderate_feedback_in_bulk(
                organisation=organisation,
                actor=request.user,
                feedback_ids=bulk.cleaned_data["feedback"],
                decision=bulk.cleaned_data["decision"],
                reason=bulk.cleaned_data["reason"],
                now=http.now(),
            )
        except errors.MonitoringError as error:
            http.put_error(bulk, error)
        else:
            _tell_outcome(request, outcome)
            return redirect(request.get_full_path())
    page = None
    if filters.is_valid():
        listed = queries.moderation_list(organisation, **filters.filters())
        page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/feedback/moderation_queue.html",
        {
            "page_title": "Feedback to moderate",
            "filters": filters,
            "status": filters.filters()["status"],
            "form": bulk,
            "chosen": bulk.chosen(),
            "page": page,
            "page_numbers": pagination.page_numbers(page) if page is not None else [],
            "items": [
                (feedback, _answered(feedback), next(iter(feedback.moderations.all()), None))
                for feedback in (page.object_list if page is not None else [])
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
