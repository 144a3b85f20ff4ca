"""Improvement offers' staff pages (docs/recognition.md, "Improvement offers"): the council's catalogue,
offers matching a service's findings, booking a place (intensive support schedules its visits) and
recording attendance. The council's QA officers and managers only. Thin: parse, one domain call, render or
redirect."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.cases.ladder import VisitFrequency
from carewatch.core import access, http
from carewatch.core.govuk_forms import DateField
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import offers_queries, offers_services, peer_queries, peer_ranking
from carewatch.recognition.errors import InvalidInput, RecognitionError
from carewatch.recognition.peer_models import ImprovementOffer, OfferBooking, OfferKind

OFFICERS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, organisation_kinds=[OrganisationKind.COUNCIL])
THEMES = list(peer_ranking.THEME_NAMES.items())


class OfferForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=offers_services.TITLE_LIMIT,
        error_messages={"required": "Enter the title of the offer", "max_length": "The title is too long"},
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=THEMES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the theme the offer helps with"},
    )
    kind = forms.ChoiceField(
        label="Kind of offer",
        choices=OfferKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of offer"},
    )
    places = forms.IntegerField(
        label="Places",
        min_value=1,
        error_messages={
            "required": "Enter the number of places",
            "invalid": "The number of places must be a whole number",
            "min_value": "The number of places must be 1 or more",
        },
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BookForm(forms.Form):
    location = forms.CharField(
        label="CQC location ID of the service",
        max_length=20,
        error_messages={"required": "Enter the CQC location ID of the service"},
    )
    first_visit_on = DateField(what="the date of the first visit", label="First visit", required=False)
    visits = forms.IntegerField(
        label="Number of visits",
        required=False,
        error_messages={"invalid": "The number of visits must be a whole number"},
    )
    frequency = forms.ChoiceField(
        label="How often", choices=VisitFrequency.choices, widget=forms.RadioSelect, required=False
    )


class AttendanceForm(forms.Form):
    attended = forms.ChoiceField(
        label="Did the service take up its place?",
        choices=[("yes", "Yes, it attended"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the service attended"},
    )


def _put(form: forms.Form, error: RecognitionError) -> None:
    problems: list[tuple[str | None, str]] = [(error.field, error.message)]
    if isinstance(error, InvalidInput):
        problems = list(error.problems)
    for field, message in problems:
        form.add_error(field if field in form.fields else None, message)


def _offer(request, offer_id: int) -> ImprovementOffer:
    try:
        return offers_queries.offer_for(request.user, offer_id)
    except ImprovementOffer.DoesNotExist:
        raise Http404("There is no offer with that number that you can see.") from None


@OFFICERS
def offer_list(request):
    council = request.user.organisation
    wanted = request.GET.get("location", "").strip()
    location = peer_queries.location_in_area(council, wanted)
    return render(
        request,
        "recognition/offers_list.html",
        {
            "page_title": "Improvement offers",
            "offers": offers_queries.catalogue(request.user),
            "location": location,
            "wanted": wanted,
            "suggested": (
                offers_queries.suggested_for(council, location, today=http.now().date()) if location else []
            ),
            "themes": peer_ranking.THEME_NAMES,
        },
    )


@OFFICERS
def offer_add(request):
    form = OfferForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = offers_services.add_offer(
                actor=request.user,
                title=data["title"],
                theme=data["theme"],
                kind=data["kind"],
                places=data["places"],
                description=data["description"],
                now=http.now(),
            )
        except RecognitionError as error:
            _put(form, error)
        else:
            messages.success(request, f"{offer.title} added to the catalogue")
            return redirect("recognition:offer_detail", offer_id=offer.pk)
    return render(
        request,
        "recognition/offers_add.html",
        {"page_title": "Add an improvement offer", "form": form, "back": reverse("recognition:offer_list")},
    )


@OFFICERS
def offer_detail(request, offer_id: int):
    offer = _offer(request, offer_id)
    return render(
        request,
        "recognition/offers_detail.html",
        {
            "page_title": offer.title,
            "offer": offer,
            "theme": peer_ranking.THEME_NAMES.get(offer.theme, offer.theme),
            "bookings": offers_queries.bookings_of(offer),
            "places_left": max(0, offer.places - offer.taken),  # type: ignore[attr-defined]
            "back": reverse("recognition:offer_list"),
        },
    )


@OFFICERS
def offer_book(request, offer_id: int):
    offer = _offer(request, offer_id)
    form = BookForm(http.posted(request), initial={"location": request.GET.get("location", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        location = peer_queries.location_or_none(data["location"])
        if location is None:
            form.add_error("location", "There is no service with that CQC location ID")
        else:
            try:
                offers_services.book_place(
                    actor=request.user,
                    offer=offer,
                    location=location,
                    first_visit_on=data["first_visit_on"],
                    visits=data["visits"],
                    frequency=data["frequency"] or "",
                    now=http.now(),
                )
            except RecognitionError as error:
                _put(form, error)
            else:
                messages.success(request, f"Place booked for {location.name}")
                return redirect("recognition:offer_detail", offer_id=offer.pk)
    return render(
        request,
        "recognition/offers_book.html",
        {
            "page_title": f"Book a place on {offer.title}",
            "offer": offer,
            "intensive": offer.kind == OfferKind.INTENSIVE,
            "form": form,
            "back": reverse("recognition:offer_detail", kwargs={"offer_id": offer.pk}),
        },
    )


@OFFICERS
def offer_attendance(request, booking_id: int):
    try:
        booking = offers_queries.booking_for(request.user, booking_id)
    except OfferBooking.DoesNotExist:
        raise Http404("There is no booking with that number that you can see.") from None
    form = AttendanceForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            offers_services.record_attendance(
                actor=request.user,
                booking=booking,
                attended=form.cleaned_data["attended"] == "yes",
                now=http.now(),
            )
        except RecognitionError as error:
            _put(form, error)
        else:
            messages.success(request, "Attendance recorded")
            return redirect("recognition:offer_detail", offer_id=booking.offer_id)
    return render(
        request,
        "recognition/offers_attendance.html",
        {
            "page_title": f"Attendance of {booking.location.name}",
            "booking": booking,
            "form": form,
            "back": reverse("recognition:offer_detail", kwargs={"offer_id": booking.offer_id}),
        },
    )
