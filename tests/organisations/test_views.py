"""What organisation administrators and system administrators see and do on their pages."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carewatch.core.models import AuditEntry, Organisation, User
from carewatch.organisations import services
from tests import access_helpers as ah
from tests.organisations.conftest import NOW
from tests.pages import page


def errors(soup) -> dict[str, str]:
    """The error summary as {link target: message}; the title says Error first."""
    assert soup.title.text.startswith("Error: ")
    summary = soup.select_one(".govuk-error-summary")
    return {a["href"]: a.text.strip() for a in summary.select("li a")}


@pytest.fixture
def admin_client(world, client):
    return ah.sign_in(client, world.oldham_admin)


def add_person(world, *, actor=None, organisation=None, username="jo.bloggs", roles=("qa_officer",)):
    return services.add_person(
        actor=actor or world.oldham_admin,
        now=NOW,
        organisation=organisation or world.oldham,
        username=username,
        first_name="Jo",
        last_name="Bloggs",
        email=f"{username}@example.org",
        roles=list(roles),
        site_domain="testserver",
        use_https=False,
    )


# --- an organisation administrator's people ---------------------------------------------------


def test_the_people_page_lists_the_organisations_people_with_their_roles_and_history(world, admin_client):
    person = add_person(world, roles=("qa_officer", "analyst"))
    services.change_roles(actor=world.oldham_admin, now=NOW, person=person, roles=["qa_manager"])
    ah.person(world.rochdale, "qa_officer", username="rochdale-officer")

    soup = page(admin_client.get("/organisation/people/"))

    assert soup.h1.text == "People in Oldham Council"
    usernames = [
        row.select_one("td .govuk-body-s").text.split(" · ")[0] for row in soup.select("#people tbody tr")
    ]
    assert usernames == ["jo.bloggs", "oldham-admin"]  # never Rochdale's
    row = soup.select_one(f"#person-{person.pk}")
    assert "QA manager" in row.text
    history = [item.p.text for item in row.select(".carewatch-timeline__item")]
    assert history == ["Roles changed", "Person added"]
    change = row.select_one(".carewatch-timeline__item .govuk-summary-list__row")
    assert change.dt.text == "Roles"
    assert change.dd.text.split() == ["Analyst,", "QA", "officer", "→", "QA", "manager"]


def test_the_people_page_takes_the_same_number_of_queries_for_many_people(world, admin_client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/organisation/people/").status_code == 200
        return len(captured)

    add_person(world, username="first")
    few = queries()
    for n in range(6):
        add_person(world, username=f"more-{n}", roles=("analyst", "commissioner"))
    assert queries() == few


def test_an_administrator_adds_a_person_through_the_form(
    world, admin_client, django_capture_on_commit_callbacks
):
    soup = page(admin_client.get("/organisation/people/add/"))
    offered = [label.text.strip() for label in soup.select(".govuk-checkboxes__label")]
    assert offered == [
        "QA officer",
        "QA manager",
        "Commissioner",
        "Analyst",
        "Discharge coordinator",
        "Organisation administrator",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/organisation/people/add/",
            {
                "first_name": "Sam",
                "last_name": "Patel",
                "email": "sam@example.org",
                "username": "sam.patel",
                "roles": ["commissioner"],
            },
            follow=True,
        )
    soup = page(response)
    assert soup.select_one(".govuk-notification-banner").text.count("Sam Patel has been added") == 1
    assert User.objects.get(username="sam.patel").role_names == {"commissioner"}
    assert len(mail.outbox) == 1


def test_the_add_form_names_each_field_at_fault(world, admin_client):
    soup = page(
        admin_client.post("/organisation/people/add/", {"username": "oldham-admin", "email": "not-an-email"})
    )
    assert errors(soup) == {
        "#id_first_name": "Enter their first name",
        "#id_last_name": "Enter their last name",
        "#id_email": "Enter an email address in the correct format, like name@example.org",
        "#id_roles_0": "Choose at least one role",
    }
    assert soup.select_one("#id_first_name").find_parent(class_="govuk-form-group--error")

    soup = page(
        admin_client.post(
            "/organisation/people/add/",
            {
                "first_name": "A",
                "last_name": "B",
                "email": "a@example.org",
                "username": "OLDHAM-admin",
                "roles": ["analyst"],
            },
        )
    )
    assert errors(soup) == {"#id_username": "That username is taken: choose another"}


def test_roles_can_be_changed_and_people_deactivated_and_reactivated(world, admin_client):
    person = add_person(world)
    soup = page(admin_client.get(f"/organisation/people/{person.pk}/roles/"))
    assert [i["value"] for i in soup.select("input[type=checkbox][checked]")] == ["qa_officer"]
    admin_client.post(f"/organisation/people/{person.pk}/roles/", {"roles": ["analyst", "qa_manager"]})
    assert User.objects.get(pk=person.pk).role_names == {"analyst", "qa_manager"}

    soup = page(admin_client.get(f"/organisation/people/{person.pk}/deactivate/"))
    assert soup.h1.text == "Deactivate Jo Bloggs"
    assert admin_client.post(f"/organisation/people/{person.pk}/deactivate/").status_code == 302
    assert not User.objects.get(pk=person.pk).is_active
    soup = page(admin_client.get("/organisation/people/"))
    assert "Deactivated" in soup.select_one(f"#person-{person.pk}").text
    admin_client.post(f"/organisation/people/{person.pk}/reactivate/")
    assert User.objects.get(pk=person.pk).is_active


def test_removing_the_last_administrator_is_explained_on_the_form(world, system_client):
    # a system administrator: nobody changes their own roles, and a second administrator would not be the last
    soup = page(
        system_client.post(f"/organisation/people/{world.oldham_admin.pk}/roles/", {"roles": ["analyst"]})
    )
    assert errors(soup) == {
        "#id_roles_0": "Oldham Council needs at least one active organisation administrator"
    }


@pytest.mark.parametrize("action", ["roles", "deactivate", "reactivate"])
def test_another_councils_administrator_finds_nobody_at_oldhams_people_addresses(world, client, action):
    person = add_person(world)
    ah.sign_in(client, world.rochdale_admin)

    assert client.get(f"/organisation/people/{person.pk}/{action}/").status_code == 404
    assert (
        client.post(f"/organisation/people/{person.pk}/{action}/", {"roles": ["org_admin"]}).status_code
        == 404
    )
    person.refresh_from_db()
    assert person.is_active and User.objects.get(pk=person.pk).role_names == {"qa_officer"}
    assert not AuditEntry.objects.filter(actor=world.rochdale_admin).exists()


def test_people_without_the_administrator_role_are_refused_the_people_pages(world, client):
    ah.sign_in(client, ah.person(world.oldham, "qa_manager"))
    assert client.get("/organisation/people/").status_code == 403
    assert client.get("/organisation/people/add/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    response = client.get("/organisation/people/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_the_invitation_link_lets_the_new_person_choose_a_password(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_person(world, username="newcomer")
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)
    set_password = client.get(link, follow=True)
    assert set_password.status_code == 200
    form_url = set_password.redirect_chain[-1][0]
    password = "a-brand-new-long-password-7"
    client.post(form_url, {"new_password1": password, "new_password2": password})
    assert User.objects.get(username="newcomer").check_password(password)


# --- system administrators: organisations -------------------------------------------------------


@pytest.fixture
def system_client(world, client):
    return ah.sign_in(client, world.system_admin)


def test_the_organisations_page_lists_every_organisation_with_its_link_and_sharing(world, system_client):
    world.oldham.partners.add(world.icb)
    soup = page(system_client.get("/admin/organisations/"))
    rows = {
        r.select("td")[0].a.text: [td.text.strip() for td in r.select("td")] for r in soup.select("tbody tr")
    }
    assert rows["Oldham Council"][1:] == ["Council", "Local authority: Oldham (E08000004)", "1"]
    assert "Shared with: NHS Greater Manchester Integrated Care Board" in rows["Oldham Council"][0]
    assert "Shared with: nobody" in rows["Rochdale Council"][0]
    assert rows["Acme Care Ltd"][2] == "CQC provider: Acme Care Ltd (1-200000001)"


def test_a_system_administrator_adds_a_council_and_its_first_administrator(
    world, system_client, django_capture_on_commit_callbacks
):
    response = system_client.post(
        "/admin/organisations/add/", {"kind": "council", "local_authority_code": "E08000001"}
    )
    bolton = Organisation.objects.get(local_authority_id="E08000001")
    assert response["Location"] == f"/admin/organisations/{bolton.pk}/"

    soup = page(system_client.get(f"/admin/organisations/{bolton.pk}/administrators/add/"))
    assert soup.h1.text == "Add an administrator to Bolton Council"
    with django_capture_on_commit_callbacks(execute=True):
        system_client.post(
            f"/admin/organisations/{bolton.pk}/administrators/add/",
            {"first_name": "Ada", "last_name": "Admin", "email": "ada@bolton.example.org", "username": "ada"},
        )
    ada = User.objects.get(username="ada")
    assert (ada.organisation, ada.role_names) == (bolton, {"org_admin"})
    assert mail.outbox[0].to == ["ada@bolton.example.org"]
    soup = page(system_client.get(f"/admin/organisations/{bolton.pk}/"))
    assert "ada" in soup.select_one("tbody").text
    assert [i.p.text for i in soup.select(".carewatch-timeline__item")] == ["Organisation created"]


def test_the_organisation_form_names_the_missing_or_wrong_code(world, system_client):
    soup = page(
        system_client.post(
            "/admin/organisations/add/", {"kind": "council", "local_authority_code": "E99999999"}
        )
    )
    assert errors(soup) == {"#id_local_authority_code": "There is no local authority with the code E99999999"}
    soup = page(system_client.post("/admin/organisations/add/", {"kind": "icb"}))
    assert errors(soup) == {"#id_icb_code": "Enter the ICB code, like E54000057"}
    soup = page(system_client.post("/admin/organisations/add/", {}))
    assert errors(soup) == {"#id_kind_0": "Choose the kind of organisation"}


def test_a_system_administrator_chooses_who_a_council_shares_with(world, system_client):
    soup = page(system_client.get(f"/admin/organisations/{world.oldham.pk}/partners/"))
    offered = [label.text.strip() for label in soup.select(".govuk-checkboxes__label")]
    assert offered == [
        "Rochdale Council (Council)",
        "NHS Greater Manchester Integrated Care Board (Integrated care board)",
    ]

    system_client.post(f"/admin/organisations/{world.oldham.pk}/partners/", {"partners": [world.icb.pk]})
    soup = page(system_client.get(f"/admin/organisations/{world.oldham.pk}/"))
    assert soup.select_one("#shared-with").text == "Shared with: NHS Greater Manchester Integrated Care Board"
    soup = page(system_client.get(f"/admin/organisations/{world.icb.pk}/"))
    assert soup.select_one("#shared-with-us").text == "Oldham Council"
    assert system_client.get(f"/admin/organisations/{world.icb.pk}/partners/").status_code == 404


def test_organisation_administrators_cannot_open_the_organisation_pages(world, admin_client):
    assert admin_client.get("/admin/organisations/").status_code == 403
    assert admin_client.get(f"/admin/organisations/{world.oldham.pk}/").status_code == 403
    assert (
        admin_client.post("/admin/organisations/add/", {"kind": "national", "name": "Mine"}).status_code
        == 403
    )
    assert not Organisation.objects.filter(name="Mine").exists()


def test_a_system_administrator_is_taken_from_the_people_page_to_the_organisations(world, system_client):
    assert system_client.get("/organisation/people/")["Location"] == "/admin/organisations/"


# --- resetting a lost second factor -----------------------------------------------------------


def test_an_administrator_resets_a_lost_second_factor_and_the_person_sets_up_a_new_one(
    world, admin_client, client
):
    from django.test import Client
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.core import signing_in

    person = ah.person(world.oldham, "qa_officer", username="lost-phone")  # with an authenticator app
    person.set_password("a-long-test-password-1")
    person.save()
    signing_in.recovery_codes_for(person)
    soup = page(admin_client.get("/organisation/people/"))
    link = next(a for a in soup.select(f"#person-{person.pk} a") if a.text.startswith("Reset second factor"))
    soup = page(admin_client.get(link["href"]))
    name = person.get_full_name()
    assert soup.h1.text == f"Reset {name}'s second factor"
    assert admin_client.post(link["href"]).status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()
    entry = AuditEntry.objects.get(action="user.second_factor_reset", object_id=str(person.pk))
    assert (
        entry.before == {"authenticators": 1, "recovery_code_sets": 1}
        and entry.actor_id == world.oldham_admin.pk
    )
    # Their next sign-in asks them to set up a new authenticator before anything else.
    visitor = Client()
    response = visitor.post("/sign-in/", {"username": "lost-phone", "password": "a-long-test-password-1"})
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
    # A second reset has nothing to remove, and says so.
    soup = page(admin_client.post(link["href"]))
    assert f"{name} has no second factor set up" in soup.select_one(".govuk-error-summary").text


def test_nobody_else_may_reset_a_second_factor(world, client):
    from tests.core import signing_in

    person = ah.person(world.oldham, "qa_officer", username="oldham-officer")
    signing_in.authenticator_for(person)
    url = f"/organisation/people/{person.pk}/second-factor/reset/"
    ah.sign_in(client, world.rochdale_admin)
    assert client.post(url).status_code == 404  # another organisation's person
    ah.sign_in(client, ah.person(world.oldham, "qa_manager", username="oldham-manager"))
    assert client.post(url).status_code == 403  # not an administrator
    ah.sign_in(client, world.oldham_admin)
    own = f"/organisation/people/{world.oldham_admin.pk}/second-factor/reset/"
    soup = page(client.post(own))
    assert "You cannot reset your own second factor" in soup.text
    assert signing_in.TOTPDevice.objects.filter(user=person).exists()
    assert not AuditEntry.objects.filter(action="user.second_factor_reset").exists()
