"""Four-eyes for feedback an officer records on a visit: someone else approves it before it counts in the
public figures, unless the council has switched four-eyes off (then the approval is audited as waived)."""

import pytest
from django.urls import reverse

from carewatch.core.models import AuditEntry
from carewatch.monitoring import errors, queries, services
from carewatch.monitoring.models import Feedback
from tests.monitoring import given
from tests.pages import client_for, page, text

NOW = given.VISITED_AT


def recorded(world):
    return services.record_feedback(
        visit=given.visit(world),
        actor=world.officer,
        respondent_kind="person",
        scores={"safety": "5"},
        now=NOW,
    )


def test_an_officer_cannot_approve_feedback_they_recorded_themselves(world):
    feedback = recorded(world)
    with pytest.raises(errors.NotPermitted, match="another officer must approve it"):
        services.moderate_feedback(feedback=feedback, actor=world.officer, decision="approved", now=NOW)
    feedback.refresh_from_db()
    assert feedback.moderation == "pending"
    assert queries.feedback_summary(world.home).responses == 0
    assert not AuditEntry.objects.filter(action="monitoring.feedback_approved").exists()


def test_a_colleague_approves_it_and_nothing_is_waived(world):
    feedback = recorded(world)
    services.moderate_feedback(feedback=feedback, actor=world.colleague, decision="approved", now=NOW)
    assert queries.feedback_summary(world.home).responses == 1
    assert "four_eyes_waived" not in AuditEntry.objects.get(action="monitoring.feedback_approved").after


def test_the_officer_who_recorded_it_may_still_keep_it_out_by_rejecting_it(world):
    feedback = recorded(world)
    services.moderate_feedback(
        feedback=feedback, actor=world.officer, decision="rejected", reason="Wrong home", now=NOW
    )
    assert Feedback.objects.get().moderation == "rejected"


def test_with_four_eyes_switched_off_the_officer_may_approve_it_and_the_audit_entry_says_so(world):
    world.council.four_eyes = False
    world.council.save(update_fields=["four_eyes"])
    feedback = recorded(world)
    services.moderate_feedback(feedback=feedback, actor=world.officer, decision="approved", now=NOW)
    assert AuditEntry.objects.get(action="monitoring.feedback_approved").after["four_eyes_waived"] is True


def test_the_moderation_page_shows_the_refusal_not_an_error(world):
    feedback = recorded(world)
    officer = client_for(world.officer)
    url = reverse("monitoring:feedback_moderate", kwargs={"feedback_id": feedback.pk})
    soup = page(officer.post(url, {f"feedback-{feedback.pk}-decision": "approved"}))
    assert "You recorded this feedback, so another officer must approve it" in text(soup)
    assert Feedback.objects.get().moderation == "pending"
