"""Choosing between services: the questions to ask when you visit, the shortlist and the comparison.

The shortlist lives in the visitor's session (no account, no record: nothing to audit) and travels as a
link (``/shortlist/?id=…&id=…``). Adding and removing are POSTs with a CSRF token that redirect back, so
everything works without JavaScript. A shared link that names an unknown id says which, and shows the rest.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from carewatch.core import access
from carewatch.monitoring import queries as monitoring_queries
from carewatch.monitoring.queries import public as monitoring_public
from carewatch.public import badges, presenters
from carewatch.register import places, summaries

SESSION_KEY = "carewatch_shortlist"
MOST_ON_SHORTLIST = summaries.MOST_IDS  # 10
FEWEST_COMPARED, MOST_COMPARED = 2, 4


def shortlist_ids(request: HttpRequest) -> list[str]:
    """The ids on this visitor's shortlist, in the order they were added."""
    stored = request.session.get(SESSION_KEY, [])
    return [value for value in stored if isinstance(value, str)][:MOST_ON_SHORTLIST]


def share_link(request: HttpRequest, ids: list[str]) -> str:
    return request.build_absolute_uri(reverse("public:shortlist") + "?" + urlencode({"id": ids}, doseq=True))


@access.public
def questions_to_ask(request):
    return render(
        request,
        "public/questions_to_ask.html",
        {
            "page_title": "Questions to ask when you visit a care service",
            "sections": presenters.SECTIONS,
            "nursing_first": presenters.NURSING_FIRST,
        },
    )


@access.public
def shortlist(request):
    if request.method == "POST":
        return _change_shortlist(request)
    saved = shortlist_ids(request)
    shared = "id" in request.GET
    asked = presenters.read_ids(request.GET.getlist("id")) if shared else presenters.read_ids(saved)
    too_long = len(asked.ids) > MOST_ON_SHORTLIST
    ids = asked.ids[:MOST_ON_SHORTLIST]
    found = summaries.locations_with_history(ids)
    services = [found[location_id] for location_id in ids if location_id in found]
    unknown = [location_id for location_id in ids if location_id not in found] + asked.not_ids
    shown_ids = [service.pk for service in services]
    held = badges.badges_for(shown_ids, today=timezone.localdate())
    return render(
        request,
        "public/shortlist.html",
        {
            "page_title": "Shared shortlist" if shared else "Your shortlist",
            "shared": shared,
            "services": services,
            "entries": [
                (service, summaries.plain_summary(service)[0], held[service.pk]) for service in services
            ],
            "unknown": unknown,
            "too_long": too_long or asked.too_many,
            "most": MOST_ON_SHORTLIST,
            "most_compared": MOST_COMPARED,
            "saved": saved,
            "share_link": share_link(request, shown_ids) if shown_ids else "",
            "compare_query": urlencode({"id": shown_ids[:MOST_COMPARED]}, doseq=True),
            "can_compare": len(shown_ids) >= FEWEST_COMPARED,
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("public:shortlist")


def _change_shortlist(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    asked = presenters.read_ids([request.POST.get("id", "")])
    saved = shortlist_ids(request)
    if action == "save-shared":  # keep a shared list as this visitor's own
        shared = presenters.read_ids(request.POST.getlist("ids"))
        found = summaries.locations_with_history(shared.ids)
        kept = [location_id for location_id in shared.ids if location_id in found][:MOST_ON_SHORTLIST]
        request.session[SESSION_KEY] = kept
        messages.success(request, f"Your shortlist now has {len(kept)} service{pluralize(len(kept))}.")
        return redirect("public:shortlist")
    if action not in ("add", "remove") or not asked.ids:
        messages.info(request, "Choose a service to add to your shortlist or remove from it.")
        return _back(request)
    location_id = asked.ids[0]
    found = summaries.locations_with_history([location_id])
    if location_id not in found:
        messages.info(request, f"There is no service with CQC ID {location_id}. Nothing was changed.")
        return _back(request)
    name = found[location_id].name
    if action == "remove":
        request.session[SESSION_KEY] = [value for value in saved if value != location_id]
        messages.success(request, f"{name} is no longer on your shortlist.")
    elif location_id in saved:
        messages.success(request, f"{name} is already on your shortlist.")
    elif len(saved) >= MOST_ON_SHORTLIST:
        messages.info(
            request,
            f"Your shortlist is full. It can hold {MOST_ON_SHORTLIST} services. Remove one to add {name}.",
        )
    else:
        request.session[SESSION_KEY] = [*saved, location_id]
        messages.success(request, f"{name} is on your shortlist.")
    return _back(request)


@access.public
def compare(request):
    asked = presenters.read_ids(request.GET.getlist("id"))
    too_many = len(asked.ids) > MOST_COMPARED or asked.too_many
    # More than 4: every service the link names (up to the shortlist's 10) becomes a checkbox to pick from.
    found = summaries.locations_with_history(asked.ids)
    services = [found[location_id] for location_id in asked.ids if location_id in found]
    unknown = [location_id for location_id in asked.ids[: summaries.MOST_IDS] if location_id not in found]
    unknown += asked.not_ids
    errors: list[str] = []
    if too_many:
        errors.append(
            f"You can compare up to {MOST_COMPARED} services at a time. Choose {MOST_COMPARED} or fewer."
        )
    elif asked.ids and len(services) < FEWEST_COMPARED:
        errors.append(f"Choose at least {FEWEST_COMPARED} services to compare.")
    place_text = request.GET.get("from", "").strip()[:100]
    place, place_error = None, ""
    if place_text and services and not errors:
        try:
            place = places.resolve(place_text)
        except places.PlaceError as error:
            place_error = str(error)
    context = {
        "page_title": "Compare care services",
        "asked": asked,
        "unknown": unknown,
        "errors": errors,
        "most_compared": MOST_COMPARED,
        "place_text": place_text,
        "place": place,
        "place_error": place_error,
        "columns": [],
        "choices": services if too_many else [],
        "found": services,
        "shortlist": shortlist_ids(request),
    }
    if errors:
        context["page_title"] = f"Error: {context['page_title']}"
        return render(request, "public/compare.html", context, status=400)
    if not services:
        return render(request, "public/compare.html", context)
    ids = [service.pk for service in services]
    held = badges.badges_for(ids, today=timezone.localdate())
    local_qa = monitoring_public.published_ratings(ids)
    columns = [
        presenters.compared(
            service,
            local_qa=local_qa.get(service.pk),
            feedback=monitoring_queries.feedback_summary(service),
            badges=held[service.pk],
            place=place,
        )
        for service in services
    ]
    context.update(
        {
            "columns": columns,
            "key_question_rows": presenters.key_question_rows(columns),
            "here": request.get_full_path(),
        }
    )
    if place_error:
        context["page_title"] = f"Error: {context['page_title']}"
    return render(request, "public/compare.html", context)
