"""Missed capacity returns raise a ladder trigger: 3 months in a row, or 4 in 12 (capacity's rule)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse

from carewatch.cases import evidence, services, triggers
from carewatch.cases.ladder import ProposalKind, Trigger
from tests.capacity import given as capacity
from tests.cases import factories as f
from tests.monitoring import factories as mf

LONDON = ZoneInfo("Europe/London")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def no_other_sources(monkeypatch):
    monkeypatch.setattr(evidence, "_sources", [])


def returns_in(home, months: list[tuple[int, int]]) -> None:
    """One on-time return (the 9th) for each (year, month)."""
    actor = mf.provider_user(home.provider)
    for year, month in months:
        capacity.a_return(home, actor, at(date(year, month, 9)))


def run(world, today: date):
    return triggers.propose_from_evidence(organisation=world.council, today=today, now=at(today))


def test_three_missed_months_in_a_row_propose_enhanced_monitoring_with_the_months_in_words(world):
    # Returns from April to August 2026, then nothing: September, October and November are missed.
    returns_in(world.home, [(2026, m) for m in range(4, 9)])
    assert run(world, date(2026, 10, 20)) == []  # September and October: 2 in a row
    (proposal,) = run(world, date(2026, 11, 20))  # November's window (9th–16th) has closed
    assert (proposal.kind, proposal.level, proposal.trigger) == (
        ProposalKind.OPEN,
        "2",
        Trigger.MISSED_RETURNS,
    )
    assert "Oak House missed its monthly capacity return" in proposal.reason
    assert (
        "3 missed monthly returns in a row (September 2026, October 2026 and November 2026)"
        in proposal.reason
    )
    assert "3 missed monthly returns in a row, or 4 in 12 months" in proposal.reason
    assert sorted(proposal.evidence.values_list("summary", flat=True)) == [
        "No capacity return for November 2026",
        "No capacity return for October 2026",
        "No capacity return for September 2026",
    ]
    # The same run, a month longer, is the same evidence: not proposed again.
    assert run(world, date(2026, 12, 20)) == []


def test_four_missed_months_in_twelve_propose_too(world):
    # Jan 2026 first; missed March, May, July and September, each followed by a return.
    returns_in(world.home, [(2026, m) for m in (1, 2, 4, 6, 8)])
    assert run(world, date(2026, 9, 10)) == []  # September's window is open: 3 missed, never 3 in a row
    (proposal,) = run(world, date(2026, 9, 20))
    assert proposal.trigger == Trigger.MISSED_RETURNS
    assert "4 missed monthly returns in 12 months" in proposal.reason


def test_a_service_that_never_filed_a_return_is_not_missing_any(world):
    assert run(world, date(2026, 12, 20)) == []


@override_settings(CAREWATCH_MISSED_RETURNS_IN_A_ROW=2)
def test_the_number_in_a_row_is_a_setting(world):
    returns_in(world.home, [(2026, m) for m in range(4, 10)])
    (proposal,) = run(world, date(2026, 11, 20))
    assert "2 missed monthly returns in a row (October 2026 and November 2026)" in proposal.reason


def test_another_councils_services_are_not_its_business(world):
    elsewhere = f.location("E08000005", name="Far Home")
    returns_in(elsewhere, [(2026, 4)])
    assert run(world, date(2026, 12, 20)) == []


def test_a_manager_sees_the_missed_returns_proposal_and_opens_the_case(world, manager):
    returns_in(world.home, [(2026, m) for m in range(4, 9)])
    (proposal,) = run(world, date(2026, 11, 20))
    page = manager.get(reverse("cases:proposal_decide", args=[proposal.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Missed monthly capacity returns" in text or "missed monthly capacity returns" in text
    assert "No capacity return for October 2026" in text
    services.decide_proposal(
        actor=world.manager, proposal=proposal, accept=True, reason="", now=at(date(2026, 12, 21))
    )
    proposal.refresh_from_db()
    assert proposal.case is not None and proposal.case.level == "2"
