"""Signing in: a password, then a code from an authenticator app or a recovery code; lockout; reset."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from carewatch.core.models import AuditEntry, User
from tests.core import signing_in
from tests.pages import page

PASSWORD = "a-long-test-password-1"


def error_summary(soup: BeautifulSoup) -> list[str]:
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    assert summary.h2.text == "There is a problem"
    assert soup.title.text.startswith("Error: ")
    return [link.text for link in summary.select("li a")]


def sign_in_with_password(client, username="jo.bloggs", password=PASSWORD, **data):
    return client.post("/sign-in/", {"username": username, "password": password, **data})


@pytest.fixture
def user(db):
    return User.objects.create_user(
        username="jo.bloggs", password=PASSWORD, email="jo@example.org", first_name="Jo"
    )


@pytest.fixture
def authenticator(user):
    return signing_in.authenticator_for(user)


def is_fully_signed_in(client) -> bool:
    """The home page opens (anyone half signed in is sent to a second-factor page instead)."""
    response = client.get("/")
    return response.status_code == 200 and b"Sign out (jo.bloggs)" in response.content


# --- password, then a code ---------------------------------------------------------------------


def test_a_password_then_a_code_from_the_app_signs_a_person_in(client, authenticator):
    response = sign_in_with_password(client)
    assert response.status_code == 302
    assert response.url == "/sign-in/code/?next=%2Fhome%2F"
    assert not is_fully_signed_in(client)
    assert client.get("/market/").url.startswith("/sign-in/code/?next=")

    soup = page(client.get(response.url))
    assert soup.h1.text == "Enter the 6-digit code from your authenticator app"
    assert (
        soup.find("a", string="Use a recovery code instead")["href"]
        == "/sign-in/recovery-code/?next=%2Fhome%2F"
    )

    response = client.post("/sign-in/code/", {"code": signing_in.code_for(authenticator), "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert is_fully_signed_in(client)


def test_a_wrong_code_is_refused_with_an_error_summary(client, authenticator):
    sign_in_with_password(client)
    wrong = f"{(int(signing_in.code_for(authenticator)) + 1) % 1_000_000:06d}"
    soup = page(client.post("/sign-in/code/", {"code": wrong}))
    assert error_summary(soup) == [
        "The code is not correct. Enter the code your authenticator app shows now."
    ]
    assert (
        soup.select_one("#id_code-error").text.strip()
        == "Error: The code is not correct. Enter the code your authenticator app shows now."
    )
    assert not is_fully_signed_in(client)


def test_a_code_that_is_not_6_numbers_is_refused(client, authenticator):
    sign_in_with_password(client)
    assert error_summary(page(client.post("/sign-in/code/", {"code": "12ab"}))) == [
        "The code must be 6 numbers"
    ]
    assert error_summary(page(client.post("/sign-in/code/", {"code": ""}))) == [
        "Enter the 6-digit code from your authenticator app"
    ]


def test_guessing_codes_is_slowed_down(client, authenticator):
    sign_in_with_password(client)
    wrong = f"{(int(signing_in.code_for(authenticator)) + 1) % 1_000_000:06d}"
    client.post("/sign-in/code/", {"code": wrong})
    # straight after a wrong code even the right one waits (django-otp doubles the wait each time)
    soup = page(client.post("/sign-in/code/", {"code": signing_in.code_for(authenticator)}))
    assert error_summary(soup) == ["You have entered too many wrong codes. Wait 1 second, then try again."]
    assert not is_fully_signed_in(client)


def test_a_code_works_only_once(client, authenticator):
    code = signing_in.code_for(authenticator)
    sign_in_with_password(client)
    client.post("/sign-in/code/", {"code": code})
    assert is_fully_signed_in(client)
    client.post("/sign-out/")

    sign_in_with_password(client)
    soup = page(client.post("/sign-in/code/", {"code": code}))
    assert error_summary(soup) == [
        "The code is not correct. Enter the code your authenticator app shows now."
    ]


def test_the_next_page_is_kept_through_both_steps_but_only_on_this_site(client, authenticator):
    response = sign_in_with_password(client, next="/market/")
    assert response.url == "/sign-in/code/?next=%2Fmarket%2F"
    response = client.post("/sign-in/code/", {"code": signing_in.code_for(authenticator), "next": "/market/"})
    assert response.url == "/market/"

    client.post("/sign-out/")
    response = sign_in_with_password(client, next="https://evil.example/")
    assert response.url == "/sign-in/code/?next=%2Fhome%2F"


# --- recovery codes -----------------------------------------------------------------------------


def test_a_recovery_code_signs_a_person_in_once_and_not_twice(client, user, authenticator):
    signing_in.recovery_codes_for(user, ("abcd2345", "efgh6723"))
    sign_in_with_password(client)
    soup = page(client.get("/sign-in/recovery-code/?next=%2Fhome%2F"))
    assert soup.h1.text == "Enter a recovery code"

    response = client.post("/sign-in/recovery-code/", {"code": "ABCD 2345", "next": "/"})
    assert response.url == "/"
    home = client.get("/")
    assert b"You have signed in with a recovery code. You have 1 left." in home.content
    entry = AuditEntry.objects.get(action="core.recovery_code_used")
    assert (entry.actor, entry.object_id, entry.after) == (user, str(user.pk), {"recovery_codes_left": 1})

    client.post("/sign-out/")
    sign_in_with_password(client)
    soup = page(client.post("/sign-in/recovery-code/", {"code": "abcd2345"}))
    assert error_summary(soup) == ["The recovery code is not correct or has already been used"]
    assert not is_fully_signed_in(client)


# --- setting up an authenticator app -----------------------------------------------------------


def test_a_person_without_an_app_is_sent_to_set_one_up_and_kept_there_until_done(client, user):
    response = sign_in_with_password(client)
    assert response.url == "/account/two-factor/?next=%2Fhome%2F"
    for elsewhere in ("/", "/market/", "/sign-in/code/"):
        assert client.get(elsewhere).url.startswith("/account/two-factor/"), elsewhere

    soup = page(client.get(response.url))
    assert soup.h1.text == "Set up your authenticator app"
    assert soup.find("img")["src"].startswith("data:image/svg+xml;base64,")
    secret = soup.select_one("#secret-key").text
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})*", secret)
    assert page(client.get(response.url)).select_one("#secret-key").text == secret  # reloading keeps the key

    soup = page(
        client.post("/account/two-factor/", {"code": signing_in.code_for_secret(secret), "next": "/"})
    )
    assert soup.h1.text == "Save your recovery codes"
    codes = [li.text for li in soup.select("#recovery-codes li")]
    assert len(codes) == len(set(codes)) == 10
    assert soup.find("a", string="I have saved my recovery codes")["href"] == "/"
    assert is_fully_signed_in(client)
    entry = AuditEntry.objects.get(action="core.second_factor_set_up")
    assert entry.actor == user
    assert not any(code in str(entry.after) for code in codes)

    # the codes are shown once: the set-up page now moves on
    assert client.get("/account/two-factor/").url == "/home/"

    # and one of them works at the next sign-in
    client.post("/sign-out/")
    sign_in_with_password(client)
    assert client.post("/sign-in/recovery-code/", {"code": codes[3]}).url == "/home/"


def test_setting_up_refuses_a_wrong_code(client, user):
    sign_in_with_password(client)
    secret = page(client.get("/account/two-factor/")).select_one("#secret-key").text
    wrong = f"{(int(signing_in.code_for_secret(secret)) + 1) % 1_000_000:06d}"
    soup = page(client.post("/account/two-factor/", {"code": wrong}))
    assert error_summary(soup) == [
        "The code is not correct. Enter the code your authenticator app shows now."
    ]
    assert soup.h1.text == "Set up your authenticator app"
    assert not is_fully_signed_in(client)
    assert not AuditEntry.objects.filter(action="core.second_factor_set_up").exists()


def test_someone_with_only_the_password_cannot_replace_an_existing_app(client, authenticator):
    sign_in_with_password(client)
    assert client.get("/account/two-factor/").url == "/sign-in/code/?next=%2Fhome%2F"
    assert client.post("/account/two-factor/", {"code": "123456"}).url == "/sign-in/code/?next=%2Fhome%2F"


def test_the_second_factor_pages_need_the_password_first(client, authenticator):
    for url in ("/sign-in/code/", "/sign-in/recovery-code/", "/account/two-factor/"):
        assert client.get(url).url.startswith("/sign-in/?next="), url


# --- demo mode ----------------------------------------------------------------------------------


@pytest.fixture
def demo_user(db):
    return User.objects.create_user(username="qa-officer", password=PASSWORD)


def test_in_demo_mode_demo_users_skip_the_second_factor_and_the_page_says_so(client, settings, demo_user):
    settings.CAREWATCH_DEMO_SKIP_MFA = True
    soup = page(client.get("/sign-in/"))
    assert soup.select_one("#demo-mfa-notice").text == (
        "Demo users can sign in without a second factor. Real accounts always need one."
    )
    response = sign_in_with_password(client, username="qa-officer")
    assert response.url == "/home/"
    assert client.session["demo_mfa_skipped"] is True
    assert client.get("/market/").status_code == 200


def test_in_demo_mode_other_users_still_need_a_second_factor(client, settings, user):
    settings.CAREWATCH_DEMO_SKIP_MFA = True
    assert sign_in_with_password(client).url == "/account/two-factor/?next=%2Fhome%2F"
    assert "demo_mfa_skipped" not in client.session


def test_outside_demo_mode_nobody_skips_the_second_factor(client, settings, demo_user):
    settings.CAREWATCH_DEMO_SKIP_MFA = False
    assert page(client.get("/sign-in/")).select_one("#demo-mfa-notice") is None
    assert sign_in_with_password(client, username="qa-officer").url == "/account/two-factor/?next=%2Fhome%2F"
    # even a session that claims the skip is refused
    session = client.session
    session["demo_mfa_skipped"] = True
    session.save()
    assert client.get("/market/").url.startswith("/account/two-factor/")


# --- lockout ------------------------------------------------------------------------------------


def test_after_the_failure_limit_the_account_is_locked_even_for_the_right_password(
    client, settings, authenticator
):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        soup = page(sign_in_with_password(client, password="wrong"))
        assert error_summary(soup) == ["Enter a correct username and password. Both are case-sensitive."]

    response = sign_in_with_password(client, password="wrong")
    assert response.status_code == 429
    soup = page(response, status=429)
    assert soup.h1.text == "Your account is locked"
    text = " ".join(soup.main.text.split())
    assert f"You entered the wrong username or password {limit} times" in text
    assert "Try again in 30 minutes, or reset your password." in text
    assert soup.find("a", string="reset your password")["href"] == "/account/password-reset/"

    assert sign_in_with_password(client).status_code == 429
    assert not is_fully_signed_in(client)
    # the lock is on this username from this address, not on everyone
    User.objects.create_user(username="sam", password=PASSWORD)
    assert sign_in_with_password(client, username="sam").status_code == 302


# --- password reset -----------------------------------------------------------------------------


def reset_link(client, email="jo@example.org") -> str:
    response = client.post("/account/password-reset/", {"email": email})
    assert response.url == "/account/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your carewatch password"
    assert mail.outbox[0].to == [email]
    return re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)


def test_a_reset_email_link_sets_a_new_password(client, user, authenticator):
    soup = page(client.get("/sign-in/"))
    assert soup.find("a", string="Forgotten your password?")["href"] == "/account/password-reset/"
    assert page(client.get("/account/password-reset/")).h1.text == "Reset your password"

    link = reset_link(client)
    assert page(client.get("/account/password-reset/sent/")).h1.text == "Check your email"
    form_url = client.get(link).url  # Django swaps the token into the session
    soup = page(client.get(form_url))
    assert soup.h1.text == "Create a new password"

    soup = page(
        client.post(form_url, {"new_password1": "a-new-long-password-2", "new_password2": "different-one-3"})
    )
    assert error_summary(soup) == ["The passwords do not match. Enter the same password twice."]
    soup = page(client.post(form_url, {"new_password1": "short", "new_password2": "short"}))
    assert error_summary(soup)[0].startswith("This password is too short.")

    response = client.post(
        form_url, {"new_password1": "a-new-long-password-2", "new_password2": "a-new-long-password-2"}
    )
    assert response.url == "/account/password-reset/done/"
    assert page(client.get(response.url)).h1.text == "Your password has been changed"
    assert AuditEntry.objects.filter(action="core.password_reset", actor=user).count() == 1

    # the old password fails, the new one leads to the second factor (a reset never skips it)
    assert sign_in_with_password(client).status_code == 200
    assert (
        sign_in_with_password(client, password="a-new-long-password-2").url
        == "/sign-in/code/?next=%2Fhome%2F"
    )
    # and the link works only once
    client.post("/sign-out/")
    assert page(client.get(link)).h1.text == "This link has expired"


def test_a_reset_lifts_a_lockout(client, settings, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, password="wrong")
    assert sign_in_with_password(client).status_code == 429

    form_url = client.get(reset_link(client)).url
    client.post(
        form_url, {"new_password1": "a-new-long-password-2", "new_password2": "a-new-long-password-2"}
    )
    assert sign_in_with_password(client, password="a-new-long-password-2").status_code == 302


def test_asking_to_reset_an_unknown_email_says_the_same_and_sends_nothing(client, user):
    response = client.post("/account/password-reset/", {"email": "nobody@example.org"})
    assert response.url == "/account/password-reset/sent/"
    assert mail.outbox == []


def test_the_reset_form_explains_a_missing_or_wrong_email(client, db):
    assert error_summary(page(client.post("/account/password-reset/", {"email": ""}))) == [
        "Enter your email address"
    ]
    assert error_summary(page(client.post("/account/password-reset/", {"email": "jo"}))) == [
        "Enter an email address in the correct format, like name@example.com"
    ]


def test_a_made_up_reset_link_is_refused(client, user):
    soup = page(client.get("/account/password-reset/MQ/made-up-token/"))
    assert soup.h1.text == "This link has expired"
    assert soup.find("input", type="password") is None


# --- signing out, CSRF and headers --------------------------------------------------------------


def test_signing_out_takes_a_post_and_ends_the_session(client, user):
    signing_in.sign_in_verified(client, user)
    assert is_fully_signed_in(client)
    assert client.get("/sign-out/").status_code == 405
    assert is_fully_signed_in(client)
    assert client.post("/sign-out/").url == "/"
    assert b"Sign out" not in client.get("/").content


def test_the_sign_in_pages_refuse_a_post_without_a_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    assert sign_in_with_password(client).status_code == 403
    assert client.post("/account/password-reset/", {"email": "jo@example.org"}).status_code == 403
    assert mail.outbox == []


def test_pages_carry_a_content_security_policy_and_security_headers(client, db):
    response = client.get("/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-cache" in client.get("/sign-in/")["Cache-Control"]
