"""The public feedback form: anyone with a location's link, no sign-in; plain English or easy read
(``?version=easy-read``). It never shows anyone else's feedback. A revoked or unknown link is a 404 page
saying the link no longer works.

Responses are limited per client address (``CAREWATCH_FEEDBACK_RATE``, docs/security.md "Limits on
input"): beyond the limit nothing is kept and a page (429) says how long to wait; the form is not
offered again until then.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.core import access, http, rate_limits
from carewatch.monitoring import errors, queries, services
from carewatch.monitoring.forms import feedback as forms

EASY_READ = "easy-read"
# GOV.UK's finder gives every council's phone number, email and website from a postcode.
FIND_COUNCIL_URL = "https://www.gov.uk/find-local-council"


def _put_error(form, error: errors.MonitoringError) -> None:
    """The service's refusal on the form; "scores" (nothing answered at all) beside the first question."""
    http.put_error(form, error, field=forms.CATEGORY_NAMES[0] if error.field == "scores" else None)


def _link_not_working(request):
    response = render(
        request, "public/feedback/link_not_working.html", {"page_title": "This link does not work"}
    )
    response.status_code = 404
    return response


def _easy_read(request) -> bool:
    return request.GET.get("version") == EASY_READ


def _too_much_feedback(request, wait: int):
    easy_read = _easy_read(request)
    response = render(
        request,
        "public/feedback/too_many.html",
        {
            "page_title": "Please wait before you send more answers"
            if easy_read
            else "You have sent a lot of feedback",
            "easy_read": easy_read,
            "minutes": rate_limits.minutes(wait),
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def _feedback_limit(request, *, count: bool):
    """Seconds to wait when this client has sent its allowance of feedback (counting this one if ``count``)."""
    check = rate_limits.count if count else rate_limits.over_limit
    return check(
        bucket="public_feedback",
        who=rate_limits.client_address(request),
        rate=rate_limits.rate_from("CAREWATCH_FEEDBACK_RATE"),
        now=http.now(),
    )


@access.public
def feedback_give(request, feedback_token):
    """The public feedback form. It never shows other people's feedback."""
    link = queries.open_feedback_link(feedback_token)
    if link is None:
        return _link_not_working(request)
    easy_read = _easy_read(request)
    form = forms.PublicFeedbackForm(http.posted(request), easy_read=easy_read)
    if request.method != "POST" and (wait := _feedback_limit(request, count=False)):
        return _too_much_feedback(request, wait)
    if request.method == "POST" and form.is_valid():
        if wait := _feedback_limit(request, count=True):
            return _too_much_feedback(request, wait)
        try:
            services.submit_feedback(
                token=feedback_token, easy_read=easy_read, now=http.now(), **form.submission()
            )
        except errors.NotPermitted:
            return _link_not_working(request)  # revoked while they were filling it in: nothing was kept
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            thanks = reverse("public:feedback_given", kwargs={"feedback_token": feedback_token})
            return redirect(f"{thanks}?version={EASY_READ}" if easy_read else thanks)
    here = reverse("public:feedback_give", kwargs={"feedback_token": feedback_token})
    return render(
        request,
        "public/feedback/give_easy_read.html" if easy_read else "public/feedback/give.html",
        {
            "page_title": (
                f"Tell us what you think about {link.location.name}"
                if easy_read
                else f"Give feedback about {link.location.name}"
            ),
            "location": link.location,
            "form": form,
            "action": f"{here}?version={EASY_READ}" if easy_read else here,
            "other_version": here if easy_read else f"{here}?version={EASY_READ}",
        },
    )


@access.public
def feedback_given(request, feedback_token):
    link = queries.open_feedback_link(feedback_token)
    if link is None:
        return _link_not_working(request)
    return render(
        request,
        "public/feedback/given.html",
        {
            "page_title": "Thank you" if _easy_read(request) else "Thank you for your feedback",
            "location": link.location,
            "council": link.organisation,
            "find_council_url": FIND_COUNCIL_URL,
            "easy_read": _easy_read(request),
        },
    )
