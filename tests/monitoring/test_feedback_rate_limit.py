"""The public feedback form is limited per client address: beyond the limit nothing is kept, and a page
(status 429, ``Retry-After``) says so and how long to wait, in plain English or easy read."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from carewatch.monitoring import services
from carewatch.monitoring.models import Feedback
from tests.monitoring import given
from tests.pages import h1, page, text

NOW = given.VISITED_AT + timedelta(hours=2)
ANSWERS = {"respondent_kind": "relative", "safety": "4", "kindness": "5", "comments": "Kind staff"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def link(world):
    return services.create_feedback_link(
        organisation=world.council, actor=world.officer, location=world.home, now=NOW
    )


def give_url(link, easy_read=False) -> str:
    url = reverse("public:feedback_give", kwargs={"feedback_token": link.token})
    return f"{url}?version=easy-read" if easy_read else url


@override_settings(CAREWATCH_FEEDBACK_RATE="3/h")
def test_one_client_sending_feedback_again_and_again_is_stopped_and_nothing_more_is_kept(link):
    sender = Client(REMOTE_ADDR="192.0.2.5")
    answers = [sender.post(give_url(link), ANSWERS).status_code for _ in range(40)]
    assert answers == [302] * 3 + [429] * 37
    assert Feedback.objects.count() == 3
    # a forged X-Forwarded-For is not a new client
    assert sender.post(give_url(link), ANSWERS, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # someone else, elsewhere, can still give feedback
    assert Client(REMOTE_ADDR="198.51.100.7").post(give_url(link), ANSWERS).status_code == 302
    assert Feedback.objects.count() == 4


@override_settings(CAREWATCH_FEEDBACK_RATE="1/h")
def test_the_refusal_page_says_what_happened_and_how_long_to_wait(link):
    sender = Client(REMOTE_ADDR="192.0.2.5")
    sender.post(give_url(link), ANSWERS)
    response = sender.post(give_url(link), ANSWERS)
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 3600
    soup = page(response, 429)
    assert h1(soup) == "You have sent a lot of feedback"
    words = text(soup.select_one("main"))
    assert "We have not kept this response" in words
    assert "Try again in" in words and "minute" in words
    # the form is not offered again until the wait is over
    soup = page(sender.get(give_url(link)), 429)
    assert not soup.select("form[method=post] textarea")


@override_settings(CAREWATCH_FEEDBACK_RATE="1/h")
def test_the_easy_read_form_explains_the_refusal_in_easy_read(link):
    sender = Client(REMOTE_ADDR="192.0.2.5")
    sender.post(give_url(link, easy_read=True), ANSWERS)
    soup = page(sender.post(give_url(link, easy_read=True), ANSWERS), 429)
    assert h1(soup) == "Please wait before you send more answers"
    assert "We did not keep these answers" in text(soup.select_one("main"))


@override_settings(CAREWATCH_FEEDBACK_RATE="2/h")
def test_a_form_with_mistakes_is_not_counted(link):
    sender = Client(REMOTE_ADDR="192.0.2.5")
    for _ in range(5):
        assert sender.post(give_url(link), {"safety": ""}).status_code == 200
    assert [sender.post(give_url(link), ANSWERS).status_code for _ in range(3)] == [302, 302, 429]
