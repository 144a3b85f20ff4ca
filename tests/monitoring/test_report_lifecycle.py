"""The report: draft → sent to the provider (14 days, configurable) → accepted or disputed → senior review → published."""

from datetime import date, timedelta

import pytest

from carewatch.core.models import AuditEntry
from carewatch.monitoring import errors, queries, services
from carewatch.monitoring.models import DisputeReview, VisitState, VisitStatus
from tests.monitoring import factories as f
from tests.monitoring import given

NOW = given.VISITED_AT
SUMMARY = "Oak House was visited unannounced. Medicines need to improve."


def test_sending_the_draft_gives_the_provider_14_days_for_factual_accuracy_comments(world):
    visit = given.sent(world)
    assert (visit.status, visit.comments_due_on) == (VisitState.SENT, date(2026, 3, 16))
    assert VisitStatus.objects.get(visit=visit, status="sent").due_on == date(2026, 3, 16)


def test_a_council_can_set_a_different_factual_accuracy_window(world):
    services.configure_monitoring(
        organisation=world.council, actor=world.manager, now=NOW, factual_accuracy_days=10
    )
    assert given.sent(world).comments_due_on == date(2026, 3, 12)
    with pytest.raises(errors.InvalidInput) as refused:
        services.configure_monitoring(
            organisation=world.council, actor=world.manager, now=NOW, factual_accuracy_days=0
        )
    assert refused.value.field == "factual_accuracy_days"


def test_a_draft_without_answers_cannot_be_sent(world):
    with pytest.raises(errors.InvalidInput, match="at least one answer"):
        services.send_draft_to_provider(visit=given.visit(world), actor=world.officer, now=NOW)


def test_the_provider_accepts_the_draft_and_the_officer_publishes_it(world):
    visit = given.sent(world, "Good", findings=0)
    services.add_provider_comment(
        visit=visit,
        actor=world.acme_manager,
        response="accepted",
        text="Thank you",
        now=NOW + timedelta(days=2),
    )
    published = services.publish_report(
        visit=visit, actor=world.officer, public_summary=SUMMARY, now=NOW + timedelta(days=3)
    )
    assert (published.status, published.public_summary, published.published_at) == (
        VisitState.PUBLISHED,
        SUMMARY,
        NOW + timedelta(days=3),
    )
    assert [s.status for s in queries.visit_history(visit)] == ["draft", "sent", "accepted", "published"]
    summary = queries.published_summary(world.home)
    assert (summary.rating, summary.summary, summary.council) == ("Good", SUMMARY, "Oldham Council")


def test_a_disputed_draft_needs_a_senior_officers_review_before_it_is_published(world):
    visit = given.sent(world, "Requires improvement")
    services.add_provider_comment(
        visit=visit,
        actor=world.acme_manager,
        response="disputed",
        question="CH-13",
        text="Our MAR audit shows no gaps on those dates",
        now=NOW + timedelta(days=4),
    )
    with pytest.raises(errors.WrongState, match="disputed"):
        services.publish_report(
            visit=visit, actor=world.officer, public_summary=SUMMARY, now=NOW + timedelta(days=5)
        )
    with pytest.raises(errors.NotPermitted):
        services.review_dispute(
            visit=visit, actor=world.colleague, outcome="upheld", reasons="x", now=NOW + timedelta(days=5)
        )

    review = services.review_dispute(
        visit=visit,
        actor=world.manager,
        outcome="upheld",
        reasons="The MAR charts we saw had gaps",
        now=NOW + timedelta(days=6),
    )
    assert review.outcome == "upheld"
    services.publish_report(
        visit=visit, actor=world.officer, public_summary=SUMMARY, now=NOW + timedelta(days=7)
    )
    assert [s.status for s in queries.visit_history(visit)] == [
        "draft",
        "sent",
        "disputed",
        "reviewed",
        "published",
    ]


