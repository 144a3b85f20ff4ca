"""Peer support's staff pages (docs/recognition.md, "Peer support"): a provider's manager volunteers a
service; a council officer reads the suggestions for a provider of concern and pairs them; either side logs
sessions; the pairing page shows the mentee's ratings and findings since. Thin: parse, one domain call,
render or redirect."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.core import access, http
from carewatch.core.govuk_forms import DateField
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import peer_queries, peer_ranking, peer_services
from carewatch.recognition.errors import InvalidInput, RecognitionError
from carewatch.recognition.peer_models import PeerPairing
from carewatch.register.models import Location

READERS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, *access.PROVIDER_ROLES)
VOLUNTEERS = access.signed_in(Role.PROVIDER_MANAGER, organisation_kinds=[OrganisationKind.PROVIDER])
PAIRERS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, organisation_kinds=[OrganisationKind.COUNCIL])
SUBJECTS = [(slug, name) for slug, name in peer_ranking.THEME_NAMES.items()]


class VolunteerForm(forms.Form):
    location = forms.ChoiceField(
        label="Which service will give peer support?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the service", "invalid_choice": "Choose the service"},
    )
    subjects = forms.MultipleChoiceField(
        label="What can it help others with?",
        choices=SUBJECTS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Choose at least one subject you can support others with"},
    )

    def __init__(self, data, *, locations):
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["location"]).choices = [(loc.pk, loc.name) for loc in locations]


class PairForm(forms.Form):
    supporter = forms.ChoiceField(
        label="Peer supporter",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a peer supporter", "invalid_choice": "Choose a peer supporter"},
    )
    goals = forms.CharField(
        label="Goals of the peer support",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=peer_services.GOALS_LIMIT,
        error_messages={
            "required": "Enter the goals of the peer support",
            "max_length": "The goals must be 2000 characters or fewer",
        },
    )
    starts_on = DateField(what="the date the peer support starts", label="Starts", required=False)
    review_on = DateField(what="the review date", label="Review", required=False)
    add_to_case = forms.MultipleChoiceField(
        label="The ladder of intervention",
        choices=[("yes", "Add a “peer support” action to the open case, due on the review date")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, data, *, choices, initial_supporter: str = ""):
        super().__init__(data, initial={"supporter": initial_supporter} if initial_supporter else None)
        cast(forms.ChoiceField, self.fields["supporter"]).choices = choices


class SessionForm(forms.Form):
    held_on = DateField(what="the date of the session", label="Date of the session", required=False)
    note = forms.CharField(
        label="What the session covered",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=peer_services.NOTE_LIMIT,
        error_messages={
            "required": "Say what the session covered",
            "max_length": "The note must be 2000 characters or fewer",
        },
    )


def _put(form: forms.Form, error: RecognitionError) -> None:
    problems: list[tuple[str | None, str]] = [(error.field, error.message)]
    if isinstance(error, InvalidInput):
        problems = list(error.problems)
    for field, message in problems:
        form.add_error(field if field in form.fields else None, message)


@READERS
def peer_home(request):
    user = request.user
    organisation = user.organisation
    is_provider = organisation is not None and organisation.kind == OrganisationKind.PROVIDER
    return render(
        request,
        "recognition/peer_home.html",
        {
            "page_title": "Peer support",
            "pairings": peer_queries.pairing_list(user),
            "supporters": peer_queries.supporters_of(organisation) if is_provider else [],
            "is_provider": is_provider,
            "can_volunteer": is_provider and user.has_role(Role.PROVIDER_MANAGER),
            "concern": (
                peer_queries.locations_of_concern(organisation)
                if organisation is not None and organisation.kind == OrganisationKind.COUNCIL
                else []
            ),
            "themes": peer_ranking.THEME_NAMES,
        },
    )


@VOLUNTEERS
def peer_volunteer(request):
    locations = list(peer_queries.provider_locations(request.user.organisation))
    form = VolunteerForm(http.posted(request), locations=locations)
    if request.method == "POST" and form.is_valid():
        location = next(loc for loc in locations if loc.pk == form.cleaned_data["location"])
        try:
            peer_services.volunteer_supporter(
                actor=request.user, location=location, subjects=form.cleaned_data["subjects"], now=http.now()
            )
        except RecognitionError as error:
            _put(form, error)
        else:
            messages.success(request, f"{location.name} is now a peer supporter")
            return redirect("recognition:peer_home")
    return render(
        request,
        "recognition/peer_volunteer.html",
        {
            "page_title": "Volunteer as a peer supporter",
            "form": form,
            "back": reverse("recognition:peer_home"),
        },
    )


def _mentee_in_area(request, mentee_id: str) -> Location:
    location = peer_queries.location_in_area(request.user.organisation, mentee_id)
    if location is None:
        raise Http404("There is no service with that CQC location ID in your council's area.")
    return location


@PAIRERS
def peer_suggestions(request, mentee_id: str):
    mentee = _mentee_in_area(request, mentee_id)
    return render(
        request,
        "recognition/peer_suggestions.html",
        {
            "page_title": f"Peer supporters for {mentee.name}",
            "mentee": mentee,
            "suggested": peer_queries.suggestions(mentee, today=http.now().date()),
            "back": reverse("recognition:peer_home"),
        },
    )


@PAIRERS
def peer_pair(request, mentee_id: str):
    mentee = _mentee_in_area(request, mentee_id)
    today = http.now().date()
    suggested = peer_queries.suggestions(mentee, today=today, limit=50)
    case = peer_queries.open_case_of(request.user.organisation, mentee)
    choices = [
        (str(s.supporter.pk), f"{s.supporter.location.name}: {'; '.join(s.suggestion.reasons)}")
        for s in suggested
    ]
    form = PairForm(http.posted(request), choices=choices, initial_supporter=request.GET.get("supporter", ""))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        supporter = next(s.supporter for s in suggested if str(s.supporter.pk) == data["supporter"])
        try:
            pairing = peer_services.pair(
                actor=request.user,
                mentee=mentee,
                supporter=supporter,
                goals=data["goals"],
                starts_on=data["starts_on"],
                review_on=data["review_on"],
                case=case if data["add_to_case"] else None,
                now=http.now(),
            )
        except RecognitionError as error:
            _put(form, error)
        else:
            messages.success(request, f"{mentee.name} is paired with {supporter.location.name}")
            return redirect("recognition:peer_pairing", pairing_id=pairing.pk)
    return render(
        request,
        "recognition/peer_pair.html",
        {
            "page_title": f"Pair {mentee.name} with a peer supporter",
            "mentee": mentee,
            "case": case,
            "form": form,
            "back": reverse("recognition:peer_suggestions", kwargs={"mentee_id": mentee.pk}),
        },
    )


def _readable(request, pairing_id: int) -> PeerPairing:
    try:
        return peer_queries.pairing_for(request.user, pairing_id)
    except PeerPairing.DoesNotExist:
        raise Http404("There is no peer support pairing with that number that you can see.") from None


@READERS
def peer_pairing(request, pairing_id: int):
    pairing = _readable(request, pairing_id)
    return render(
        request,
        "recognition/peer_pairing.html",
        {
            "page_title": f"Peer support for {pairing.mentee.name}",
            "pairing": pairing,
            "sessions": peer_queries.sessions_of(pairing),
            "outcome": peer_queries.outcome(pairing),
            "can_log": peer_queries.may_log_session(request.user, pairing),
            "subjects": [peer_ranking.THEME_NAMES.get(s, s) for s in pairing.supporter.subjects],
            "back": reverse("recognition:peer_home"),
        },
    )


@READERS
def peer_session_add(request, pairing_id: int):
    pairing = _readable(request, pairing_id)
    if not peer_queries.may_log_session(request.user, pairing):
        raise access.forbidden("Only the two providers in the pairing and the council can log its sessions.")
    form = SessionForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            peer_services.log_session(
                actor=request.user,
                pairing=pairing,
                held_on=form.cleaned_data["held_on"],
                note=form.cleaned_data["note"],
                now=http.now(),
            )
        except RecognitionError as error:
            _put(form, error)
        else:
            messages.success(request, "Session logged")
            return redirect("recognition:peer_pairing", pairing_id=pairing.pk)
    return render(
        request,
        "recognition/peer_session_add.html",
        {
            "page_title": "Log a peer support session",
            "pairing": pairing,
            "form": form,
            "back": reverse("recognition:peer_pairing", kwargs={"pairing_id": pairing.pk}),
        },
    )
