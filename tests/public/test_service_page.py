"""A service's public page for a family: a plain-English summary of its ratings first, then how to get in
touch, badges, questions to ask when you visit and a way to add it to a shortlist."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from carewatch.register import models as register
from carewatch.register import queries, summaries
from tests.cases import factories as f
from tests.monitoring import given
from tests.monitoring.conftest import world  # noqa: F401 - Oldham council, Acme Care and Oak House
from tests.pages import page, text

pytestmark = pytest.mark.django_db


def report(location, on: date, overall: str, *, current: bool = False, **key_questions) -> register.Rating:
    """A CQC report: each key question given as ``safe="Good"``, dated with the report."""
    fields = {}
    for kq, rating in key_questions.items():
        fields[kq] = rating
        fields[f"{kq}_on"] = on
    return register.Rating.objects.create(
        location=location,
        is_current=current,
        report_on=on,
        overall=overall,
        first_snapshot=f.snapshot(),
        **fields,
    )


def home_with_history(**options) -> register.Location:
    """Rated Requires improvement in 2023 (Safe Requires improvement), Good in May 2025 (Safe Good)."""
    home = f.location(name="Oak House", rating="", **options)
    good = dict.fromkeys(("effective", "caring", "responsive", "well_led"), "Good")
    report(home, date(2023, 3, 1), "Requires improvement", safe="Requires improvement", **good)
    report(home, date(2025, 5, 20), "Good", current=True, safe="Good", **good)
    register.Location.objects.filter(pk=home.pk).update(
        current_rating="Good", current_rating_on=date(2025, 5, 20)
    )
    return home


def service_page(location, client=None):
    return page(
        (client or Client()).get(reverse("public:location_detail", kwargs={"location_id": location.pk}))
    )


def summary_of(location) -> list[str]:
    return summaries.plain_summary(queries.location_with_history(location.pk))


def test_the_summary_says_the_rating_its_month_and_each_key_question_that_changed():
    assert summary_of(home_with_history()) == [
        "Rated Good in May 2025.",
        "Safe was rated Requires improvement in 2023 and Good since 2025.",
    ]


def test_a_key_question_rated_below_the_overall_rating_is_named_even_when_it_never_changed():
    home = f.location(rating="")
    report(home, date(2024, 6, 1), "Good", current=True, safe="Good", well_led="Requires improvement")
    assert summary_of(home) == [
        "Rated Good in June 2024.",
        "Well-led was rated Requires improvement in 2024.",
    ]


def test_a_key_question_carried_forward_keeps_its_own_date():
    home = f.location(rating="")
    report(home, date(2022, 1, 10), "Inadequate", safe="Inadequate", caring="Good")
    current = report(
        home, date(2024, 9, 1), "Requires improvement", current=True, safe="Requires improvement"
    )
    current.caring, current.caring_on = "Good", date(2022, 1, 10)  # carried forward from 2022
    current.save()
    assert summary_of(home) == [
        "Rated Requires improvement in September 2024.",
        "Safe was rated Inadequate in 2022 and Requires improvement since 2024.",
        "Caring was rated Good in 2022.",
    ]


def test_a_service_not_yet_rated_says_so_plainly():
    assert summary_of(f.location(rating="")) == ["The CQC has not rated this service yet."]


def test_an_inspected_but_not_rated_service_says_the_cqc_gave_no_rating():
    home = f.location(rating="Inspected but not rated", rated_on=date(2024, 2, 1))
    assert summary_of(home)[0] == "The CQC has checked this service but did not give it a rating."


def test_an_inherited_rating_says_it_was_given_before_a_change_of_owner():
    home = f.location(rating="Good", rated_on=date(2021, 4, 1))
    register.Rating.objects.filter(location=home).update(inherited=True, predecessor_id="1-999999999")
    sentences = summary_of(home)
    assert sentences[0] == "Rated Good in April 2021."
    assert "before the service changed owner" in sentences[1]


def test_the_page_shows_the_summary_first_then_phone_and_website():
    home = home_with_history()
    register.Location.objects.filter(pk=home.pk).update(phone="0161 555 0123", website="www.oak.example")
    soup = service_page(home)
    summary = soup.select_one("#summary")
    assert "Rated Good in May 2025." in text(summary)
    assert "Safe was rated Requires improvement in 2023 and Good since 2025." in text(summary)
    order = [element.get("id") for element in soup.select("#summary, #contact, #ratings, #history")]
    assert order == ["summary", "contact", "ratings", "history"]
    contact = soup.select_one("#contact")
    assert contact.find("a", href="tel:01615550123")
    assert contact.find("a", href="https://www.oak.example")


def test_the_page_shows_the_badges_the_service_holds(world):  # noqa: F811
    given.published(world, "Requires improvement")
    badge = service_page(world.home).select_one('[data-badge="local-qa"]')
    assert badge is not None
    assert "Council check: Requires improvement" in text(badge)


@pytest.mark.parametrize(
    ("kind", "first_question"),
    [
        (
            {"care_home": True, "nursing": False},
            "How many staff are on duty in the day, and how many at night?",
        ),
        ({"care_home": True, "nursing": True}, "Is there a nurse on duty every day and every night?"),
        ({"care_home": False, "home_care": True}, "Will the same carers come each time?"),
    ],
)
def test_the_page_asks_three_questions_suited_to_the_kind_of_service(kind, first_question):
    home = f.location(name="Oak House")
    register.Location.objects.filter(pk=home.pk).update(**kind)
    section = service_page(home).select_one("#questions-to-ask")
    questions = [text(item) for item in section.select("li")]
    assert len(questions) == 3
    assert questions[0] == first_question
    guidance = section.find("a", string="See all the questions to ask")
    assert guidance["href"].startswith(reverse("public:questions_to_ask"))
    assert page(Client().get(guidance["href"].split("#")[0])).select_one("#care-homes")


def test_the_page_has_an_add_to_shortlist_button_that_posts_with_a_csrf_token():
    home = f.location(name="Oak House")
    form = service_page(home).select_one("#shortlist-actions form")
    assert form["method"] == "post" and form["action"] == reverse("public:shortlist")
    assert form.find("input", attrs={"name": "id"})["value"] == home.pk
    assert "Add to shortlist" in text(form.button)


def test_a_service_on_the_shortlist_offers_to_remove_it():
    home = f.location(name="Oak House")
    client = Client()
    client.post(reverse("public:shortlist"), {"action": "add", "id": home.pk})
    form = service_page(home, client).select_one("#shortlist-actions form")
    assert "Remove from shortlist" in text(form.button)
