"""Organisation administrators manage their own people; system administrators manage organisations.

Thin: parse the form, make one domain call, render or redirect. Service errors become form errors.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.core import access, audit_queries, http
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.organisations import presenters, queries, services
from carewatch.organisations.forms import (
    FourEyesForm,
    OrganisationForm,
    PartnersForm,
    PersonForm,
    PublicContactForm,
    RolesForm,
)

# --- an organisation's people (organisation administrators) -----------------------------------


@access.signed_in(Role.ORG_ADMIN)
def person_list(request):
    organisation = request.user.organisation
    if organisation is None:  # a system administrator belongs to no organisation
        return redirect("organisations:organisation_list")
    people = list(queries.people_of(organisation))
    timelines = audit_queries.timelines_for("user", [p.pk for p in people], visible_to=request.user)
    return render(
        request,
        "organisations/person_list.html",
        {
            "page_title": f"People in {organisation.name}",
            "organisation": organisation,
            "rows": presenters.person_rows(people, timelines),
        },
    )


@access.signed_in(Role.ORG_ADMIN)
def person_add(request):
    organisation = request.user.organisation
    if organisation is None:
        return redirect("organisations:organisation_list")
    form = PersonForm(http.posted(request), organisation_kind=organisation.kind)
    if request.method == "POST" and form.is_valid():
        person = _add_person(request, form, organisation=organisation, roles=form.cleaned_data["roles"])
        if person is not None:
            return redirect("organisations:person_list")
    return render(
        request,
        "organisations/person_add.html",
        {
            "page_title": "Add a person",
            "organisation": organisation,
            "form": form,
            "back": reverse("organisations:person_list"),
        },
    )


@access.signed_in(Role.ORG_ADMIN)
def person_roles_change(request, user_id: int):
    person = _person_or_404(request, user_id)
    if person.pk == request.user.pk:  # nobody changes their own roles (the service refuses too)
        return render(
            request,
            "organisations/person_roles_own.html",
            {"page_title": "Change your roles", "person": person, "back": _people_page(request, person)},
        )
    kind = person.organisation.kind if person.organisation else ""
    form = RolesForm(
        http.posted(request), initial={"roles": queries.roles_of(person)}, organisation_kind=kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_roles(
                actor=request.user, now=http.now(), person=person, roles=form.cleaned_data["roles"]
            )
        except services.OrganisationError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"{_name(person)}’s roles have been changed")
            return redirect(_people_page(request, person))
    return render(
        request,
        "organisations/person_roles.html",
        {
            "page_title": f"Change {_name(person)}’s roles",
            "person": person,
            "form": form,
            "back": _people_page(request, person),
        },
    )


@access.signed_in(Role.ORG_ADMIN, organisation_kinds=[OrganisationKind.COUNCIL])
def public_contact_change(request):
    """A council's administrator gives the public its phone number and email (docs/public.md)."""
    organisation = request.user.organisation
    if organisation is None:  # a system administrator: each council's own administrator gives these
        return redirect("organisations:organisation_list")
    form = PublicContactForm(
        http.posted(request),
        initial={"public_phone": organisation.public_phone, "public_email": organisation.public_email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_public_contact(
                actor=request.user,
                now=http.now(),
                organisation=organisation,
                phone=form.cleaned_data["public_phone"],
                email=form.cleaned_data["public_email"],
            )
        except services.OrganisationError as error:
            http.put_error(form, error)
        else:
            messages.success(request, "The contact details for the public have been saved")
            return redirect("organisations:person_list")
    return render(
        request,
        "organisations/public_contact.html",
        {
            "page_title": "Contact details for the public",
            "organisation": organisation,
            "form": form,
            "back": reverse("organisations:person_list"),
        },
    )


@access.signed_in(Role.ORG_ADMIN, organisation_kinds=[OrganisationKind.COUNCIL])
def four_eyes_change(request):
    """A council's administrator switches four-eyes on or off (docs/access.md, "Four-eyes")."""
    organisation = request.user.organisation
    if organisation is None:  # a system administrator: each council's own administrator decides this
        return redirect("organisations:organisation_list")
    form = FourEyesForm(
        http.posted(request), initial={"four_eyes": "yes" if organisation.four_eyes else "no"}
    )
    if request.method == "POST" and form.is_valid():
        required = form.cleaned_data["four_eyes"] == "yes"
        try:
            services.set_four_eyes(
                actor=request.user, now=http.now(), organisation=organisation, required=required
            )
        except services.OrganisationError as error:
            http.put_error(form, error)
        else:
            messages.success(
                request,
                "Four-eyes is on: a second person makes every decision someone proposed"
                if required
                else "Four-eyes is off: people may decide what they proposed, and the audit trail records each time",
            )
            return redirect("organisations:person_list")
    return render(
        request,
        "organisations/four_eyes.html",
        {
            "page_title": "Four-eyes decisions",
            "organisation": organisation,
            "form": form,
            "timeline": audit_queries.timeline_for("organisation", organisation.pk, visible_to=request.user),
            "back": reverse("organisations:person_list"),
        },
    )


@access.signed_in(Role.ORG_ADMIN)
def person_deactivate(request, user_id: int):
    return _confirm_active(request, user_id, active=False)


@access.signed_in(Role.ORG_ADMIN)
def person_reactivate(request, user_id: int):
    return _confirm_active(request, user_id, active=True)


@access.signed_in(Role.ORG_ADMIN)
def person_second_factor_reset(request, user_id: int):
    person = _person_or_404(request, user_id)
    error = None
    if request.method == "POST":
        try:
            services.reset_second_factor(actor=request.user, now=http.now(), person=person)
        except services.OrganisationError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                f"{_name(person)}'s second factor has been reset: they set up a new one when they next sign in",
            )
            return redirect(_people_page(request, person))
    return render(
        request,
        "organisations/person_second_factor_reset.html",
        {
            "page_title": f"Reset {_name(person)}'s second factor",
            "person": person,
            "error": error,
            "back": _people_page(request, person),
        },
    )


def _confirm_active(request, user_id: int, *, active: bool):
    person = _person_or_404(request, user_id)
    if person.is_active == active and request.method == "GET":
        return redirect(_people_page(request, person))  # nothing to do
    error = None
    if request.method == "POST":
        service = services.reactivate_person if active else services.deactivate_person
        try:
            service(actor=request.user, now=http.now(), person=person)
        except services.OrganisationError as refused:
            error = refused.message
        else:
            done = "reactivated" if active else "deactivated"
            messages.success(request, f"{_name(person)} has been {done}")
            return redirect(_people_page(request, person))
    verb = "Reactivate" if active else "Deactivate"
    return render(
        request,
        "organisations/person_confirm.html",
        {
            "page_title": f"{verb} {_name(person)}",
            "person": person,
            "active": active,
            "verb": verb,
            "error": error,
            "back": _people_page(request, person),
        },
    )


# --- organisations (system administrators) ----------------------------------------------------


@access.system_admin
def organisation_list(request):
    return render(
        request,
        "organisations/organisation_list.html",
        {"page_title": "Organisations", "rows": presenters.organisation_rows(queries.all_organisations())},
    )


@access.system_admin
def organisation_add(request):
    form = OrganisationForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(
                actor=request.user, now=http.now(), **form.cleaned_data
            )
        except services.OrganisationError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"{organisation.name} has been added")
            return redirect("organisations:organisation_detail", organisation_id=organisation.pk)
    return render(
        request,
        "organisations/organisation_add.html",
        {
            "page_title": "Add an organisation",
            "form": form,
            "back": reverse("organisations:organisation_list"),
        },
    )


