"""The discharge pages: a coordinator's referrals, a new referral, its matches, its timeline, delays and
cancelling; a provider manager's incoming placement requests with accept or decline."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from carewatch.core import access, http
from carewatch.core.roles import OrganisationKind, Role
from carewatch.discharge import errors, forms, presenters, queries, ranking, services
from carewatch.discharge.vocabulary import ReferralState, RequestState
from carewatch.register import places

COORDINATORS = access.signed_in(
    Role.DISCHARGE_COORDINATOR, organisation_kinds=(OrganisationKind.COUNCIL, OrganisationKind.ICB)
)
PROVIDER_MANAGERS = access.signed_in(Role.PROVIDER_MANAGER, organisation_kinds=(OrganisationKind.PROVIDER,))


def _referral(request, referral_id: int):
    return get_object_or_404(queries.referrals_for(request.user), pk=referral_id)


@COORDINATORS
def referral_list(request):
    return render(
        request,
        "discharge/referral_list.html",
        {"page_title": "Discharge referrals", "referrals": list(queries.referral_list(request.user))},
    )


@COORDINATORS
def referral_add(request):
    organisation = request.user.organisation
    if organisation is None:
        return redirect("staff:home")
    form = forms.ReferralForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.create_referral(
                organisation=organisation, actor=request.user, details=form.details(), now=http.now()
            )
        except errors.DischargeError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"Referral {referral.reference} made")
            return redirect("discharge:referral_matches", referral_id=referral.pk)
    return render(request, "discharge/referral_add.html", {"page_title": "Make a referral", "form": form})


@COORDINATORS
def referral_detail(request, referral_id):
    referral = _referral(request, referral_id)
    now = http.now()
    requests = queries.requests_of(referral)
    placement = queries.placement_of(referral)
    return render(
        request,
        "discharge/referral_detail.html",
        {
            "page_title": f"Referral {referral.reference}",
            "referral": referral,
            "needs": presenters.needs(referral),
            "requests": [(r, presenters.request_state(r, now=now)) for r in requests],
            "placement": placement,
            "steps": presenters.timeline(referral, requests, queries.delays_of(referral), placement, now=now),
            "is_open": referral.state in (ReferralState.OPEN, ReferralState.SENT),
        },
    )


@COORDINATORS
def referral_matches(request, referral_id):
    referral = _referral(request, referral_id)
    now = http.now()
    context = {"page_title": "Services that could take the person", "referral": referral}
    try:
        found = ranking.rank(referral=referral, user=request.user, now=now)
    except places.PlaceError as error:
        context["place_error"] = str(error)
        return render(request, "discharge/referral_matches.html", context)
    except ValueError as error:  # a weighting setting that does not add up: say so, never a 500
        context["place_error"] = f"carewatch cannot rank services: {error}. Ask your system administrator"
        return render(request, "discharge/referral_matches.html", context)
    already = {r.location_id for r in queries.requests_of(referral)}
    choices = [(m.location.pk, m.location.name) for m in found.matches if m.location.pk not in already]
    form = forms.SendForm(http.posted(request), choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.send_requests(
                referral=referral, actor=request.user, location_ids=form.cleaned_data["locations"], now=now
            )
        except errors.DischargeError as error:
            http.put_error(form, error, field="locations")
        else:
            messages.success(request, f"Referral sent to {len(sent)} service{'s' if len(sent) != 1 else ''}")
            return redirect("discharge:referral_detail", referral_id=referral.pk)
    context.update(
        {
            "found": found,
            "form": form,
            "already": already,
            "can_send": referral.state in (ReferralState.OPEN, ReferralState.SENT),
            "response_hours": services.response_hours(),
        }
    )
    return render(request, "discharge/referral_matches.html", context)


@COORDINATORS
def referral_delay(request, referral_id):
    referral = _referral(request, referral_id)
    form = forms.DelayForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_delay(
                referral=referral,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                now=http.now(),
            )
        except errors.DischargeError as error:
            http.put_error(form, error)
        else:
            messages.success(request, "Delay recorded")
            return redirect("discharge:referral_detail", referral_id=referral.pk)
    return render(
        request,
        "discharge/referral_form.html",
        {"page_title": "Record a delay", "referral": referral, "form": form, "button": "Record the delay"},
    )


@COORDINATORS
def referral_cancel(request, referral_id):
    referral = _referral(request, referral_id)
    form = forms.CancelForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_referral(
                referral=referral, actor=request.user, reason=form.cleaned_data["reason"], now=http.now()
            )
        except errors.DischargeError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"Referral {referral.reference} cancelled")
            return redirect("discharge:referral_detail", referral_id=referral.pk)
    return render(
        request,
        "discharge/referral_form.html",
        {
            "page_title": "Cancel the referral",
            "referral": referral,
            "form": form,
            "button": "Cancel the referral",
        },
    )


@PROVIDER_MANAGERS
def request_list(request):
    now = http.now()
    rows = [
        (r, presenters.request_state(r, now=now), presenters.needs(r.referral))
        for r in queries.incoming(request.user)[:200]
    ]
    return render(request, "discharge/request_list.html", {"page_title": "Placement requests", "rows": rows})


@PROVIDER_MANAGERS
def request_respond(request, placement_request_id):
    placement_request = get_object_or_404(queries.requests_for(request.user), pk=placement_request_id)
    now = http.now()
    form = forms.ResponseForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["answer"] == "accept":
                services.accept_request(request=placement_request, actor=request.user, now=now)
                messages.success(request, f"Placement confirmed at {placement_request.location.name}")
            else:
                services.decline_request(
                    request=placement_request, actor=request.user, reason=form.cleaned_data["reason"], now=now
                )
                messages.success(request, "Request declined")
        except errors.DischargeError as error:
            http.put_error(form, error)
        else:
            return redirect("discharge:request_list")
    referral = placement_request.referral
    return render(
        request,
        "discharge/request_respond.html",
        {
            "page_title": f"Placement request {referral.reference}",
            "placement_request": placement_request,
            "referral": referral,
            "needs": presenters.needs(referral),
            "state": presenters.request_state(placement_request, now=now),
            "due_by": presenters.when(placement_request.due_by),
            "is_open": placement_request.state == RequestState.WAITING and now <= placement_request.due_by,
            "form": form,
        },
    )