def test_a_review_can_amend_answers_and_the_report_is_re_rated(world):
    visit = given.visit(world)
    given.answer_all(world, visit, "Good", overrides={"CH-13": "Poor", "CH-14": "Poor"})
    visit = services.send_draft_to_provider(visit=visit, actor=world.officer, now=NOW)
    services.add_provider_comment(
        visit=visit, actor=world.acme_manager, response="disputed", text="Medicines are safe", now=NOW
    )
    assert visit.standard_ratings["8"] == 1
    services.review_dispute(
        visit=visit,
        actor=world.manager,
        outcome="amended",
        reasons="Evidence supplied",
        now=NOW,
        changes={"CH-13": "Good", "CH-14": "Good"},
    )
    visit.refresh_from_db()
    assert visit.standard_ratings["8"] == 3 and visit.status == VisitState.REVIEWED
    review = DisputeReview.objects.get(visit=visit)
    assert review.changes["CH-13"] == {"from": 1, "to": 3}


def test_the_senior_officer_must_not_have_carried_out_the_visit(world):
    visit = given.visit(world, officers=[world.officer, world.manager])
    given.answer_all(world, visit, "Good")
    services.send_draft_to_provider(visit=visit, actor=world.officer, now=NOW)
    services.add_provider_comment(
        visit=visit, actor=world.acme_manager, response="disputed", text="Wrong date", now=NOW
    )
    with pytest.raises(errors.NotPermitted, match="did not carry out"):
        services.review_dispute(visit=visit, actor=world.manager, outcome="upheld", reasons="Fine", now=NOW)


def test_with_no_comments_the_report_is_published_only_after_the_window_closes(world):
    visit = given.sent(world, "Good", findings=0)
    with pytest.raises(errors.WrongState, match="until 16 March 2026"):
        services.publish_report(
            visit=visit, actor=world.officer, public_summary=SUMMARY, now=f.at(2026, 3, 16, 17)
        )
    services.publish_report(
        visit=visit, actor=world.officer, public_summary=SUMMARY, now=f.at(2026, 3, 17, 9)
    )


def test_comments_after_the_window_closes_are_refused(world):
    visit = given.sent(world)
    with pytest.raises(errors.WrongState, match="ended on 16 March 2026"):
        services.add_provider_comment(
            visit=visit, actor=world.acme_manager, response="disputed", text="Late", now=f.at(2026, 3, 17)
        )


def test_only_the_provider_of_the_location_comments_on_its_draft(world):
    visit = given.sent(world)
    for outsider in (
        world.beta_manager,
        world.officer,
        f.person(None, "provider_manager", name="Nobody Here"),
    ):
        with pytest.raises(errors.NotPermitted):
            services.add_provider_comment(visit=visit, actor=outsider, response="accepted", text="", now=NOW)


def test_a_dispute_needs_its_reasons_and_a_summary_is_needed_to_publish(world):
    visit = given.sent(world)
    with pytest.raises(errors.InvalidInput) as refused:
        services.add_provider_comment(
            visit=visit, actor=world.acme_manager, response="disputed", text="  ", now=NOW
        )
    assert refused.value.field == "text"
    services.add_provider_comment(
        visit=visit, actor=world.acme_manager, response="accepted", text="", now=NOW
    )
    with pytest.raises(errors.InvalidInput) as refused:
        services.publish_report(visit=visit, actor=world.officer, public_summary="", now=NOW)
    assert refused.value.field == "public_summary"


def test_an_accepted_draft_can_still_be_disputed_while_the_window_is_open(world):
    visit = given.sent(world)
    services.add_provider_comment(
        visit=visit, actor=world.acme_manager, response="accepted", text="", now=NOW
    )
    services.add_provider_comment(
        visit=visit, actor=world.acme_manager, response="disputed", text="On reflection, no", now=NOW
    )
    visit.refresh_from_db()
    assert visit.status == VisitState.DISPUTED


def test_status_rows_are_history_that_cannot_be_changed(world):
    row = VisitStatus.objects.filter(visit=given.sent(world)).first()
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


def test_every_step_writes_one_audit_entry_for_the_council(world):
    given.published(world)
    actions = list(
        AuditEntry.objects.filter(action__startswith="monitoring.")
        .exclude(action="monitoring.defaults_installed")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "monitoring.visit_recorded",
        "monitoring.answers_recorded",
        "monitoring.finding_added",
        "monitoring.finding_added",
        "monitoring.draft_sent",
        "monitoring.draft_accepted",
        "monitoring.report_published",
    ]
    assert set(
        AuditEntry.objects.filter(action__startswith="monitoring.", organisation__isnull=False).values_list(
            "organisation", flat=True
        )
    ) == {world.council.pk}
