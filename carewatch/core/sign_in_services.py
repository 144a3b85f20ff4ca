"""Sign-in services: the second factor, recovery codes and password changes.

Writes run in a transaction and write one audit entry; refusals are SecondFactorError, which the
views turn into form errors.
"""

import math
from datetime import datetime

from axes import utils as axes_utils
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.core import audit, roles
from carewatch.core.models import User

DEMO_SKIP_SESSION_KEY = "demo_mfa_skipped"  # read by RequireSecondFactorMiddleware
RECOVERY_CODE_COUNT = 10
WRONG_CODE = "The code is not correct. Enter the code your authenticator app shows now."
WRONG_RECOVERY_CODE = "The recovery code is not correct or has already been used"
SETUP_EXPIRED = "This set-up has ended. Reload the page and scan the new QR code."


class SecondFactorError(Exception):
    """A code was refused; the message is written for the person signing in."""


def may_skip_second_factor(user: User) -> bool:
    """Only in demo mode, and only for the demo users that ``setup-demo`` creates."""
    demo_usernames = {username for username, _role, _where in roles.DEMO_USERS}
    return bool(settings.CAREWATCH_DEMO_SKIP_MFA) and user.get_username() in demo_usernames


def has_authenticator(user: User) -> bool:
    return bool(TOTPDevice.objects.devices_for_user(user, confirmed=True).exists())


def has_recovery_codes(user: User) -> bool:
    return bool(StaticToken.objects.filter(device__user=user, device__confirmed=True).exists())


def start_authenticator_setup(*, user: User) -> TOTPDevice:
    """The person's unconfirmed authenticator (made once, so reloading the page keeps the same key)."""
    with transaction.atomic():
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def confirm_authenticator(*, user: User, device: TOTPDevice, code: str, now: datetime) -> list[str]:
    """Confirm the app with a code it shows; replace any recovery codes with 10 new ones and return them."""
    codes: list[str] = []
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        )
        # _check_code saves the throttling state whatever the outcome, so refusals are raised after commit
        problem = _check_code(device, code, now) if device is not None else SETUP_EXPIRED
        if problem is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
            StaticDevice.objects.filter(user=user).delete()
            recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
            while len(codes) < RECOVERY_CODE_COUNT:
                token = StaticToken.random_token()
                if token not in codes:
                    codes.append(token)
            StaticToken.objects.bulk_create(StaticToken(device=recovery, token=token) for token in codes)
            audit.write(
                now=now,
                actor=user,
                organisation=None,
                action="core.second_factor_set_up",
                object_type="user",
                object_id=user.pk,
                after={"authenticator": device.name, "recovery_codes": RECOVERY_CODE_COUNT},
            )
    if problem is not None:
        raise SecondFactorError(problem)
    return codes


def verify_authenticator_code(*, user: User, code: str, now: datetime) -> TOTPDevice:
    """The confirmed authenticator that shows ``code`` now (each code works once), or SecondFactorError."""
    problem: str | None = WRONG_CODE
    for device_id in TOTPDevice.objects.devices_for_user(user, confirmed=True).values_list("id", flat=True):
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device_id)
            problem = _check_code(device, code, now)
        if problem is None:
            return device
    raise SecondFactorError(problem)


def use_recovery_code(*, user: User, code: str, now: datetime) -> tuple[StaticDevice, int]:
    """Spend one recovery code (it is deleted); return its device and how many codes are left."""
    problem: str | None = WRONG_RECOVERY_CODE
    for device_id in StaticDevice.objects.devices_for_user(user, confirmed=True).values_list("id", flat=True):
        with transaction.atomic():
            device = StaticDevice.objects.select_for_update().get(pk=device_id)
            problem = _check_code(device, code, now, wrong=WRONG_RECOVERY_CODE)
            if problem is None:
                left = device.token_set.count()
                audit.write(
                    now=now,
                    actor=user,
                    organisation=None,
                    action="core.recovery_code_used",
                    object_type="user",
                    object_id=user.pk,
                    after={"recovery_codes_left": left},
                )
        if problem is None:
            return device, left
    raise SecondFactorError(problem)


def set_new_password(*, user: User, password: str, now: datetime) -> None:
    """A new password from a reset link; it also lifts a lockout on the username."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        unlocked = axes_utils.reset(username=user.get_username())
        audit.write(
            now=now,
            actor=user,
            organisation=None,
            action="core.password_reset",
            object_type="user",
            object_id=user.pk,
            after={"failed_sign_ins_cleared": unlocked},
        )


def _check_code(
    device: TOTPDevice | StaticDevice, code: str, now: datetime, *, wrong: str = WRONG_CODE
) -> str | None:
    """None when ``device`` accepts ``code``, else what to tell the person (django-otp throttles guesses)."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return _wait_message((details or {}).get("locked_until"), now)
    return None if device.verify_token(code) else wrong


def _wait_message(locked_until: datetime | None, now: datetime) -> str:
    seconds = max(1, math.ceil((locked_until - now).total_seconds())) if locked_until else 60
    if seconds < 120:
        wait = "1 second" if seconds == 1 else f"{seconds} seconds"
    else:
        wait = f"{math.ceil(seconds / 60)} minutes"
    return f"You have entered too many wrong codes. Wait {wait}, then try again."
