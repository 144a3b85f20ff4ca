"""A council's cases are visible to that council and to the partners it shares with, nobody else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from carewatch.cases import queries
from carewatch.cases.models import Case
from carewatch.core.models import Organisation
from carewatch.core.roles import OrganisationKind, Role
from tests.cases import factories as f
from tests.cases import given


def test_the_councils_own_staff_see_its_cases(world):
    case = given.open_case(world)
    assert list(queries.cases_visible_to(world.officer)) == [case]
    assert queries.case_for(f.person(world.council, Role.COMMISSIONER), case.pk) == case


def test_another_councils_user_cannot_see_the_case(world):
    case = given.open_case(world)
    stranger = f.manager(f.council("E08000005"))
    assert list(queries.cases_visible_to(stranger)) == []
    with pytest.raises(Case.DoesNotExist):
        queries.case_for(stranger, case.pk)


def test_a_partner_the_council_shares_with_can_see_the_case(world):
    case = given.open_case(world)
    icb = f.icb_organisation()
    analyst = f.person(icb, Role.ANALYST)
    assert list(queries.cases_visible_to(analyst)) == []
    world.council.partners.add(icb)
    assert list(queries.cases_visible_to(analyst)) == [case]


def test_sharing_is_one_way(world):
    rochdale = f.council("E08000005")
    world.council.partners.add(rochdale)
    theirs = given.open_case(
        type(world)(
            council=rochdale,
            officer=None,
            manager=f.manager(rochdale),
            admin=None,
            home=f.location("E08000005"),
        )
    )
    assert list(queries.cases_visible_to(world.manager)) == []
    assert theirs in queries.cases_visible_to(f.manager(rochdale))


def test_a_providers_staff_never_see_cases_about_their_own_homes(world):
    given.open_case(world)
    provider_org = Organisation.objects.create(
        kind=OrganisationKind.PROVIDER, name="Acme", provider=world.home.provider
    )
    assert list(queries.cases_visible_to(f.person(provider_org, Role.PROVIDER_MANAGER))) == []


def test_signed_out_people_see_nothing(world):
    given.open_case(world)
    assert list(queries.cases_visible_to(AnonymousUser())) == []
