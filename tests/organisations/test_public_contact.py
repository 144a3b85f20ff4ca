"""A council's administrator gives the public the phone number and email of its adult social care team,
which the feedback thank-you page shows; the change is audited and nobody else makes it."""

import pytest
from django.core.exceptions import PermissionDenied

from carewatch.core.models import AuditEntry, Organisation
from carewatch.organisations import services
from tests import access_helpers as ah
from tests.organisations.conftest import NOW
from tests.pages import page, text

URL = "/organisation/public-contact/"


def contact(organisation) -> tuple[str, str]:
    row = Organisation.objects.get(pk=organisation.pk)
    return row.public_phone, row.public_email


def test_the_councils_administrator_sets_the_contact_details_and_the_change_is_audited(world):
    services.set_public_contact(
        actor=world.oldham_admin, now=NOW, organisation=world.oldham, phone="0161 770 7777", email=""
    )
    services.set_public_contact(  # the same again: nothing changes, nothing is audited
        actor=world.oldham_admin, now=NOW, organisation=world.oldham, phone="0161 770 7777", email=""
    )
    assert contact(world.oldham) == ("0161 770 7777", "")
    entry = AuditEntry.objects.get(action="organisation.public_contact_changed")
    assert entry.before == {"public_phone": "", "public_email": ""}
    assert entry.after == {"public_phone": "0161 770 7777", "public_email": ""}
    assert (entry.actor, entry.organisation) == (world.oldham_admin, world.oldham)


def test_nobody_else_sets_a_councils_contact_details(world):
    manager = ah.person(world.oldham, "qa_manager", username="oldham-manager")
    for actor in (world.rochdale_admin, manager, world.system_admin):
        with pytest.raises(PermissionDenied):
            services.set_public_contact(
                actor=actor, now=NOW, organisation=world.oldham, phone="0161 000 0000", email=""
            )
    assert contact(world.oldham) == ("", "")


def test_the_page_saves_the_details_and_the_people_page_shows_them(world, client):
    admin = ah.sign_in(client, world.oldham_admin)
    assert "GOV.UK's council finder" in text(page(admin.get("/organisation/people/")))
    soup = page(admin.get(URL))
    assert soup.h1.text.strip() == "Contact details for the public"
    response = admin.post(URL, {"public_phone": "0161 770 7777", "public_email": "adultcare@oldham.gov.uk"})
    assert response.status_code == 302
    assert contact(world.oldham) == ("0161 770 7777", "adultcare@oldham.gov.uk")
    words = text(page(admin.get(response.url)))
    assert "The contact details for the public have been saved" in words
    assert "0161 770 7777 or adultcare@oldham.gov.uk" in words


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"public_phone": "call us", "public_email": ""}, "id_public_phone", "Enter a phone number"),
        ({"public_phone": "", "public_email": "not-an-email"}, "id_public_email", "Enter an email address"),
    ],
)
def test_the_page_says_what_is_wrong_beside_the_field(world, client, data, field, message):
    admin = ah.sign_in(client, world.oldham_admin)
    soup = page(admin.post(URL, data))
    assert soup.title.text.startswith("Error: ")
    assert soup.select_one(".govuk-error-summary").find("a", href=f"#{field}").text.startswith(message)
    assert contact(world.oldham) == ("", "")


def test_the_page_is_refused_to_anyone_but_a_councils_administrator(world, client):
    manager = ah.person(world.oldham, "qa_manager", username="m")
    response = ah.sign_in(client, manager).post(URL, {"public_phone": "0161 000 0000"})
    assert response.status_code == 403
    assert contact(world.oldham) == ("", "")
