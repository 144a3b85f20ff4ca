"""Organisations and their people change only through services: checked, in one transaction, audited."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from carewatch.core.models import AuditEntry, Organisation, User
from carewatch.organisations import services
from tests import access_helpers as ah
from tests.organisations.conftest import NOW


def add(world, actor=None, organisation=None, **overrides):
    fields = dict(
        username="jo.bloggs",
        first_name="Jo",
        last_name="Bloggs",
        email="jo.bloggs@oldham.example.org",
        roles=["qa_officer"],
    )
    fields.update(overrides)
    return services.add_person(
        actor=actor or world.oldham_admin,
        now=NOW,
        organisation=organisation or world.oldham,
        site_domain="carewatch.example.org",
        use_https=True,
        **fields,
    )


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


# --- people -----------------------------------------------------------------------------------


def test_an_organisation_administrator_adds_a_person_who_is_emailed_a_link_to_set_their_password(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = add(world, roles=["qa_officer", "analyst"])

    assert person.organisation == world.oldham
    assert person.role_names == {"qa_officer", "analyst"}
    assert not person.has_usable_password()
    (email,) = mail.outbox
    assert email.to == ["jo.bloggs@oldham.example.org"]
    assert email.subject == "Set your carewatch password"
    assert "Your username is: jo.bloggs" in email.body
    assert re.search(r"https://carewatch\.example\.org/account/password-reset/[\w-]+/[\w-]+/", email.body)
    (entry,) = entries("user.created")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.oldham_admin, "user", str(person.pk))
    assert entry.before is None
    assert entry.after["roles"] == ["analyst", "qa_officer"]
    assert entry.after["organisation"] == "Oldham Council"


def test_no_invitation_is_sent_when_adding_the_person_fails(world, django_capture_on_commit_callbacks):
    add(world)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.OrganisationError):
        add(world)
    assert len(mail.outbox) == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"roles": ["provider_staff"]}, "roles"),
        ({"roles": []}, "roles"),
        ({"username": "OLDHAM-ADMIN"}, "username"),
        ({"email": "oldham-admin@example.org"}, "email"),
    ],
)
def test_adding_a_person_is_refused_naming_the_field_at_fault(world, overrides, field):
    with pytest.raises(services.OrganisationError) as refused:
        add(world, **overrides)
    assert refused.value.field == field
    assert not User.objects.filter(username="jo.bloggs").exists()
    assert not entries("user.created")


def test_a_council_cannot_hold_provider_roles_and_a_provider_cannot_hold_council_roles(world):
    with pytest.raises(services.OrganisationError, match="Provider staff"):
        add(world, roles=["provider_staff"])
    with pytest.raises(services.OrganisationError, match="QA officer"):
        add(world, actor=world.system_admin, organisation=world.provider, roles=["qa_officer"])
    assert add(
        world, actor=world.system_admin, organisation=world.provider, roles=["provider_manager"]
    ).role_names == {"provider_manager"}


def test_an_organisation_administrator_cannot_touch_another_organisations_people(world):
    with pytest.raises(PermissionDenied):
        add(world, actor=world.rochdale_admin, organisation=world.oldham)
    person = add(world)
    for call in (
        lambda: services.change_roles(actor=world.rochdale_admin, now=NOW, person=person, roles=["analyst"]),
        lambda: services.deactivate_person(actor=world.rochdale_admin, now=NOW, person=person),
        lambda: services.reactivate_person(actor=world.rochdale_admin, now=NOW, person=person),
    ):
        with pytest.raises(PermissionDenied):
            call()
    person.refresh_from_db()
    assert person.is_active and person.role_names == {"qa_officer"}


def test_someone_without_the_administrator_role_cannot_manage_people(world):
    manager = ah.person(world.oldham, "qa_manager")
    with pytest.raises(PermissionDenied):
        add(world, actor=manager)


def test_changing_roles_records_them_before_and_after(world):
    person = add(world)
    services.change_roles(actor=world.oldham_admin, now=NOW, person=person, roles=["qa_manager", "analyst"])

    assert User.objects.get(pk=person.pk).role_names == {"qa_manager", "analyst"}
    (entry,) = entries("user.roles_changed")
    assert entry.before == {"roles": ["qa_officer"]}
    assert entry.after == {"roles": ["analyst", "qa_manager"]}


def test_giving_someone_the_roles_they_already_hold_records_nothing(world):
    person = add(world, roles=["analyst", "qa_officer"])
    services.change_roles(actor=world.oldham_admin, now=NOW, person=person, roles=["qa_officer", "analyst"])
    assert not entries("user.roles_changed")


def test_an_organisation_keeps_at_least_one_active_administrator(world):
    with pytest.raises(
        services.OrganisationError, match="at least one active organisation administrator"
    ) as refused:
        services.change_roles(
            actor=world.system_admin, now=NOW, person=world.oldham_admin, roles=["qa_manager"]
        )
    assert refused.value.field == "roles"
    with pytest.raises(services.OrganisationError, match="at least one active organisation administrator"):
        services.deactivate_person(actor=world.system_admin, now=NOW, person=world.oldham_admin)

    second = add(world, roles=["org_admin"])
    services.change_roles(actor=second, now=NOW, person=world.oldham_admin, roles=["qa_manager"])
    assert not User.objects.get(pk=world.oldham_admin.pk).has_role("org_admin")


def test_nobody_deactivates_themselves(world):
    with pytest.raises(services.OrganisationError, match="cannot deactivate yourself"):
        services.deactivate_person(actor=world.oldham_admin, now=NOW, person=world.oldham_admin)


def test_deactivating_and_reactivating_keeps_the_person_and_records_both(world):
    person = add(world)
    services.deactivate_person(actor=world.oldham_admin, now=NOW, person=person)
    assert not User.objects.get(pk=person.pk).is_active
    services.deactivate_person(actor=world.oldham_admin, now=NOW, person=person)  # already: nothing recorded
    services.reactivate_person(actor=world.oldham_admin, now=NOW, person=person)
    assert User.objects.get(pk=person.pk).is_active

    (deactivated,) = entries("user.deactivated")
    (reactivated,) = entries("user.reactivated")
    assert (deactivated.before, deactivated.after) == ({"active": True}, {"active": False})
    assert (reactivated.before, reactivated.after) == ({"active": False}, {"active": True})


def test_a_deactivated_person_cannot_sign_in(world, client):
    person = ah.person(world.oldham, "qa_officer", username="leaver")
    services.deactivate_person(actor=world.oldham_admin, now=NOW, person=person)
    response = client.post("/sign-in/", {"username": "leaver", "password": "correct-horse-battery-staple"})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_each_write_to_people_is_one_audit_entry(world):
    count = AuditEntry.objects.count()
    person = add(world)
    services.change_roles(actor=world.oldham_admin, now=NOW, person=person, roles=["analyst"])
    services.deactivate_person(actor=world.oldham_admin, now=NOW, person=person)
    services.reactivate_person(actor=world.oldham_admin, now=NOW, person=person)
    assert AuditEntry.objects.count() == count + 4


# --- organisations ----------------------------------------------------------------------------


def create(world, **fields):
    return services.create_organisation(actor=world.system_admin, now=NOW, **fields)


def test_a_system_administrator_creates_each_kind_of_organisation_tied_to_the_register(world):
    council = create(world, kind="council", local_authority_code="e08000001")
    assert (council.name, council.local_authority_id) == ("Bolton Council", "E08000001")
    national = create(world, kind="national", name="Regional quality team")
    assert national.name == "Regional quality team"
    icb = create(world, kind="icb", icb_code="E54000008")
    assert icb.icb_id == "E54000008"

    (entry,) = [e for e in entries("organisation.created") if e.object_id == str(council.pk)]
    assert entry.after == {"kind": "council", "name": "Bolton Council", "linked_to": "E08000001"}
    assert entry.actor == world.system_admin


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "council"}, "local_authority_code", "Enter the local authority code"),
        (
            {"kind": "council", "local_authority_code": "E99999999"},
            "local_authority_code",
            "no local authority",
        ),
        (
            {"kind": "council", "local_authority_code": "E08000004"},
            "local_authority_code",
            "already has an organisation",
        ),
        ({"kind": "icb", "icb_code": "nope"}, "icb_code", "no ICB"),
        ({"kind": "provider", "provider_id": "1-999"}, "provider_id", "no CQC provider"),
        ({"kind": "provider", "provider_id": "1-200000001"}, "provider_id", "already has an organisation"),
        ({"kind": "national"}, "name", "Enter the organisation’s name"),
        ({"kind": "national", "name": "oldham council"}, "name", "already an organisation"),
        ({"kind": "planet"}, "kind", "Choose the kind"),
    ],
)
def test_creating_an_organisation_is_refused_naming_the_field_at_fault(world, fields, field, message):
    count = Organisation.objects.count()
    with pytest.raises(services.OrganisationError, match=message) as refused:
        create(world, **fields)
    assert refused.value.field == field
    assert Organisation.objects.count() == count


def test_only_a_system_administrator_manages_organisations(world):
    with pytest.raises(PermissionDenied):
        services.create_organisation(actor=world.oldham_admin, now=NOW, kind="national", name="Mine")
    with pytest.raises(PermissionDenied):
        services.set_partners(
            actor=world.oldham_admin, now=NOW, organisation=world.oldham, partner_ids=[world.icb.pk]
        )


def test_a_council_shares_its_intelligence_with_the_partners_it_names(world):
    services.set_partners(
        actor=world.system_admin,
        now=NOW,
        organisation=world.oldham,
        partner_ids=[world.icb.pk, world.rochdale.pk],
    )
    assert set(world.oldham.partners.all()) == {world.icb, world.rochdale}
    services.set_partners(
        actor=world.system_admin, now=NOW, organisation=world.oldham, partner_ids=[world.icb.pk]
    )
    services.set_partners(
        actor=world.system_admin, now=NOW, organisation=world.oldham, partner_ids=[world.icb.pk]
    )

    first, second = entries(
        "organisation.partners_changed"
    )  # the repeat changed nothing and recorded nothing
    assert (first.before, first.after) == (
        {"shared_with": []},
        {"shared_with": ["NHS Greater Manchester Integrated Care Board", "Rochdale Council"]},
    )
    assert second.after == {"shared_with": ["NHS Greater Manchester Integrated Care Board"]}


@pytest.mark.parametrize(
    ("organisation", "partners", "message"),
    [
        ("icb", ["oldham"], "Only a council"),
        ("oldham", ["oldham"], "its own partner"),
        ("oldham", ["provider"], "cannot be shared with a provider"),
    ],
)
def test_sharing_is_refused_when_it_makes_no_sense(world, organisation, partners, message):
    with pytest.raises(services.OrganisationError, match=message):
        services.set_partners(
            actor=world.system_admin,
            now=NOW,
            organisation=getattr(world, organisation),
            partner_ids=[getattr(world, p).pk for p in partners],
        )
