"""Helpers for tests that need a signed-in person: an authenticator app, its codes, a verified session.

Every staff page needs the second factor (``RequireSecondFactorMiddleware``), and django-axes refuses
``client.login()`` (it needs the request), so other tests sign people in with ``sign_in_verified``.
"""

from base64 import b32decode

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_for(user, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=confirmed)


def recovery_codes_for(user, codes: tuple[str, ...] = ("abcd2345", "efgh6723")) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (``steps_ahead=1``: the next one, for a second sign-in in one 30 s step)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead):06d}"


def code_for_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """The code for a key as a person reads it off the set-up page ("ABCD EFGH …")."""
    return f"{totp(b32decode(secret.replace(' ', '')), drift=steps_ahead):06d}"


def sign_in_verified(client, user) -> TOTPDevice:
    """Sign ``user`` in with both factors done, without going through the pages."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or authenticator_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
