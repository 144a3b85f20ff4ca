"""Nobody grants themselves a role; a council's administrator (and only they) switches four-eyes off or on,
and the switch is audited."""

import pytest
from django.core.exceptions import PermissionDenied

from carewatch.core.models import AuditEntry, Organisation, User
from carewatch.organisations import services
from tests import access_helpers as ah
from tests.organisations.conftest import NOW
from tests.pages import page, text

# --- nobody changes their own roles ---------------------------------------------------------------


@pytest.mark.parametrize("roles", [["org_admin", "qa_manager"], ["org_admin", "analyst"], ["qa_manager"]])
def test_an_administrator_cannot_change_their_own_roles(world, roles):
    with pytest.raises(services.OrganisationError, match="cannot change your own roles") as refused:
        services.change_roles(actor=world.oldham_admin, now=NOW, person=world.oldham_admin, roles=roles)
    assert refused.value.field == "roles"
    assert sorted(User.objects.get(pk=world.oldham_admin.pk).role_grants.values_list("role", flat=True)) == [
        "org_admin"
    ]
    assert not AuditEntry.objects.filter(action="user.roles_changed").exists()


def test_another_administrator_may_give_them_the_role(world):
    second = ah.person(world.oldham, "org_admin", username="second-admin")
    services.change_roles(actor=second, now=NOW, person=world.oldham_admin, roles=["org_admin", "qa_manager"])
    assert User.objects.get(pk=world.oldham_admin.pk).has_role("qa_manager")
    entry = AuditEntry.objects.get(action="user.roles_changed")
    assert (entry.actor, entry.object_id) == (second, str(world.oldham_admin.pk))


def test_the_roles_page_of_oneself_explains_why_and_offers_no_form(world, client):
    admin = ah.sign_in(client, world.oldham_admin)
    url = f"/organisation/people/{world.oldham_admin.pk}/roles/"
    soup = page(admin.get(url))
    assert "You cannot change your own roles" in text(soup)
    assert "Another administrator of Oldham Council must do it" in text(soup)
    assert not soup.select("input[name=roles]")
    # posting anyway changes nothing and says so, not a server error
    soup = page(admin.post(url, {"roles": ["org_admin", "qa_manager"]}))
    assert "You cannot change your own roles" in text(soup)
    assert not User.objects.get(pk=world.oldham_admin.pk).has_role("qa_manager")


def test_the_people_page_offers_no_change_of_roles_on_ones_own_row(world, client):
    admin = ah.sign_in(client, world.oldham_admin)
    soup = page(admin.get("/organisation/people/"))
    own = soup.select_one(f"#person-{world.oldham_admin.pk}")
    assert not own.find("a", string=lambda s: s and "Change roles" in s)
    assert "Another administrator changes your roles" in text(own)


# --- four-eyes, the council's switch ----------------------------------------------------------------


def four_eyes(organisation) -> bool:
    return Organisation.objects.get(pk=organisation.pk).four_eyes


def test_four_eyes_is_on_for_a_new_council(world):
    assert four_eyes(world.oldham) is True


def test_the_councils_administrator_switches_four_eyes_off_and_on_and_each_switch_is_audited(world):
    services.set_four_eyes(actor=world.oldham_admin, now=NOW, organisation=world.oldham, required=False)
    assert four_eyes(world.oldham) is False
    services.set_four_eyes(actor=world.oldham_admin, now=NOW, organisation=world.oldham, required=False)
    services.set_four_eyes(actor=world.oldham_admin, now=NOW, organisation=world.oldham, required=True)
    assert four_eyes(world.oldham) is True
    entries = list(AuditEntry.objects.filter(action="organisation.four_eyes_changed").order_by("id"))
    assert [(e.before, e.after) for e in entries] == [
        ({"four_eyes": True}, {"four_eyes": False}),
        ({"four_eyes": False}, {"four_eyes": True}),
    ]
    assert {(e.actor, e.organisation) for e in entries} == {(world.oldham_admin, world.oldham)}


def test_nobody_else_switches_a_councils_four_eyes(world):
    manager = ah.person(world.oldham, "qa_manager", username="oldham-manager")
    for actor in (world.rochdale_admin, manager, world.system_admin):
        with pytest.raises(PermissionDenied):
            services.set_four_eyes(actor=actor, now=NOW, organisation=world.oldham, required=False)
    assert four_eyes(world.oldham) is True
    assert not AuditEntry.objects.filter(action="organisation.four_eyes_changed").exists()


def test_only_a_council_has_four_eyes_to_switch(world):
    icb_admin = ah.person(world.icb, "org_admin", username="icb-admin")
    with pytest.raises(services.OrganisationError, match="Only a council"):
        services.set_four_eyes(actor=icb_admin, now=NOW, organisation=world.icb, required=False)


def test_the_four_eyes_page_shows_the_setting_and_switches_it(world, client):
    admin = ah.sign_in(client, world.oldham_admin)
    soup = page(admin.get("/organisation/four-eyes/"))
    assert soup.h1.text.strip() == "Four-eyes decisions"
    assert soup.select_one("input[name=four_eyes][value=yes]").has_attr("checked")
    response = admin.post("/organisation/four-eyes/", {"four_eyes": "no"})
    assert response.status_code == 302
    assert four_eyes(world.oldham) is False
    soup = page(admin.get(response.url))
    assert "Four-eyes is off" in text(soup)


def test_the_four_eyes_page_asks_for_a_choice(world, client):
    admin = ah.sign_in(client, world.oldham_admin)
    soup = page(admin.post("/organisation/four-eyes/", {}))
    assert soup.title.text.startswith("Error: ")
    assert four_eyes(world.oldham) is True


@pytest.mark.parametrize("who", ["qa_manager", "icb_admin"])
def test_the_four_eyes_page_is_refused_to_anyone_but_a_councils_administrator(world, client, who):
    person = (
        ah.person(world.oldham, "qa_manager", username="m")
        if who == "qa_manager"
        else ah.person(world.icb, "org_admin", username="i")
    )
    response = ah.sign_in(client, person).post("/organisation/four-eyes/", {"four_eyes": "no"})
    assert response.status_code == 403
    assert four_eyes(world.oldham) is True
