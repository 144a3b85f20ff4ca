"""The badge slots beside a service: filled from what carewatch holds and has published, in slot order."""

from datetime import date, timedelta

from django.utils import timezone

from carewatch.public import badges
from tests.monitoring import given
from tests.monitoring.conftest import world  # noqa: F401 - Oldham council, Acme Care and Oak House

TODAY = date(2026, 6, 1)


def test_a_published_council_check_is_a_badge_naming_the_council_and_date(world):  # noqa: F811
    given.published(world, "Requires improvement")

    found = badges.badges_for([world.home.pk, "1-not-a-service"], today=TODAY)

    assert found["1-not-a-service"] == []
    [badge] = found[world.home.pk]
    assert badge.slot == "local-qa"
    assert badge.label == "Council check: Requires improvement"
    assert badge.detail == (
        "Oldham Council checked the quality of care and published its report on 5 March 2026."
    )


def test_a_draft_council_check_is_no_badge(world):  # noqa: F811
    given.sent(world, "Poor")
    assert badges.badges_for([world.home.pk], today=TODAY) == {world.home.pk: []}


def test_a_signed_commitment_is_a_badge_before_the_council_check_until_it_lapses(
    world,  # noqa: F811
    django_assert_num_queries,
):
    from carewatch.recognition import queries as recognition_queries
    from tests.recognition import factories as rf

    given.published(world, "Good")
    rf.signed(
        world.acme_manager.organisation,
        world.acme_manager,
        signed_on=date(2026, 1, 5),
        due_on=date(2026, 3, 1),
    )

    found = badges.badges_for([world.home.pk, world.other_home.pk], today=TODAY)

    assert [b.slot for b in found[world.home.pk]] == ["commitment", "local-qa"]
    commitment = found[world.home.pk][0]
    assert commitment.label == "Signed the Social Care Commitment"
    assert "signed the Social Care Commitment on 5 January 2026" in commitment.detail
    assert [b.slot for b in found[world.other_home.pk]] == []  # Beta Care has not signed
    with django_assert_num_queries(1):  # one query for a whole page of services
        recognition_queries.signed_location_ids([world.home.pk, world.other_home.pk], today=TODAY)
    # a task more than three months late: lapsed, so no badge
    assert [b.slot for b in badges.badges_for([world.home.pk], today=date(2026, 6, 2))[world.home.pk]] == [
        "local-qa"
    ]


def test_the_service_page_links_a_signed_employer_to_the_public_register(world):  # noqa: F811
    from django.test import Client
    from django.urls import reverse

    from tests.pages import page
    from tests.recognition import factories as rf

    url = reverse("public:location_detail", kwargs={"location_id": world.home.pk})
    assert page(Client().get(url)).select_one("#commitment-link") is None

    today = timezone.localdate()
    rf.signed(
        world.acme_manager.organisation,
        world.acme_manager,
        signed_on=today,
        due_on=today + timedelta(days=90),
        now=timezone.now(),
    )
    link = page(Client().get(url)).select_one("#commitment-link a")
    register = Client().get(link["href"])
    assert register.status_code == 200
    assert world.home.provider.name in register.content.decode()


def test_the_register_is_offered_with_the_open_data_and_in_every_footer(db):
    from django.test import Client
    from django.urls import reverse

    from tests.pages import page

    soup = page(Client().get(reverse("public:open_data")))
    download = soup.select_one("#dataset-commitments").find_parent("section").find("a")
    assert download["href"] == reverse("public:commitment_register_csv")
    footer = soup.select_one(".govuk-footer")
    assert footer.find("a", string="Social Care Commitment register")["href"] == reverse(
        "public:commitment_register"
    )
