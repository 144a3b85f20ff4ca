"""Thematic analysis for a committee: N findings from K providers in M themes, by theme, service type and quarter."""

from datetime import date

import pytest

from carewatch.monitoring import analysis, queries, services
from tests.monitoring import factories as f
from tests.monitoring import given


def publish(world, location, when, findings, *, manager):
    """A published visit on ``when`` with ``findings``: [(theme slug, severity)]."""
    visit = given.visit(world, location=location, now=when)
    given.answer_all(world, visit, "Good", now=when)
    for slug, severity in findings:
        given.finding(world, visit, f"Issue about {slug}", severity=severity, theme=slug, now=when)
    services.send_draft_to_provider(visit=visit, actor=world.officer, now=when)
    services.add_provider_comment(visit=visit, actor=manager, response="accepted", text="", now=when)
    return services.publish_report(visit=visit, actor=world.officer, public_summary="Summary", now=when)


@pytest.fixture
def constructed(world):
    """Q1 2026/27 (April–June 2026) and Q2 (July–September 2026): three providers, one of them home care."""
    acme_second = f.location(world.council, provider=world.acme, name="Acme Court")
    gamma = f.provider("Gamma Homecare")
    agency = f.location(
        world.council,
        provider=gamma,
        name="Gamma Homecare Oldham",
        care_home=False,
        service_types=("Homecare agencies",),
    )
    gamma_manager = f.provider_user(gamma, name="Gina Gamma")
    publish(
        world,
        world.home,
        f.at(2026, 4, 10),
        [("medicines", "high"), ("medicines", "medium"), ("records", "low")],
        manager=world.acme_manager,
    )
    publish(world, acme_second, f.at(2026, 5, 20), [("medicines", "critical")], manager=world.acme_manager)
    publish(
        world,
        world.other_home,
        f.at(2026, 7, 2),
        [("safeguarding", "high"), ("records", "medium")],
        manager=world.beta_manager,
    )
    publish(
        world,
        agency,
        f.at(2026, 8, 15),
        [("staffing-levels", "high"), ("medicines", "low")],
        manager=gamma_manager,
    )
    # Outside the period, and a draft inside it: neither counts.
    publish(world, world.home, f.at(2026, 3, 20), [("activities", "low")], manager=world.acme_manager)
    draft = given.visit(world, location=world.other_home, now=f.at(2026, 8, 1))
    given.finding(world, draft, "Draft finding", theme="activities", now=f.at(2026, 8, 1))
    return world


def test_the_headline_counts_findings_providers_and_themes(constructed):
    report = queries.thematic_analysis(
        organisation=constructed.council, start=date(2026, 4, 1), end=date(2026, 9, 30)
    )
    assert (report.findings, report.providers, report.locations, report.visits, report.themes) == (
        8,
        3,
        4,
        4,
        4,
    )
    assert report.headline == "8 findings from 3 providers in 4 themes"
    assert report.by_severity == {"low": 2, "medium": 2, "high": 3, "critical": 1}


def test_counts_by_theme_are_largest_first_with_their_share_and_providers(constructed):
    report = queries.thematic_analysis(
        organisation=constructed.council, start=date(2026, 4, 1), end=date(2026, 9, 30)
    )
    rows = [(r.theme, r.findings, r.share, r.providers) for r in report.by_theme]
    assert rows == [
        ("Medicines", 4, 0.5, 2),
        ("Records", 2, 0.25, 2),
        ("Safeguarding", 1, 0.125, 1),
        ("Staffing levels", 1, 0.125, 1),
    ]
    assert report.by_theme[0].by_severity == {"low": 1, "medium": 1, "high": 1, "critical": 1}
    assert report.unconfirmed == 0


def test_counts_by_service_type_and_the_cross_table(constructed):
    report = queries.thematic_analysis(
        organisation=constructed.council, start=date(2026, 4, 1), end=date(2026, 9, 30)
    )
    assert [(r.label, r.findings, r.providers, r.visits) for r in report.by_service_type] == [
        ("Care home", 6, 2, 3),
        ("Home care", 2, 1, 1),
        ("Supported living", 0, 0, 0),
    ]
    assert report.theme_by_service_type["Medicines"] == {"Care home": 3, "Home care": 1}


def test_the_trend_is_by_financial_quarter_with_empty_quarters_shown(constructed):
    report = queries.thematic_analysis(
        organisation=constructed.council, start=date(2026, 4, 1), end=date(2026, 12, 31)
    )
    assert [(p.period.label, p.findings) for p in report.trend] == [
        ("Q1 2026/27 (April to June 2026)", 4),
        ("Q2 2026/27 (July to September 2026)", 4),
        ("Q3 2026/27 (October to December 2026)", 0),
    ]
    assert report.trend[1].by_theme == {"Medicines": 1, "Records": 1, "Safeguarding": 1, "Staffing levels": 1}


def test_the_trend_can_be_monthly_and_drafts_can_be_included(constructed):
    report = queries.thematic_analysis(
        organisation=constructed.council,
        start=date(2026, 7, 1),
        end=date(2026, 8, 31),
        granularity="month",
        published_only=False,
    )
    assert [(p.period.label, p.findings) for p in report.trend] == [("July 2026", 2), ("August 2026", 3)]
    assert report.findings == 5


def test_quarters_cross_the_calendar_year_in_financial_years():
    labels = [p.label for p in analysis.periods(date(2026, 2, 14), date(2026, 4, 2))]
    assert labels == ["Q4 2025/26 (January to March 2026)", "Q1 2026/27 (April to June 2026)"]


def test_an_empty_period_reads_naturally(world):
    report = queries.thematic_analysis(
        organisation=world.council, start=date(2026, 4, 1), end=date(2026, 6, 30)
    )
    assert report.headline == "0 findings from 0 providers in 0 themes"
    given_one = analysis.ThematicAnalysis(**{**report.__dict__, "findings": 1, "providers": 1, "themes": 1})
    assert given_one.headline == "1 finding from 1 provider in 1 theme"


def test_another_councils_findings_never_count(constructed):
    rochdale = f.council("E08000005")
    assert (
        queries.thematic_analysis(
            organisation=rochdale, start=date(2026, 1, 1), end=date(2026, 12, 31)
        ).findings
        == 0
    )