@access.system_admin
def organisation_detail(request, organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    people = list(queries.people_of(organisation))
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "page_title": organisation.name,
            "organisation": organisation,
            "kind": presenters.kind_label(organisation),
            "linked_to": presenters.linked_to(organisation),
            "shared_with": presenters.shared_with(organisation),
            "rows": presenters.person_rows(people, {}),
            "timeline": audit_queries.timeline_for("organisation", organisation.pk, visible_to=request.user),
        },
    )


@access.system_admin
def organisation_partners_change(request, organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    if organisation.kind != "council":
        raise Http404("Only a council shares its intelligence with partners")
    form = PartnersForm(
        http.posted(request),
        initial={"partners": [p.pk for p in organisation.partners.all()]},
        choices=queries.partner_choices(organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_partners(
                actor=request.user,
                now=http.now(),
                organisation=organisation,
                partner_ids=form.cleaned_data["partners"],
            )
        except services.OrganisationError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"{organisation.name}’s sharing has been changed")
            return redirect("organisations:organisation_detail", organisation_id=organisation.pk)
    return render(
        request,
        "organisations/organisation_partners.html",
        {
            "page_title": f"Who {organisation.name} shares with",
            "organisation": organisation,
            "form": form,
            "back": reverse("organisations:organisation_detail", kwargs={"organisation_id": organisation.pk}),
        },
    )


@access.system_admin
def organisation_admin_add(request, organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    form = PersonForm(http.posted(request), organisation_kind=organisation.kind, with_roles=False)
    back = reverse("organisations:organisation_detail", kwargs={"organisation_id": organisation.pk})
    if request.method == "POST" and form.is_valid():
        person = _add_person(request, form, organisation=organisation, roles=[Role.ORG_ADMIN])
        if person is not None:
            return redirect(back)
    return render(
        request,
        "organisations/organisation_admin_add.html",
        {
            "page_title": f"Add an administrator to {organisation.name}",
            "organisation": organisation,
            "form": form,
            "back": back,
        },
    )


# --- helpers -----------------------------------------------------------------------------------


def _add_person(request, form, *, organisation: Organisation, roles) -> User | None:
    data = form.cleaned_data
    try:
        person = services.add_person(
            actor=request.user,
            now=http.now(),
            organisation=organisation,
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            roles=roles,
            site_domain=request.get_host(),
            use_https=request.is_secure(),
        )
    except services.OrganisationError as error:
        http.put_error(form, error)
        return None
    messages.success(
        request, f"{_name(person)} has been added. We have emailed them a link to set their password."
    )
    return person


def _person_or_404(request, user_id: int) -> User:
    try:
        return queries.person_for(request.user, user_id)
    except User.DoesNotExist:
        raise Http404("No such person in your organisation") from None


def _organisation_or_404(organisation_id: int) -> Organisation:
    try:
        return queries.organisation(organisation_id)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation") from None


def _people_page(request, person: User) -> str:
    if request.user.organisation_id == person.organisation_id:
        return reverse("organisations:person_list")
    return reverse("organisations:organisation_detail", kwargs={"organisation_id": person.organisation_id})


def _name(person: User) -> str:
    return person.get_full_name() or person.username
