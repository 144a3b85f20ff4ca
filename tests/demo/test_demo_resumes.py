"""A demo preparation stopped part way (Ctrl-C during ``make run``) leaves whole services only, and the
next run finishes the demo as an uninterrupted run would have (issue 13)."""

import pytest

from carewatch.demo import monitoring as demo
from carewatch.demo.monitoring import plans as demo_plans
from carewatch.monitoring.models import ActionPlan, Feedback, FeedbackLink, Finding, Visit
from tests.monitoring.test_demo import NOW, TODAY, make_council


def shape(council):
    visits = Visit.objects.filter(organisation=council).order_by("location__name", "visit_on", "id")
    return [
        (v.location.name, v.visit_on, v.status, v.overall_rating, v.findings.count(), v.kind, v.announced)
        for v in visits
    ]


def test_a_stopped_run_leaves_whole_services_and_the_next_run_completes_the_demo(db, monkeypatch):
    whole = make_council(8, code="E08000005")
    demo.generate_demo_monitoring(organisation=whole, rng_seed=3, today=TODAY, now=NOW)

    stopped = make_council(8)
    real_plan_round = demo_plans.plan_round
    calls = []

    def ctrl_c_at_the_fourth_service(visit, **kwargs):
        calls.append(visit.location_id)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real_plan_round(visit, **kwargs)

    monkeypatch.setattr(demo, "plan_round", ctrl_c_at_the_fourth_service)
    with pytest.raises(KeyboardInterrupt):
        demo.generate_demo_monitoring(organisation=stopped, rng_seed=3, today=TODAY, now=NOW)
    # The fourth service's visit, findings, feedback and link were rolled back with it.
    assert Visit.objects.filter(organisation=stopped).count() == 3
    assert not Visit.objects.filter(organisation=stopped, location_id=calls[3]).exists()
    assert not FeedbackLink.objects.filter(organisation=stopped, location_id=calls[3]).exists()

    monkeypatch.setattr(demo, "plan_round", real_plan_round)
    resumed = demo.generate_demo_monitoring(organisation=stopped, rng_seed=3, today=TODAY, now=NOW)

    assert resumed.visits == 5 and not resumed.skipped
    assert shape(stopped) == shape(whole)
    for model in (Finding, Feedback, ActionPlan):
        field = "visit__organisation" if model is not Feedback else "organisation"
        assert (
            model.objects.filter(**{field: stopped}).count() == model.objects.filter(**{field: whole}).count()
        ), model.__name__
    assert FeedbackLink.objects.filter(organisation=stopped).count() == 2  # the 1st and 5th services
    assert demo.generate_demo_monitoring(organisation=stopped, rng_seed=3, today=TODAY, now=NOW).skipped
