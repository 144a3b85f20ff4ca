"""The lapse rule (docs/methodology.md): a task not done more than three calendar months after its target
date makes the commitment lapsed, until the employer renews it (three more months from the renewal)."""

from __future__ import annotations

from datetime import date

import pytest

from carewatch.recognition import queries, services
from tests.recognition import factories as f

pytestmark = pytest.mark.django_db


def test_three_months_before_keeps_the_day_or_takes_the_months_last_day():
    assert queries.months_before(date(2026, 6, 1), 3) == date(2026, 3, 1)
    assert queries.months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert queries.months_before(date(2026, 2, 15), 3) == date(2025, 11, 15)


@pytest.fixture
def commitment():
    employer = f.employer()
    return f.signed(employer, f.manager_of(employer), signed_on=date(2026, 1, 5), due_on=date(2026, 3, 1))


def test_overdue_by_exactly_three_months_is_not_yet_lapsed_and_a_day_more_is(commitment):
    assert not queries.is_lapsed(commitment, today=date(2026, 6, 1))
    assert queries.is_lapsed(commitment, today=date(2026, 6, 2))


def test_done_tasks_never_lapse_a_commitment(commitment):
    services.complete_tasks(
        commitment=commitment,
        actor=None,
        task_ids=list(commitment.tasks.values_list("pk", flat=True)),
        done_on=date(2026, 5, 1),
        now=f.at(2026, 5, 1),
        label="test",
    )
    assert not queries.is_lapsed(commitment, today=date(2027, 1, 1))


def test_renewal_lifts_the_lapse_for_three_months_from_its_date(commitment):
    assert queries.is_lapsed(commitment, today=date(2026, 7, 1))
    services.renew_commitment(
        commitment=commitment, actor=None, renewed_on=date(2026, 7, 1), now=f.at(2026, 7, 1)
    )
    assert not queries.is_lapsed(commitment, today=date(2026, 10, 1))
    assert queries.is_lapsed(commitment, today=date(2026, 10, 2))


def test_the_register_shows_a_lapsed_commitment_as_lapsed_and_the_badge_leaves(commitment):
    home = commitment.employer.provider.locations.get()
    on_time = queries.register(queries.RegisterSearch(), today=date(2026, 5, 1)).get()
    late = queries.register(queries.RegisterSearch(), today=date(2026, 7, 1)).get()
    assert (on_time.lapsed, late.lapsed) == (False, True)
    assert queries.signed_location_ids([home.pk], today=date(2026, 5, 1)) == {home.pk: date(2026, 1, 5)}
    assert queries.signed_location_ids([home.pk], today=date(2026, 7, 1)) == {}
