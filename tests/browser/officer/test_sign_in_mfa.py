"""Signing in with a second factor, in a real browser: set-up, codes, recovery codes, lockout, reset."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.core.models import User
from tests.core import signing_in

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def officer(transactional_db):
    return User.objects.create_user(username="qa-officer", password=PASSWORD, email="qa-officer@example.org")


def sign_in_with_password(page, live_server, password=PASSWORD):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("qa-officer")
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def test_an_officer_sets_up_an_authenticator_app_then_signs_in_with_its_codes(
    page, live_server, officer, check_page
):
    # Given an officer who has never set up an authenticator app signs in with their password
    sign_in_with_password(page, live_server)

    # Then they are asked to set one up, and cannot go elsewhere until they have
    page.wait_for_url(re.compile(r"/account/two-factor/"))
    check_page(page, "mfa-set-up")
    assert page.locator("img[alt='QR code to add carewatch to your authenticator app']").is_visible()
    page.goto(f"{live_server.url}/market/")
    page.wait_for_url(re.compile(r"/account/two-factor/"))

    # When they add the key to their app and enter the code it shows
    secret = page.locator("#secret-key").inner_text()
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(
        signing_in.code_for_secret(secret)
    )
    page.get_by_role("button", name="Continue").click()

    # Then they see their 10 recovery codes, once
    page.get_by_role("heading", name="Save your recovery codes").wait_for()
    check_page(page, "mfa-recovery-codes")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("button", name="I have saved my recovery codes").click()
    page.wait_for_url(f"{live_server.url}/market/")  # where they were going
    assert page.get_by_role("button", name="Sign out (qa-officer)").is_visible()

    # When they sign out
    page.get_by_role("button", name="Sign out (qa-officer)").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Sign in").is_visible()

    # And sign in again with their password and the next code from the app
    sign_in_with_password(page, live_server)
    page.wait_for_url(re.compile(r"/sign-in/code/"))
    check_page(page, "mfa-code")
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").inner_text().startswith("There is a problem")
    check_page(page, "mfa-code-error")
    page.wait_for_timeout(1100)  # django-otp makes the next try wait a second after a wrong code
    # The set-up code cannot be used twice, so they type the next one. If set-up straddled a 30 s step,
    # django-otp recorded the app's clock as one step behind (its drift); the next code allows for it.
    app = TOTPDevice.objects.get(user=officer, confirmed=True)
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(
        signing_in.code_for(app, steps_ahead=1)
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/home/")  # their own home page
    assert page.get_by_role("button", name="Sign out (qa-officer)").is_visible()

    # And, without their phone, with a recovery code
    page.get_by_role("button", name="Sign out (qa-officer)").click()
    sign_in_with_password(page, live_server)
    page.get_by_role("link", name="Use a recovery code instead").click()
    check_page(page, "mfa-recovery-code")
    page.get_by_label("Enter a recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/home/")  # their own home page
    assert "You have 9 left" in page.locator(".govuk-notification-banner").inner_text()


def test_a_locked_out_officer_resets_their_password_by_email_and_signs_in(
    page, live_server, officer, check_page
):
    app = signing_in.authenticator_for(officer)

    # Given an officer who gets their password wrong too many times
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(page, live_server, password="not-my-password")

    # Then their account is locked, even with the right password
    page.get_by_role("heading", name="Your account is locked").wait_for()
    check_page(page, "locked-out")
    sign_in_with_password(page, live_server)
    page.get_by_role("heading", name="Your account is locked").wait_for()

    # When they reset their password
    page.get_by_role("link", name="reset your password").click()
    check_page(page, "password-reset")
    page.get_by_label("Email address").fill("qa-officer@example.org")
    page.get_by_role("button", name="Send the link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    check_page(page, "password-reset-sent")

    # And follow the link in the email
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/account/password-reset/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    check_page(page, "password-reset-new-password")
    page.get_by_label("New password", exact=True).fill("a-brand-new-password-2")
    page.get_by_label("Confirm new password").fill("a-brand-new-password-2")
    page.get_by_role("button", name="Save the new password").click()
    page.get_by_role("heading", name="Your password has been changed").wait_for()
    check_page(page, "password-reset-complete")

    # Then they sign in with the new password and a code
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Username").fill("qa-officer")
    page.get_by_label("Password").fill("a-brand-new-password-2")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(signing_in.code_for(app))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/home/")  # their own home page
    assert page.get_by_role("button", name="Sign out (qa-officer)").is_visible()
