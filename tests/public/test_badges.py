"""The badge slots beside a service: filled from what carewatch holds and has published, in slot order."""

from datetime import date

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
