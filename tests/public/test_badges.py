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
