"""The demo generator adds believable monitoring data through the services, deterministically."""

from datetime import date

from carewatch.core.roles import Role
from carewatch.demo import monitoring as demo
from carewatch.monitoring import queries
from carewatch.monitoring.models import ActionPlan, Feedback, Finding, Visit
from tests.monitoring import factories as f

TODAY = date(2026, 11, 2)
NOW = f.at(2026, 11, 2, 8)


def make_council(count=12, code="E08000004"):
    council = f.council(code)
    f.officer(council)
    f.manager(council)
    acme = f.provider(f"Acme Care Ltd {code}")
    f.provider_user(acme)
    for number in range(count):
        f.location(
            council,
            provider=acme if number < 3 else None,
            name=f"Home {number}",
            care_home=number % 4 != 0,
            service_types=() if number % 4 else ("Homecare agencies",),
        )
    return council


def test_the_demo_adds_visits_findings_feedback_and_plans_in_every_state(db):
    council = make_council()
    summary = demo.generate_demo_monitoring(organisation=council, rng_seed=7, today=TODAY, now=NOW)
    assert summary.visits == 12 and summary.findings == Finding.objects.count() > 12
    assert Feedback.objects.count() == summary.feedback and summary.action_plans == ActionPlan.objects.count()
    statuses = set(Visit.objects.values_list("status", flat=True))
    assert {"published"} <= statuses
    texts = list(Finding.objects.values_list("text", flat=True))
    assert len(set(texts)) == len(texts)
    report = queries.thematic_analysis(organisation=council, start=date(2025, 4, 1), end=TODAY)
    assert report.findings > 0 and report.themes > 3
    assert queries.reports_for_provider(
        f.provider_user(
            Visit.objects.filter(location__provider__name__startswith="Acme Care Ltd")
            .first()
            .location.provider,
            role=Role.PROVIDER_STAFF,
            name="Sid Staff",
        )
    ).exists()


def test_the_demo_is_deterministic_and_runs_once(db):
    def shape(council):
        visits = Visit.objects.filter(organisation=council).order_by("location_id", "visit_on", "id")
        return [
            (v.visit_on, v.status, v.overall_rating, v.findings.count(), v.kind, v.announced) for v in visits
        ]

    oldham, rochdale = make_council(6), make_council(6, code="E08000005")
    first = demo.generate_demo_monitoring(organisation=oldham, rng_seed=3, today=TODAY, now=NOW)
    second = demo.generate_demo_monitoring(organisation=rochdale, rng_seed=3, today=TODAY, now=NOW)
    assert first == second and first.visits == 6
    assert shape(oldham) == shape(rochdale)
    assert demo.generate_demo_monitoring(organisation=oldham, rng_seed=3, today=TODAY, now=NOW).skipped
