"""The demo council's visit programme: a policy, every QA officer's capacity and a proposed four weeks;
a run stopped part way is finished by the next, and running again changes nothing."""

from __future__ import annotations

from carewatch.core.models import AuditEntry
from carewatch.demo import planning as demo
from carewatch.planning import models
from tests import access_helpers as ah
from tests.cases import factories as f

NOW = f.at(2026, 6, 3)  # a Wednesday
TODAY = NOW.date()


def council_with_a_risky_home():
    council = f.council()
    ah.person(council, "qa_manager", username="demo-manager")
    ah.person(council, "qa_officer", username="demo-officer")
    return council


def test_the_demo_sets_a_policy_capacity_and_proposes_four_weeks(db):
    council = council_with_a_risky_home()
    made = demo.generate_demo_planning(council=council, today=TODAY, now=NOW)
    assert made.policy_version == 1 and made.officers == 2
    plan = models.Programme.objects.get()
    assert plan.status == "draft" and plan.starts_on.isoformat() == "2026-06-08"
    assert models.OfficerCapacity.objects.filter(organisation=council).count() == 2
    assert AuditEntry.objects.filter(action="planning.policy_changed").count() == 1


def test_a_run_stopped_part_way_is_finished_and_running_again_changes_nothing(db):
    council = council_with_a_risky_home()
    demo.generate_demo_planning(council=council, today=TODAY, now=NOW)
    models.Programme.objects.all().delete()  # as if stopped before the programme was proposed
    demo.generate_demo_planning(council=council, today=TODAY, now=NOW)
    entries = AuditEntry.objects.count()
    again = demo.generate_demo_planning(council=council, today=TODAY, now=NOW)
    assert AuditEntry.objects.count() == entries
    assert models.Programme.objects.count() == 1 and models.PolicyVersion.objects.count() == 1
    assert again.policy_version == 1


def test_a_council_without_a_qa_manager_gets_nothing(db):
    council = f.council()
    assert demo.generate_demo_planning(council=council, today=TODAY, now=NOW) == demo.DemoPlanning(0, 0, 0)
    assert not models.PolicyVersion.objects.exists()
