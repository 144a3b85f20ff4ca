"""What monitoring gives the market insight dashboards, the commissioner rating and the committee report.

Coverage and lived experience are shares of the services active in the council's area on the date;
findings by theme count the visits that have happened in the period. Another council sees none of it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from carewatch.core import access
from carewatch.insights import areas, commissioner, sources
from carewatch.monitoring import services
from carewatch.monitoring.models import ModerationState
from carewatch.register.models import Location
from tests.core.signing_in import sign_in_verified
from tests.monitoring import factories as f
from tests.monitoring import given

ON = date(2026, 11, 22)
OLDHAM = areas.Area("la", "E08000004", "Oldham")


@pytest.fixture
def market(world):
    """Oak House visited (two findings) in March; Birch Lodge only scheduled; a closed home and a Rochdale
    home that do not count; an older visit outside the 12 months."""
    visited = given.visit(world)
    given.finding(world, visited, "MAR charts had gaps for three people.", theme="medicines")
    given.finding(world, visited, "Two night staff for 30 residents.", theme="staffing-levels")
    given.answer_all(world, visited, "Requires improvement")
    services.send_draft_to_provider(visit=visited, actor=world.officer, now=given.VISITED_AT)
    visited = services.publish_report(  # the comment window has closed with no comment
        visit=visited, actor=world.officer, public_summary="Medicines need to improve.", now=f.at(2026, 4, 1)
    )
    later = given.visit(world, now=f.at(2026, 6, 1, 9))  # a draft: its finding is not counted yet
    given.finding(
        world, later, "A fire door was wedged open.", theme="premises-and-equipment", now=f.at(2026, 6, 1)
    )
    services.schedule_visit(
        organisation=world.council,
        actor=world.officer,
        location=world.other_home,
        visit_on=ON + timedelta(days=10),
        now=f.at(2026, 11, 20),
    )
    closed = f.location(world.council, name="Closed Home")
    Location.objects.filter(pk=closed.pk).update(deregistered_on=date(2025, 6, 30), is_active=False)
    given.visit(world, location=closed, now=f.at(2025, 3, 3, 9))
    f.location("E08000005", name="Rochdale Home")
    return visited


def _feedback(world, visit, kind="relative"):
    return services.record_feedback(
        visit=visit, actor=world.officer, respondent_kind=kind, scores={"safety": 4}, now=f.at(2026, 3, 2, 11)
    )


def test_visit_coverage_is_the_share_of_active_services_visited_in_12_months(world, market):
    found = sources.visit_coverage(OLDHAM, on=ON, owners=access.OwnerScope.of({world.council.pk}))
    assert found["active_services"] == 2  # Oak House and Birch Lodge; not the closed home, not Rochdale's
    assert found["services_visited"] == 1  # the scheduled visit has not happened
    assert found["percent"] == 50.0
    assert found["visits"] == 2 and found["unannounced_visits"] == 2
    # As at a past date: on 1 April 2025 the closed home was open and visited a month before.
    then = sources.visit_coverage(
        OLDHAM, on=date(2025, 4, 1), owners=access.OwnerScope.of({world.council.pk})
    )
    assert (then["services_visited"], then["active_services"]) == (1, 3)


def test_findings_by_theme_and_lived_experience(world, market):
    themes = sources.findings_by_theme(OLDHAM, on=ON, owners=access.OwnerScope.of({world.council.pk}))
    assert sorted(themes["themes"]) == [("Medicines", 1), ("Staffing levels", 1)]
    assert themes["headline"] == "2 findings from 1 provider in 2 themes"
    kept = _feedback(world, market)
    rejected = _feedback(world, market, kind="staff")
    services.moderate_feedback(
        feedback=rejected,
        actor=world.officer,
        decision=ModerationState.REJECTED,
        reason="Names a resident",
        now=f.at(2026, 3, 3),
    )
    heard = sources.lived_experience(OLDHAM, on=ON, owners=access.OwnerScope.of({world.council.pk}))
    assert heard["percent"] == 50.0
    assert heard["detail"] == "1 of 2 active services with feedback (1 response)"
    assert kept.moderation == ModerationState.PENDING  # received counts before moderation; rejected does not


def test_another_council_sees_none_of_it(world, market):
    rochdale = f.council("E08000005")
    assert isinstance(
        sources.visit_coverage(OLDHAM, on=ON, owners=access.OwnerScope.of({rochdale.pk})), sources.NoData
    )
    assert isinstance(sources.findings_by_theme(OLDHAM, on=ON, owners=access.NOBODY), sources.NoData)


def test_the_councils_dashboard_shows_its_coverage_and_findings_to_its_staff_only(client, world, market):
    url = reverse("insights:dashboard") + "?area=la:E08000004"
    sign_in_verified(client, world.manager)
    page = BeautifulSoup(client.get(url).content, "html.parser")
    coverage = page.find(id="panel-visits").get_text(" ", strip=True)
    assert "1 of 2 active services visited (50.0%)" in coverage
    findings = page.find(id="panel-findings").get_text(" ", strip=True)
    assert "Medicines" in findings and "Staffing levels" in findings
    assert "2 findings from 1 provider in 2 themes in QA visits in the last 12 months." in findings
    client.logout()
    sign_in_verified(client, f.manager(f.council("E08000005"), name="Rita Rochdale"))
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.find(id="panel-visits") is None and "Medicines" not in page.get_text()


def test_the_commissioner_rating_takes_coverage_and_lived_experience(world, market):
    _feedback(world, market)
    rating = commissioner.rating_for(OLDHAM, as_of=None, today=ON)
    measures = {m.spec.key: m for m in rating.measures}
    assert measures["qa_coverage"].value == 50.0 and measures["qa_coverage"].base == 2
    assert measures["lived_experience"].value == 50.0
