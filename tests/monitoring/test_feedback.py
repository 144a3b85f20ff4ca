"""Lived experience: moderated before anything is shown, and shown only in aggregate."""

import pytest

from carewatch.core.models import AuditEntry
from carewatch.monitoring import errors, queries, services
from carewatch.monitoring.models import Feedback, FeedbackModeration
from tests.monitoring import factories as f
from tests.monitoring import given

NOW = given.VISITED_AT
GOOD = {"safety": 5, "kindness": 4, "listened_to": 4, "food": 3}


@pytest.fixture
def link(world):
    return services.create_feedback_link(
        organisation=world.council, actor=world.officer, location=world.home, now=NOW
    )


def submit(link, scores=GOOD, **options):
    return services.submit_feedback(
        token=link.token, respondent_kind=options.pop("kind", "relative"), scores=scores, now=NOW, **options
    )


def approve(world, feedback):
    return services.moderate_feedback(feedback=feedback, actor=world.officer, decision="approved", now=NOW)


def test_feedback_through_the_public_link_waits_for_moderation_and_keeps_no_name_when_anonymous(world, link):
    feedback = submit(
        link, comments="My dad is happy here", easy_read=True, respondent_name="Should not be kept"
    )
    assert (feedback.moderation, feedback.anonymous, feedback.respondent_name, feedback.easy_read) == (
        "pending",
        True,
        "",
        True,
    )
    assert list(queries.moderation_queue(world.council)) == [feedback]
    entry = AuditEntry.objects.get(action="monitoring.feedback_received")
    assert entry.actor_label == "public feedback link" and "My dad" not in str(entry.after)


def test_one_location_has_one_open_link_and_a_revoked_link_stops_working(world, link):
    assert (
        services.create_feedback_link(
            organisation=world.council, actor=world.officer, location=world.home, now=NOW
        )
        == link
    )
    services.revoke_feedback_link(link=link, actor=world.officer, now=NOW)
    with pytest.raises(errors.NotPermitted):
        submit(link)
    with pytest.raises(errors.NotPermitted):
        services.submit_feedback(token="guess", respondent_kind="person", scores=GOOD, now=NOW)
    fresh = services.create_feedback_link(
        organisation=world.council, actor=world.officer, location=world.home, now=NOW
    )
    assert fresh.token != link.token


def test_an_officer_records_named_feedback_on_a_visit(world):
    visit = given.visit(world)
    feedback = services.record_feedback(
        visit=visit,
        actor=world.officer,
        respondent_kind="person",
        scores={"safety": "4"},
        anonymous=False,
        respondent_name="Mrs Ada Lovelace",
        now=NOW,
    )
    assert (feedback.channel, feedback.visit, feedback.respondent_name, feedback.safety) == (
        "visit",
        visit,
        "Mrs Ada Lovelace",
        4,
    )


def test_scores_run_from_1_to_5_and_something_must_be_said(world, link):
    for scores, field in (
        ({"safety": 6}, "safety"),
        ({"safety": 0}, "safety"),
        ({"taste": 3}, "taste"),
        ({}, "scores"),
    ):
        with pytest.raises(errors.InvalidInput) as refused:
            submit(link, scores)
        assert refused.value.field == field
    with pytest.raises(errors.InvalidInput) as refused:
        submit(link, anonymous=False)
    assert refused.value.field == "respondent_name"


def test_the_summary_counts_only_approved_feedback_and_suppresses_categories_under_5(world, link):
    approved = [submit(link, {"safety": 5, "kindness": 4, "food": 2}) for _ in range(5)]
    approved.append(submit(link, {"safety": 3, "kindness": 4}))
    for feedback in approved:
        approve(world, feedback)
    for _ in range(3):
        submit(link, {"safety": 1, "kindness": 1, "food": 1, "activities": 1})  # pending: never counted
    rejected = submit(link, {"safety": 1})
    approve(world, rejected)
    services.moderate_feedback(
        feedback=rejected, actor=world.officer, decision="rejected", reason="Names a carer", now=NOW
    )

    summary = queries.feedback_summary(world.home)
    assert summary.responses == 6
    by_field = {c.field: c for c in summary.categories}
    assert (by_field["safety"].responses, by_field["safety"].average, by_field["safety"].positive_share) == (
        6,
        4.7,
        0.833,
    )
    assert (by_field["kindness"].average, by_field["food"].suppressed, by_field["food"].average) == (
        4.0,
        False,
        2.0,
    )
    assert (
        by_field["activities"].suppressed
        and by_field["activities"].average is None
        and by_field["activities"].responses == 0
    )
    assert [c.field for c in summary.shown] == ["safety", "kindness", "food"]
    assert summary.by_respondent == {"Relative or friend": 6}


def test_a_category_with_four_responses_shows_no_average(world, link):
    for _ in range(4):
        approve(world, submit(link, {"safety": 5}))
    summary = queries.feedback_summary(world.home)
    assert [(c.responses, c.suppressed, c.average) for c in summary.categories if c.field == "safety"] == [
        (4, True, None)
    ]
    assert summary.by_respondent == {"Relative or friend": None}


def test_the_summary_holds_no_single_response_and_no_free_text(world, link):
    for _ in range(5):
        approve(world, submit(link, comments="A private remark about Mrs B"))
    summary = queries.feedback_summary(world.home)
    assert "Mrs B" not in repr(summary)
    assert not any(isinstance(value, Feedback) for value in summary.__dict__.values())


def test_rejecting_needs_a_reason_and_every_decision_is_kept(world, link):
    feedback = submit(link)
    with pytest.raises(errors.InvalidInput) as refused:
        services.moderate_feedback(feedback=feedback, actor=world.officer, decision="rejected", now=NOW)
    assert refused.value.field == "reason"
    approve(world, feedback)
    services.moderate_feedback(
        feedback=feedback, actor=world.officer, decision="rejected", reason="Identifies a resident", now=NOW
    )
    assert list(
        FeedbackModeration.objects.filter(feedback=feedback).order_by("id").values_list("decision", "by")
    ) == [
        ("approved", world.officer.pk),
        ("rejected", world.officer.pk),
    ]


def test_only_the_councils_officers_moderate(world, link):
    feedback = submit(link)
    for outsider in (world.acme_manager, f.officer(f.council("E08000005"), name="Rae Rochdale")):
        with pytest.raises(errors.NotPermitted):
            services.moderate_feedback(feedback=feedback, actor=outsider, decision="approved", now=NOW)
