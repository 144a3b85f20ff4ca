"""Who reads what: a provider sees only its own locations' reports, and only once sent to it."""

from carewatch.core.models import Organisation
from carewatch.core.roles import OrganisationKind
from carewatch.monitoring import queries, services
from tests.monitoring import factories as f
from tests.monitoring import given


def test_a_provider_sees_its_own_drafts_once_sent_and_never_an_internal_draft(world):
    internal = given.visit(world)
    given.answer_all(world, internal, "Good")
    sent = given.sent(world)
    theirs = given.sent(world, location=world.other_home)
    assert list(queries.reports_for_provider(world.acme_manager)) == [sent]
    assert list(queries.reports_for_provider(world.beta_manager)) == [theirs]
    assert internal not in queries.reports_for_provider(world.acme_manager)


def test_council_staff_see_no_reports_through_the_provider_selector(world):
    given.sent(world)
    assert not queries.reports_for_provider(world.officer).exists()


def test_visits_are_visible_to_the_council_and_the_partners_it_shares_with_only(world):
    visit = given.visit(world)
    rochdale = f.council("E08000005")
    icb = Organisation.objects.create(
        kind=OrganisationKind.ICB, name="NHS Greater Manchester", icb_id="E54000057"
    )
    analyst = f.person(icb, "analyst", name="Ian Analyst")
    assert list(queries.visits_for(world.officer)) == [visit]
    assert not queries.visits_for(f.officer(rochdale, name="Rae Rochdale")).exists()
    assert not queries.visits_for(analyst).exists()
    assert not queries.visits_for(world.acme_manager).exists()
    world.council.partners.add(icb)
    assert list(queries.visits_for(analyst)) == [visit]


def test_a_provider_sees_only_its_own_action_plans(world):
    ours = given.plan_for(given.published(world))
    theirs = given.plan_for(given.published(world, location=world.other_home))
    assert list(queries.action_plans_for_provider(world.acme_manager)) == [ours]
    assert list(queries.action_plans_for_provider(world.beta_manager)) == [theirs]
    assert set(queries.action_plans_for(world.officer)) == {ours, theirs}
    assert not queries.action_plans_for(world.acme_manager).exists()


def test_the_public_summary_is_the_latest_published_one(world):
    assert queries.published_summary(world.home) is None
    given.sent(world)
    assert queries.published_summary(world.home) is None
    first = given.published(world, "Good", findings=0)
    later = given.visit(world, now=f.at(2026, 6, 1))
    given.answer_all(world, later, "Requires improvement", now=f.at(2026, 6, 1))
    services.send_draft_to_provider(visit=later, actor=world.officer, now=f.at(2026, 6, 1))
    assert queries.published_summary(world.home).visit_id == first.pk
