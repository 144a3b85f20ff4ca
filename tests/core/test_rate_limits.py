"""Rate limits without signing in: the counting itself, and password-reset requests per email address
and per client address, answered the same whether or not the address has an account."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client, override_settings

from carewatch.core import rate_limits
from carewatch.core.models import User
from tests.pages import page

RESET = "/account/password-reset/"
AT = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)


@pytest.fixture
def jo(db):
    return User.objects.create_user(
        username="jo.bloggs", password="a-long-test-password-1", email="jo@example.org"
    )


def ask(client: Client, email: str, address: str = "192.0.2.1", **headers):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, **headers)


# --- counting --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit", "seconds"),
    [("5/h", 5, 3600), ("60/m", 60, 60), ("10/15m", 10, 900), ("1/d", 1, 86400), ("2/s", 2, 1)],
)
def test_a_rate_reads_a_number_per_period(text, limit, seconds):
    assert rate_limits.parse_rate(text) == rate_limits.Rate(limit, seconds)


@pytest.mark.parametrize("text", ["", "5", "five/h", "5/y", "5/0m"])
def test_a_malformed_rate_is_refused(text):
    with pytest.raises(ValueError):
        rate_limits.parse_rate(text)


def test_attempts_beyond_the_limit_wait_until_the_window_closes_and_then_start_again():
    rate = rate_limits.parse_rate("2/m")
    hits = [rate_limits.count(bucket="t", who="a", rate=rate, now=AT) for _ in range(3)]
    assert hits == [None, None, 50]  # 10 s into the minute: 50 s to wait
    assert rate_limits.over_limit(bucket="t", who="a", rate=rate, now=AT) == 50
    assert rate_limits.count(bucket="t", who="b", rate=rate, now=AT) is None  # someone else
    assert rate_limits.count(bucket="t", who="a", rate=rate, now=AT + timedelta(minutes=1)) is None


# --- password reset ----------------------------------------------------------------------------------


@override_settings(CAREWATCH_RESET_RATE_ADDRESS="3/h", CAREWATCH_RESET_RATE_CLIENT="100/h")
def test_one_address_gets_at_most_the_limit_of_reset_emails_from_any_number_of_clients(jo):
    answers = [ask(Client(), "jo@example.org", address=f"192.0.2.{n}").status_code for n in range(1, 16)]
    assert answers == [302] * 3 + [429] * 12
    assert len(mail.outbox) == 3


@override_settings(CAREWATCH_RESET_RATE_ADDRESS="3/h", CAREWATCH_RESET_RATE_CLIENT="100/h")
def test_the_address_limit_ignores_case_and_spaces(jo):
    for email in ("jo@example.org", "JO@example.org", " jo@EXAMPLE.ORG "):
        assert ask(Client(), email).status_code == 302
    assert ask(Client(), "Jo@Example.Org").status_code == 429
    assert len(mail.outbox) == 3


@override_settings(CAREWATCH_RESET_RATE_ADDRESS="100/h", CAREWATCH_RESET_RATE_CLIENT="4/h")
def test_one_client_asking_for_many_addresses_is_stopped(jo):
    client = Client()
    answers = [ask(client, f"person{n}@example.org").status_code for n in range(6)]
    assert answers == [302] * 4 + [429] * 2
    assert ask(client, "jo@example.org").status_code == 429
    assert mail.outbox == []
    # a forged X-Forwarded-For does not give the same client a new allowance
    assert ask(client, "jo@example.org", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert ask(Client(), "jo@example.org", address="198.51.100.7").status_code == 302  # another client


@override_settings(CAREWATCH_RESET_RATE_ADDRESS="2/h", CAREWATCH_RESET_RATE_CLIENT="100/h")
def test_the_limit_answers_the_same_whether_or_not_the_address_has_an_account(jo):
    def answers(email):
        return [ask(Client(), email) for _ in range(3)]

    known, unknown = answers("jo@example.org"), answers("nobody@example.org")
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [302, 302, 429]
    assert known[-1]["Retry-After"] == unknown[-1]["Retry-After"]
    known_page, unknown_page = page(known[-1], 429), page(unknown[-1], 429)
    assert known_page.h1.text == unknown_page.h1.text == "You have asked for too many links"
    assert known_page.select_one("main").text == unknown_page.select_one("main").text
    assert "jo@example.org" not in known_page.text


@override_settings(CAREWATCH_RESET_RATE_ADDRESS="1/h", CAREWATCH_RESET_RATE_CLIENT="100/h")
def test_the_refusal_says_how_long_to_wait_and_sends_nothing(jo):
    ask(Client(), "jo@example.org")
    response = ask(Client(), "jo@example.org")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 3600
    soup = page(response, 429)
    assert soup.title.text.startswith("You have asked for too many links")
    assert f"Try again in {rate_limits.minutes(wait)} minute" in soup.select_one("main").text
    assert len(mail.outbox) == 1
