"""The moderation queue at scale: filters (status, service, days received), 25 responses to a page, oldest
or newest first, and one decision on the responses ticked — each decided and audited on its own, four-eyes
applied to each, the refusals named on the page.

Pages are read as a person reads them (BeautifulSoup). Time is frozen on Monday 2 March 2026, 11am.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carewatch.core.models import AuditEntry
from carewatch.monitoring import services
from carewatch.monitoring.models import Feedback, FeedbackModeration
from carewatch.monitoring.services import feedback as feedback_services
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, page, text

NOW = given.VISITED_AT + timedelta(hours=2)
QUEUE = reverse("monitoring:moderation_queue")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def link_for(world, location):
    return services.create_feedback_link(
        organisation=world.council, actor=world.officer, location=location, now=NOW
    )


def responses(link, count: int, *, days_ago: int = 0, comments: str = "") -> list[Feedback]:
    """``count`` responses through ``link``, a minute apart, ``days_ago`` days before now."""
    return [
        services.submit_feedback(
            token=link.token,
            respondent_kind="relative",
            scores={"safety": 4},
            comments=comments,
            now=NOW - timedelta(days=days_ago, minutes=count - n),
        )
        for n in range(count)
    ]


def named(location) -> str:
    """A service as the filter names it: its name and postcode (when it has one)."""
    return ", ".join(part for part in (location.name, location.postcode) if part)


def cards(soup) -> list[str]:
    return [" ".join(h.text.split()) for h in soup.select(".govuk-summary-card__title")]


def queue(client, **query):
    return page(client.get(f"{QUEUE}?{urlencode(query)}" if query else QUEUE))


def errors_of(soup) -> list[tuple[str, str]]:
    return [(a.text, a["href"]) for a in soup.select(".govuk-error-summary a")]


# --- filters, sorting and paging -------------------------------------------------------------------


def test_the_queue_filters_by_service_status_and_days_received(world):
    oak, birch = link_for(world, world.home), link_for(world, world.other_home)
    (old_oak,) = responses(oak, 1, days_ago=10)
    (new_oak,) = responses(oak, 1)
    (birch_one,) = responses(birch, 1, days_ago=3)
    services.moderate_feedback(feedback=old_oak, actor=world.officer, decision="approved", now=NOW)
    officer = client_for(world.officer)

    assert cards(queue(officer)) == [
        f"Feedback {birch_one.pk}: Birch Lodge",
        f"Feedback {new_oak.pk}: Oak House",
    ]
    soup = queue(officer, service=world.home.pk)
    assert cards(soup) == [f"Feedback {new_oak.pk}: Oak House"]
    assert [o.text for o in soup.select("#id_service option")] == [
        "Any service",
        named(world.other_home),
        named(world.home),
    ]
    soup = queue(officer, status="approved")
    assert cards(soup) == [f"Feedback {old_oak.pk}: Oak House"]
    assert "Approved by Olive Officer on 2 March 2026" in text(soup)
    assert len(cards(queue(officer, status="all"))) == 3
    received = queue(officer, status="all", received_from="25/2/2026", received_to="28/2/2026")
    assert cards(received) == [f"Feedback {birch_one.pk}: Birch Lodge"]
    assert cards(queue(officer, status="all", received_from="2026-03-02")) == [
        f"Feedback {new_oak.pk}: Oak House"
    ]
    assert "No feedback matches these filters." in text(queue(officer, status="rejected"))


@pytest.mark.parametrize(
    "query, message, anchor",
    [
        ({"status": "everything"}, "Choose a status from the list", "#id_status"),
        ({"service": "1-999"}, "Choose a service from the list", "#id_service"),
        ({"sort": "random"}, "Choose oldest first or newest first", "#id_sort"),
        (
            {"received_from": "30/2/2026"},
            "The ‘received from’ date must be a real date, for example 27/3/2026",
            "#id_received_from",
        ),
        (
            {"received_to": "1/1/1900"},
            "The ‘received to’ date must be between 1 January 2010 and 31 December 2099",
            "#id_received_to",
        ),
        (
            {"received_from": "5/3/2026", "received_to": "1/3/2026"},
            "The ‘received to’ date must be the same as or after the ‘received from’ date",
            "#id_received_to",
        ),
    ],
)
def test_a_filter_value_not_on_offer_is_an_error_and_shows_no_feedback(world, query, message, anchor):
    responses(link_for(world, world.home), 2, comments="Private words")
    soup = queue(client_for(world.officer), **query)
    assert soup.title.text.startswith("Error: ")
    assert errors_of(soup) == [(message, anchor)]
    assert cards(soup) == [] and "Private words" not in text(soup)
    assert "Correct the filters to see the feedback." in text(soup)


def test_the_queue_shows_25_responses_a_page_oldest_first_with_govuk_pagination(world):
    made = responses(link_for(world, world.home), 60)
    officer = client_for(world.officer)

    first = queue(officer)
    assert cards(first) == [f"Feedback {r.pk}: Oak House" for r in made[:25]]
    assert "Showing 1 to 25 of 60 responses waiting for moderation." in text(first)
    choose_all = first.select_one("button[type=button][data-choose-all=feedback]")
    assert choose_all.has_attr("hidden"), "shown by choose-all.js; without it each box is ticked by itself"
    assert "/static/carewatch/choose-all.js" in [script.get("src") for script in first.select("script")]
    assert all(script.get("src") for script in first.select("script")), "no inline script (the CSP)"
    nav = first.select_one("nav.govuk-pagination[aria-label='Pages of feedback']")
    assert [a.text.strip() for a in nav.select(".govuk-pagination__item a")] == ["1", "2", "3"]
    assert nav.select_one("[aria-current=page]").text == "1"
    assert not nav.select(".govuk-pagination__prev")
    assert nav.select_one(".govuk-pagination__next a")["href"] == "?page=2"

    last = queue(officer, page=3)
    assert cards(last) == [f"Feedback {r.pk}: Oak House" for r in made[50:]]
    assert "Showing 51 to 60 of 60" in text(last)
    assert last.select_one(".govuk-pagination__prev a")["href"] == "?page=2"

    newest = queue(officer, sort="newest", page=2)
    assert cards(newest) == [f"Feedback {r.pk}: Oak House" for r in reversed(made[10:35])]
    assert newest.select_one(".govuk-pagination__next a")["href"] == "?sort=newest&page=3"


def test_a_page_of_the_queue_costs_the_same_queries_however_many_responses_it_holds(world):
    oak = link_for(world, world.home)
    officer = client_for(world.officer)
    recorded_visit = given.visit(world)
    services.record_feedback(
        visit=recorded_visit, actor=world.officer, respondent_kind="person", scores={"food": 3}, now=NOW
    )
    responses(oak, 2)
    services.moderate_feedback(
        feedback=Feedback.objects.first(),
        actor=world.colleague,
        decision="rejected",
        reason="Wrong home",
        now=NOW,
    )
    with CaptureQueriesContext(connection) as few:
        queue(officer, status="all")
    responses(oak, 40)
    with CaptureQueriesContext(connection) as many:
        assert len(cards(queue(officer, status="all"))) == 25
    assert len(many) == len(few)


# --- bulk decisions ---------------------------------------------------------------------------------


def test_a_manager_ticks_three_responses_and_approves_them_each_audited_and_the_filters_kept(world):
    made = responses(link_for(world, world.home), 5)
    manager = client_for(world.manager)
    query = f"?{urlencode({'service': world.home.pk, 'sort': 'newest'})}"
    chosen = [made[0].pk, made[2].pk, made[4].pk]

    response = manager.post(QUEUE + query, {"feedback": chosen, "decision": "approved"})
    assert response.status_code == 302 and response["Location"] == QUEUE + query
    assert sorted(Feedback.objects.filter(moderation="approved").values_list("pk", flat=True)) == chosen
    assert FeedbackModeration.objects.filter(by=world.manager, decision="approved").count() == 3
    entries = AuditEntry.objects.filter(action="monitoring.feedback_approved")
    assert sorted(int(e.object_id) for e in entries) == chosen and {e.actor for e in entries} == {
        world.manager
    }
    soup = page(manager.get(response["Location"]))
    assert soup.select_one(".govuk-notification-banner--success").text.split() == [
        "Success",
        "3",
        "responses",
        "approved",
    ]
    assert cards(soup) == [f"Feedback {made[3].pk}: Oak House", f"Feedback {made[1].pk}: Oak House"]


def test_rejecting_in_bulk_needs_one_reason_and_keeps_it_for_each(world):
    made = responses(link_for(world, world.home), 3)
    officer = client_for(world.officer)
    chosen = [made[0].pk, made[1].pk]

    soup = page(officer.post(QUEUE, {"feedback": chosen, "decision": "rejected"}))
    assert errors_of(soup) == [("Give the reason for rejecting it", "#id_reason")]
    assert [box["value"] for box in soup.select("input[name=feedback][checked]")] == [
        str(pk) for pk in chosen
    ]
    assert not Feedback.objects.exclude(moderation="pending").exists()

    officer.post(QUEUE, {"feedback": chosen, "decision": "rejected", "reason": "Not about this service"})
    assert sorted(FeedbackModeration.objects.values_list("feedback_id", "reason")) == [
        (pk, "Not about this service") for pk in chosen
    ]
    assert AuditEntry.objects.filter(action="monitoring.feedback_rejected").count() == 2


def test_deciding_with_nothing_ticked_or_no_decision_says_what_is_missing(world):
    responses(link_for(world, world.home), 2)
    soup = page(client_for(world.officer).post(QUEUE, {}))
    assert errors_of(soup) == [
        ("Choose at least one response", "#id_feedback_0"),
        ("Choose whether to approve or reject the feedback", "#id_decision_0"),
    ]
    assert soup.select_one("#id_feedback_0") is not None
    assert not FeedbackModeration.objects.exists()


def test_four_eyes_in_bulk_approves_the_others_and_names_the_ones_the_officer_recorded(world):
    visit = given.visit(world)
    mine = [
        services.record_feedback(
            visit=visit, actor=world.officer, respondent_kind="person", scores={"safety": 5}, now=NOW
        )
        for _ in range(2)
    ]
    (public,) = responses(link_for(world, world.home), 1)
    officer = client_for(world.officer)

    soup = queue(officer)
    assert "Collected on a visit, recorded by you: another officer must approve it" in text(soup)
    response = officer.post(QUEUE, {"feedback": [mine[0].pk, public.pk, mine[1].pk], "decision": "approved"})
    soup = page(officer.get(response["Location"]))
    assert " ".join(soup.select_one(".govuk-notification-banner--success").text.split()) == (
        "Success 1 response approved"
    )
    important = soup.select(".govuk-notification-banner:not(.govuk-notification-banner--success)")
    assert [" ".join(banner.text.split()) for banner in important] == [
        f"Important Feedback {mine[0].pk} and {mine[1].pk} not approved. "
        "You recorded this feedback, so another officer must approve it (four-eyes)."
    ]
    assert list(Feedback.objects.order_by("pk").values_list("pk", "moderation")) == [
        (mine[0].pk, "pending"),
        (mine[1].pk, "pending"),
        (public.pk, "approved"),
    ]
    assert AuditEntry.objects.filter(action="monitoring.feedback_approved").count() == 1
    assert cards(soup) == [f"Feedback {mine[0].pk}: Oak House", f"Feedback {mine[1].pk}: Oak House"]

    client_for(world.colleague).post(QUEUE, {"feedback": [m.pk for m in mine], "decision": "approved"})
    assert not Feedback.objects.filter(moderation="pending").exists()


def test_with_four_eyes_off_a_bulk_approval_of_ones_own_records_is_audited_as_waived(world):
    world.council.four_eyes = False
    world.council.save(update_fields=["four_eyes"])
    recorded = services.record_feedback(
        visit=given.visit(world), actor=world.officer, respondent_kind="person", scores={"safety": 5}, now=NOW
    )
    outcome = feedback_services.moderate_feedback_in_bulk(
        organisation=world.council,
        actor=world.officer,
        feedback_ids=[recorded.pk],
        decision="approved",
        now=NOW,
    )
    assert [f.pk for f in outcome.decided] == [recorded.pk] and outcome.refused == ()
    assert AuditEntry.objects.get(action="monitoring.feedback_approved").after["four_eyes_waived"] is True


def test_a_response_already_decided_is_named_and_left_as_it_is(world):
    first, second = responses(link_for(world, world.home), 2)
    services.moderate_feedback(feedback=first, actor=world.colleague, decision="approved", now=NOW)
    officer = client_for(world.officer)
    response = officer.post(
        f"{QUEUE}?status=all", {"feedback": [first.pk, second.pk], "decision": "approved"}
    )
    soup = page(officer.get(response["Location"]))
    assert f"Feedback {first.pk} not approved. This feedback is already approved." in text(soup)
    assert FeedbackModeration.objects.filter(feedback=first).count() == 1


def test_another_councils_response_cannot_be_decided_in_bulk_and_nothing_is_decided(world):
    (oldham,) = responses(link_for(world, world.home), 1, comments="Private words")
    rochdale = f.council("E08000005")
    rory = f.officer(rochdale, name="Rory Rochdale")
    other = services.create_feedback_link(
        organisation=rochdale, actor=rory, location=world.other_home, now=NOW
    )
    (theirs,) = responses(other, 1)
    soup = page(client_for(rory).post(QUEUE, {"feedback": [theirs.pk, oldham.pk], "decision": "approved"}))
    assert errors_of(soup) == [
        (f"Feedback {oldham.pk} is not one of Rochdale Council's responses", "#id_feedback_0")
    ]
    assert "Private words" not in text(soup)
    assert not Feedback.objects.exclude(moderation="pending").exists()


def test_ids_that_are_not_numbers_are_refused_without_an_error_page(world):
    responses(link_for(world, world.home), 1)
    soup = page(
        client_for(world.officer).post(QUEUE, {"feedback": ["1; drop", "x" * 40], "decision": "approved"})
    )
    assert errors_of(soup) == [("Choose responses from the list", "#id_feedback_0")]
