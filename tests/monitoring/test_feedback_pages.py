"""Lived-experience pages: the public feedback form (standard and easy read), the council's feedback links,
moderation, feedback recorded on a visit, and the aggregate on a service's public page.

Pages are read as a person reads them (BeautifulSoup). Time is frozen on Monday 2 March 2026.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from carewatch.core.roles import Role
from carewatch.monitoring import services
from carewatch.monitoring.models import Feedback, FeedbackLink, FeedbackModeration
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, h1, page, text

NOW = given.VISITED_AT + timedelta(hours=2)
CATEGORIES = ("safety", "kindness", "listened_to", "activities", "food", "cleanliness", "staff_know_me")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def link(world):
    return services.create_feedback_link(
        organisation=world.council, actor=world.officer, location=world.home, now=NOW
    )


@pytest.fixture
def rochdale():
    council = f.council("E08000005")
    return {"council": council, "officer": f.officer(council, name="Rory Rochdale")}


def give_url(link, easy_read=False) -> str:
    url = reverse("public:feedback_give", kwargs={"feedback_token": link.token})
    return f"{url}?version=easy-read" if easy_read else url


def submitted(link, scores=None, **options):
    return services.submit_feedback(
        token=link.token,
        respondent_kind=options.pop("kind", "relative"),
        scores=scores or {"safety": 5, "kindness": 4},
        now=NOW,
        **options,
    )


# --- the public form ------------------------------------------------------------------------------


def test_anyone_with_the_link_sees_a_plain_english_form_with_every_category_and_no_other_feedback(
    world, link
):
    approved = submitted(link, comments="The night carer shouted at my mother")
    services.moderate_feedback(feedback=approved, actor=world.officer, decision="approved", now=NOW)

    soup = page(Client().get(give_url(link)))
    assert h1(soup) == "Give feedback about Oak House"
    legends = [" ".join(legend.text.split()) for legend in soup.select("legend")]
    assert legends == [
        "Which of these describes you?",
        "I feel safe",
        "Staff are kind to me",
        "Staff listen to me",
        "There are things to do that I enjoy",
        "I like the food and drink",
        "The place is clean",
        "Staff know me and what I like",
    ]
    safety = [
        soup.find("label", attrs={"for": radio["id"]}).text for radio in soup.select("input[name=safety]")
    ]
    assert safety == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
        "Prefer not to say",
    ]
    assert not soup.select("input[type=radio][checked]"), "nothing is chosen for the person"
    assert soup.select_one("textarea[name=comments]") and soup.select_one("input[name=respondent_name]")
    assert "shouted" not in text(soup)
    assert soup.find("a", string="Use the easy-read version of this form")["href"] == give_url(
        link, easy_read=True
    )


def test_the_easy_read_form_asks_one_short_question_at_a_time_on_a_face_scale(world, link):
    soup = page(Client().get(give_url(link, easy_read=True)))
    assert h1(soup) == "Tell us what you think about Oak House"
    fieldsets = soup.select("fieldset")
    assert len(fieldsets) == 1 + len(CATEGORIES)  # who you are, then one question per fieldset
    assert all(len({radio["name"] for radio in fs.select("input[type=radio]")}) == 1 for fs in fieldsets)
    assert " ".join(fieldsets[1].legend.text.split()) == "Question 1 of 7 Feeling safe"
    labels = [label.text for label in fieldsets[1].select("label")]
    assert labels == ["Very bad", "Bad", "OK", "Good", "Very good", "I do not want to say"]
    assert all("govuk-!-font-size-24" in label["class"] for label in fieldsets[1].select("label"))
    assert not soup.select("input[type=radio][checked]"), "nothing is chosen for the person"
    assert [label.text for label in fieldsets[0].select("label")] == [
        "I use this service",
        "I am a relative or friend",
        "I work here",
        "Someone else",
    ]
    assert soup.find("a", string="Use the standard form")["href"] == give_url(link)
    assert soup.select_one("form[method=post]")["action"] == give_url(link, easy_read=True)


def test_sending_the_form_keeps_an_anonymous_response_waiting_for_moderation_and_says_thank_you(world, link):
    visitor = Client()
    response = visitor.post(
        give_url(link),
        {
            "respondent_kind": "relative",
            "safety": "4",
            "kindness": "5",
            "food": "skip",
            "comments": "Lovely staff",
        },
    )
    thanks = reverse("public:feedback_given", kwargs={"feedback_token": link.token})
    assert response.status_code == 302 and response["Location"] == thanks
    feedback = Feedback.objects.get()
    assert (feedback.respondent_kind, feedback.safety, feedback.kindness, feedback.food) == (
        "relative",
        4,
        5,
        None,
    )
    assert (feedback.anonymous, feedback.respondent_name, feedback.easy_read, feedback.moderation) == (
        True,
        "",
        False,
        "pending",
    )
    assert (feedback.channel, feedback.link, feedback.location) == ("public_link", link, world.home)
    soup = page(visitor.get(thanks))
    assert h1(soup) == "Thank you for your feedback"
    assert "Your feedback about Oak House has been sent" in text(soup)
    assert "Lovely staff" not in text(soup)


def test_the_easy_read_form_records_that_it_was_used_and_a_given_name_is_kept(world, link):
    response = Client().post(
        give_url(link, easy_read=True),
        {"respondent_kind": "person", "safety": "5", "respondent_name": "  Ada Lovelace "},
    )
    assert response["Location"].endswith("/thank-you/?version=easy-read")
    feedback = Feedback.objects.get()
    assert (feedback.easy_read, feedback.anonymous, feedback.respondent_name) == (True, False, "Ada Lovelace")
    soup = page(Client().get(response["Location"]))
    assert h1(soup) == "Thank you"
    assert "Someone from the council will read your answers." in text(soup)


def test_a_form_with_nothing_answered_says_what_to_do_and_keeps_nothing(world, link):
    soup = page(Client().post(give_url(link), {"safety": ""}))
    assert soup.title.text.startswith("Error: ")
    summary = [(a.text, a["href"]) for a in soup.select(".govuk-error-summary a")]
    assert summary == [
        ("Choose which of these describes you", "#id_respondent_kind_0"),
    ]
    soup = page(Client().post(give_url(link), {"respondent_kind": "staff", "safety": "skip", "food": "skip"}))
    assert [(a.text, a["href"]) for a in soup.select(".govuk-error-summary a")] == [
        ("Answer at least one question or write a comment", "#id_safety_0")
    ]
    assert soup.select_one("#id_safety-error")
    assert not Feedback.objects.exists()


def test_an_unknown_or_stopped_link_says_it_no_longer_works_and_a_post_to_it_keeps_nothing(world, link):
    soup = page(Client().get("/feedback/not-a-real-token/"), status=404)
    assert h1(soup) == "This link does not work"
    services.revoke_feedback_link(link=link, actor=world.officer, now=NOW)
    for url in (give_url(link), give_url(link, easy_read=True)):
        soup = page(Client().get(url), status=404)
        assert "This feedback link no longer works" in text(soup)
        assert "Oak House" not in text(soup)
    response = Client().post(give_url(link), {"respondent_kind": "relative", "safety": "1", "comments": "x"})
    assert response.status_code == 404
    page(Client().get(reverse("public:feedback_given", kwargs={"feedback_token": link.token})), status=404)
    assert not Feedback.objects.exists()


# --- the council's feedback links -------------------------------------------------------------------


def test_an_officer_makes_a_link_for_a_service_in_the_area_and_sees_its_full_public_address(world):
    officer = client_for(world.officer)
    soup = page(officer.get(reverse("monitoring:link_list")))
    assert h1(soup) == "Lived experience"
    assert "Your council has no feedback links yet." in text(soup)
    options = [option.text for option in soup.select("select[name=location] option")]
    assert options[1:] == [f"Birch Lodge, {world.other_home.postcode}", f"Oak House, {world.home.postcode}"]

    response = officer.post(reverse("monitoring:link_list"), {"location": world.home.pk})
    assert response.status_code == 302
    soup = page(officer.get(response["Location"]))
    assert "Oak House has a feedback link" in text(soup)
    link = FeedbackLink.objects.get()
    address = soup.select_one(f"#link-{link.pk}").text
    assert address == f"http://testserver/feedback/{link.token}/"
    card = soup.select_one(f"#link-card-{link.pk}")
    assert " ".join(card.h3.text.split()) == "Oak House"
    # making it again gives the same link
    officer.post(reverse("monitoring:link_list"), {"location": world.home.pk})
    assert FeedbackLink.objects.count() == 1


def test_a_feedback_link_token_cannot_be_guessed(world):
    officer = client_for(world.officer)
    homes = [world.home, world.other_home, *(f.location(world.council) for _ in range(4))]
    for home in homes:
        officer.post(reverse("monitoring:link_list"), {"location": home.pk})
    tokens = list(FeedbackLink.objects.values_list("token", flat=True))
    assert len(set(tokens)) == len(homes)
    # secrets.token_urlsafe(24): 192 random bits, URL-safe base64
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32}", token) for token in tokens)
    assert not any(home.pk in token for token, home in zip(tokens, homes, strict=True))


def test_a_service_outside_the_councils_area_cannot_be_given_a_link(world):
    elsewhere = f.location("E08000005", name="Rochdale Rest")
    soup = page(client_for(world.officer).post(reverse("monitoring:link_list"), {"location": elsewhere.pk}))
    assert soup.select_one(".govuk-error-summary")
    assert not FeedbackLink.objects.exists()


def test_stopping_a_link_asks_first_then_the_link_no_longer_works(world, link):
    officer = client_for(world.officer)
    soup = page(officer.get(reverse("monitoring:link_list")))
    stop = soup.find("a", href=reverse("monitoring:link_revoke", kwargs={"link_id": link.pk}))
    assert " ".join(stop.text.split()) == "Stop this link for Oak House"
    soup = page(officer.get(stop["href"]))
    assert h1(soup) == "Stop this feedback link"
    response = officer.post(stop["href"])
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(give_url(link)).status_code == 404
    assert "Your council has no feedback links yet." in text(
        page(officer.get(reverse("monitoring:link_list")))
    )


def test_another_councils_officer_never_sees_or_stops_oldhams_links(world, link, rochdale):
    other = client_for(rochdale["officer"])
    soup = page(other.get(reverse("monitoring:link_list")))
    assert link.token not in str(soup)
    assert "Oak House" not in text(soup)
    revoke = reverse("monitoring:link_revoke", kwargs={"link_id": link.pk})
    assert other.get(revoke).status_code == 404
    assert other.post(revoke).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


@pytest.mark.parametrize("who", ["commissioner", "analyst", "provider", "admin"])
def test_people_other_than_council_qa_staff_are_refused_the_officer_pages(world, link, who):
    feedback = submitted(link)
    user = {
        "commissioner": lambda: f.person(world.council, Role.COMMISSIONER),
        "analyst": lambda: f.person(world.council, Role.ANALYST),
        "provider": lambda: world.acme_manager,
        "admin": lambda: f.person(world.council, Role.ORG_ADMIN),
    }[who]()
    client = client_for(user)
    visit = given.visit(world)
    for url in (
        reverse("monitoring:link_list"),
        reverse("monitoring:link_revoke", kwargs={"link_id": link.pk}),
        reverse("monitoring:moderation_queue"),
        reverse("monitoring:feedback_moderate", kwargs={"feedback_id": feedback.pk}),
        reverse("monitoring:feedback_record", kwargs={"visit_id": visit.pk}),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("monitoring:link_revoke", kwargs={"link_id": link.pk})).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_for_the_officer_pages(world, link):
    response = Client().get(reverse("monitoring:moderation_queue"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_navigation_offers_lived_experience_to_qa_officers_only(world):
    soup = page(client_for(world.officer).get(reverse("monitoring:visit_list")))
    labels = [a.text.strip() for a in soup.select(".govuk-service-navigation__link")]
    assert labels.index("Lived experience") > labels.index("Visits")
    commissioner = client_for(f.person(world.council, Role.COMMISSIONER))
    soup = BeautifulSoup(commissioner.get("/").content, "html.parser")
    assert "Lived experience" not in [a.text.strip() for a in soup.select(".govuk-service-navigation__link")]


# --- moderation -------------------------------------------------------------------------------------


def test_the_queue_shows_each_pending_response_with_its_scores_text_and_source(world, link):
    feedback = submitted(
        link, {"safety": 2, "food": 5}, comments="Food is great but I do not feel safe at night"
    )
    page_ = page(client_for(world.officer).get(reverse("monitoring:link_list")))
    assert "1 response waiting for moderation." in text(page_)
    soup = page(client_for(world.officer).get(reverse("monitoring:moderation_queue")))
    assert h1(soup) == "Feedback to moderate"
    card = soup.select_one(f"#feedback-{feedback.pk}")
    assert " ".join(card.h3.text.split()) == f"Feedback {feedback.pk}: Oak House"
    rows = {
        " ".join(row.dt.text.split()): " ".join(row.dd.get_text(" ").split())
        for row in card.select(".govuk-summary-list__row")
    }
    assert rows == {
        "From": "Relative or friend (anonymous)",
        "How": "Public link",
        "Received": "2 March 2026, 11:00am",
        "Scores": "I feel safe: 2 out of 5 I like the food and drink: 5 out of 5",
        "Comments": "Food is great but I do not feel safe at night",
    }
    assert card.select_one(".govuk-summary-card__action a")["href"] == reverse(
        "monitoring:feedback_moderate", kwargs={"feedback_id": feedback.pk}
    )
    forms = soup.select("main form[method=post]")
    assert [form["action"] for form in forms] == [reverse("monitoring:moderation_queue")]
    assert [box["value"] for box in forms[0].select("input[type=checkbox][name=feedback]")] == [
        str(feedback.pk)
    ]


def test_approving_from_the_queue_counts_the_response_and_empties_the_queue(world, link):
    feedback = submitted(link)
    officer = client_for(world.officer)
    prefix = f"feedback-{feedback.pk}"
    response = officer.post(
        reverse("monitoring:feedback_moderate", kwargs={"feedback_id": feedback.pk}),
        {f"{prefix}-decision": "approved"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:moderation_queue")
    feedback.refresh_from_db()
    assert feedback.moderation == "approved"
    assert FeedbackModeration.objects.get().by == world.officer
    soup = page(officer.get(response["Location"]))
    assert "No feedback is waiting for moderation." in text(soup)
    assert (
        officer.get(reverse("monitoring:feedback_moderate", kwargs={"feedback_id": feedback.pk})).status_code
        == 404
    )


def test_rejecting_needs_a_reason_shown_beside_the_reason_field(world, link):
    feedback = submitted(link)
    officer = client_for(world.officer)
    url = reverse("monitoring:feedback_moderate", kwargs={"feedback_id": feedback.pk})
    prefix = f"feedback-{feedback.pk}"
    soup = page(officer.post(url, {f"{prefix}-decision": "rejected"}))
    assert [(a.text, a["href"]) for a in soup.select(".govuk-error-summary a")] == [
        ("Give the reason for rejecting it", f"#id_{prefix}-reason")
    ]
    feedback.refresh_from_db()
    assert feedback.moderation == "pending"
    response = officer.post(url, {f"{prefix}-decision": "rejected", f"{prefix}-reason": "Names a carer"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.moderation, FeedbackModeration.objects.get().reason) == ("rejected", "Names a carer")


def test_another_councils_officer_cannot_see_or_moderate_oldhams_feedback(world, link, rochdale):
    feedback = submitted(link, comments="Private words")
    other = client_for(rochdale["officer"])
    assert "Private words" not in text(page(other.get(reverse("monitoring:moderation_queue"))))
    url = reverse("monitoring:feedback_moderate", kwargs={"feedback_id": feedback.pk})
    assert other.get(url).status_code == 404
    assert other.post(url, {f"feedback-{feedback.pk}-decision": "approved"}).status_code == 404
    feedback.refresh_from_db()
    assert feedback.moderation == "pending"


# --- feedback recorded on a visit -------------------------------------------------------------------


def test_an_officer_records_feedback_collected_on_a_visit(world):
    visit = given.visit(world)
    officer = client_for(world.officer)
    url = reverse("monitoring:feedback_record", kwargs={"visit_id": visit.pk})
    soup = page(officer.get(url))
    assert h1(soup) == "Record feedback from the visit"
    assert soup.find("a", string="Back to the visit")["href"] == reverse(
        "monitoring:visit_detail", kwargs={"visit_id": visit.pk}
    )
    response = officer.post(
        url,
        {
            "respondent_kind": "person",
            "easy_read": "yes",
            "safety": "3",
            "cleanliness": "5",
            "comments": "Nice",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    feedback = Feedback.objects.get()
    assert (feedback.channel, feedback.visit, feedback.easy_read, feedback.recorded_by) == (
        "visit",
        visit,
        True,
        world.officer,
    )
    assert (feedback.safety, feedback.cleanliness, feedback.anonymous, feedback.moderation) == (
        3,
        5,
        True,
        "pending",
    )
    assert "Feedback recorded" in text(page(officer.get(url)))


def test_feedback_cannot_be_recorded_on_a_visit_not_yet_started(world):
    planned = services.schedule_visit(
        organisation=world.council,
        actor=world.officer,
        location=world.home,
        visit_on=NOW.date() + timedelta(days=7),
        now=NOW,
    )
    url = reverse("monitoring:feedback_record", kwargs={"visit_id": planned.pk})
    soup = page(
        client_for(world.officer).post(url, {"respondent_kind": "person", "easy_read": "no", "safety": "3"})
    )
    assert "Start the visit before recording feedback from it" in text(soup)
    assert not Feedback.objects.exists()


def test_another_councils_officer_cannot_record_feedback_on_oldhams_visit(world, rochdale):
    visit = given.visit(world)
    url = reverse("monitoring:feedback_record", kwargs={"visit_id": visit.pk})
    other = client_for(rochdale["officer"])
    assert other.get(url).status_code == 404
    assert other.post(url, {"respondent_kind": "person", "easy_read": "no", "safety": "3"}).status_code == 404
    assert not Feedback.objects.exists()


# --- the aggregate on the public page --------------------------------------------------------------


def location_page(world) -> BeautifulSoup:
    return page(Client().get(reverse("public:location_detail", kwargs={"location_id": world.home.pk})))


def test_the_public_page_says_fewer_than_5_people_have_given_feedback_until_5_are_approved(world, link):
    for number in range(4):
        feedback = submitted(link, {"safety": 5, "kindness": 4}, comments=f"Comment number {number}")
        services.moderate_feedback(feedback=feedback, actor=world.officer, decision="approved", now=NOW)
    submitted(link, {"safety": 1})  # pending: not counted
    soup = location_page(world)
    assert soup.find("h2", string="What people told us")
    assert "Fewer than 5 people have given feedback about this service" in text(soup)
    assert not soup.select_one("#feedback-scores")
    assert "Comment number" not in text(soup)


def test_the_public_page_shows_averages_and_counts_once_5_are_approved_and_never_any_text(world, link):
    for score in (5, 5, 4, 4, 2):
        feedback = submitted(link, {"safety": score, "kindness": 4, "food": 3}, comments="Secret words")
        services.moderate_feedback(feedback=feedback, actor=world.officer, decision="approved", now=NOW)
    soup = location_page(world)
    rows = {
        " ".join(row.th.text.split()): [" ".join(td.text.split()) for td in row.select("td")]
        for row in soup.select("#feedback-scores tbody tr")
    }
    assert rows["I feel safe"] == ["4.0", "80%", "5"]
    assert rows["Staff are kind to me"] == ["4.0", "100%", "5"]
    assert rows["I like the food and drink"] == ["3.0", "0%", "5"]
    assert rows["Staff listen to me"] == ["Fewer than 5 answers"]
    assert "5 people who use this service" in text(soup)
    assert "Secret words" not in text(soup)
