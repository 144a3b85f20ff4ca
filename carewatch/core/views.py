"""The home page, signing in (a password, then a second factor) and resetting a password.

Signing in takes two steps. The password step authenticates through ``authenticate(request=...)``
(django-axes counts failures and locks a username at an address out). The person is then signed in
but not verified: ``RequireSecondFactorMiddleware`` keeps them to the second-factor pages until they
enter a code from their authenticator app or a recovery code, or set an app up if they have none.
"""

import math
from base64 import b32encode, b64encode
from datetime import datetime
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from axes import utils as axes_utils
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.core import access, audit, forms
from carewatch.core import services as core_services
from carewatch.register import queries


@access.public
def home(request):
    figures = queries.market_figures(by="england", service="all")[0]
    care_homes = queries.market_figures(by="england", service="care-homes")[0]
    return render(
        request,
        "core/home.html",
        {
            "page_title": "Find and check adult social care in England",
            "figures": figures,
            "care_homes": care_homes,
        },
    )


# --- signing in ----------------------------------------------------------------------------------


@access.public
class SignInView(auth_views.LoginView):
    """Step 1: username and password. Then the second factor, or set-up when the person has none."""

    template_name = "core/sign_in.html"
    form_class = forms.SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(demo_skips_second_factor=settings.CAREWATCH_DEMO_SKIP_MFA, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        auth_login(self.request, user)
        next_url = self.get_success_url()
        if may_skip_second_factor(user):
            self.request.session[DEMO_SKIP_SESSION_KEY] = True
            return HttpResponseRedirect(next_url)
        self.request.session.pop(DEMO_SKIP_SESSION_KEY, None)
        step = "core:second_factor" if has_authenticator(user) else "core:second_factor_setup"
        return HttpResponseRedirect(_with_next(reverse(step), next_url))


@access.signed_in()
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Step 2: the 6-digit code from the person's authenticator app."""
    user, next_url = request.user, _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not has_authenticator(user):
        step = "core:recovery_code" if has_recovery_codes(user) else "core:second_factor_setup"
        return redirect(_with_next(reverse(step), next_url))
    form = forms.AuthenticatorCodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = verify_authenticator_code(user=user, code=form.cleaned_data["code"], now=timezone.now())
        except SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            _complete_second_factor(request, device)
            return redirect(next_url)
    return render(
        request, "core/second_factor.html", _context(request, form, next_url, form.fields["code"].label)
    )


@access.signed_in()
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_code(request):
    """Step 2 without the app: one of the recovery codes, each of which works once."""
    user, next_url = request.user, _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    form = forms.RecoveryCodeForm(request.POST or None)
    if form.is_valid():
        try:
            device, left = use_recovery_code(user=user, code=form.cleaned_data["code"], now=timezone.now())
        except SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            _complete_second_factor(request, device)
            messages.success(request, f"You have signed in with a recovery code. You have {left} left.")
            return redirect(next_url)
    context = _context(request, form, next_url, form.fields["code"].label)
    context["has_authenticator"] = has_authenticator(user)
    return render(request, "core/recovery_code.html", context)


@access.signed_in()
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Set up an authenticator app (for someone who has none), then show the recovery codes once."""
    user, next_url = request.user, _next_url(request)
    if has_authenticator(user):
        return redirect(
            next_url if user.is_verified() else _with_next(reverse("core:second_factor"), next_url)
        )
    device = start_authenticator_setup(user=user)
    form = forms.AuthenticatorCodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = confirm_authenticator(
                user=user, device=device, code=form.cleaned_data["code"], now=timezone.now()
            )
        except SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            _complete_second_factor(request, device)
            # Shown in this response only: reloading it finds the app set up and moves on.
            return render(
                request,
                "core/recovery_codes.html",
                {"page_title": "Save your recovery codes", "codes": codes, "next": next_url},
            )
    context = _context(request, form, next_url, "Set up your authenticator app")
    context["qr_code"] = _qr_code_data_uri(device.config_url)
    context["secret"] = _grouped(b32encode(device.bin_key).decode())
    return render(request, "core/second_factor_setup.html", context)


@access.public
class SignOutView(auth_views.LogoutView):
    pass


def _complete_second_factor(request, device) -> None:
    request.session.cycle_key()  # a new session id when the session gains the second factor
    django_otp.login(request, device)


def _context(request, form, next_url: str, page_title: str) -> dict:
    return {
        "page_title": page_title,
        "form": form,
        "next": next_url,
        "next_query": urlencode({"next": next_url}),
        "demo_skips_second_factor": settings.CAREWATCH_DEMO_SKIP_MFA,
    }


def _next_url(request) -> str:
    """Where to go once signed in: the ``next`` parameter if it stays on this site, else home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def _qr_code_data_uri(text: str) -> str:
    """A QR code as an SVG data URI, drawn on the server (the CSP allows data: images, not scripts)."""
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=4).to_string()
    return "data:image/svg+xml;base64," + b64encode(svg).decode()


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- resetting a password (Django's views, GOV.UK templates) -------------------------------------


@access.public
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/password_reset.html"
    form_class = forms.PasswordResetRequestForm
    email_template_name = "core/email/password_reset.txt"
    subject_template_name = "core/email/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")
    extra_context = {"page_title": "Reset your password"}


@access.public
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_done.html"
    extra_context = {"page_title": "Check your email"}


@access.public
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    form_class = forms.NewPasswordForm
    success_url = reverse_lazy("core:password_reset_complete")
    post_reset_login = False  # signing in still takes the password and a second factor

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = "Create a new password" if context["validlink"] else "This link has expired"
        return context

    def form_valid(self, form):
        set_new_password(user=form.user, password=form.cleaned_data["new_password1"], now=timezone.now())
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@access.public
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"
    extra_context = {"page_title": "Your password has been changed"}


# --- sign-in services ----------------------------------------------------------------------------
# The domain calls behind the views above. Writes run in a transaction and write one audit entry;
# refusals are SecondFactorError, which the views turn into form errors. Keyword-only arguments, so
# moving this section to its own module (core/sign_in_services.py) changes only the callers' import.

DEMO_SKIP_SESSION_KEY = "demo_mfa_skipped"  # read by RequireSecondFactorMiddleware
RECOVERY_CODE_COUNT = 10
WRONG_CODE = "The code is not correct. Enter the code your authenticator app shows now."
WRONG_RECOVERY_CODE = "The recovery code is not correct or has already been used"
SETUP_EXPIRED = "This set-up has ended. Reload the page and scan the new QR code."


class SecondFactorError(Exception):
    """A code was refused; the message is written for the person signing in."""


def may_skip_second_factor(user) -> bool:
    """Only in demo mode, and only for the demo users that ``setup-demo`` creates."""
    demo_usernames = {username for username, _role, _where in core_services.DEMO_USERS}
    return bool(settings.CAREWATCH_DEMO_SKIP_MFA) and user.get_username() in demo_usernames


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def has_recovery_codes(user) -> bool:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()


def start_authenticator_setup(*, user) -> TOTPDevice:
    """The person's unconfirmed authenticator (made once, so reloading the page keeps the same key)."""
    with transaction.atomic():
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def confirm_authenticator(*, user, device: TOTPDevice, code: str, now: datetime) -> list[str]:
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
            audit.record(
                at=now,
                actor=user,
                actor_label=_label(user),
                action="core.second_factor_set_up",
                object_type="user",
                object_id=str(user.pk),
                after={"authenticator": device.name, "recovery_codes": RECOVERY_CODE_COUNT},
            )
    if problem is not None:
        raise SecondFactorError(problem)
    return codes


def verify_authenticator_code(*, user, code: str, now: datetime) -> TOTPDevice:
    """The confirmed authenticator that shows ``code`` now (each code works once), or SecondFactorError."""
    problem = WRONG_CODE
    for device_id in TOTPDevice.objects.devices_for_user(user, confirmed=True).values_list("id", flat=True):
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device_id)
            problem = _check_code(device, code, now)
        if problem is None:
            return device
    raise SecondFactorError(problem)


def use_recovery_code(*, user, code: str, now: datetime) -> tuple[StaticDevice, int]:
    """Spend one recovery code (it is deleted); return its device and how many codes are left."""
    problem = WRONG_RECOVERY_CODE
    for device_id in StaticDevice.objects.devices_for_user(user, confirmed=True).values_list("id", flat=True):
        with transaction.atomic():
            device = StaticDevice.objects.select_for_update().get(pk=device_id)
            problem = _check_code(device, code, now, wrong=WRONG_RECOVERY_CODE)
            if problem is None:
                left = device.token_set.count()
                audit.record(
                    at=now,
                    actor=user,
                    actor_label=_label(user),
                    action="core.recovery_code_used",
                    object_type="user",
                    object_id=str(user.pk),
                    after={"recovery_codes_left": left},
                )
        if problem is None:
            return device, left
    raise SecondFactorError(problem)


def set_new_password(*, user, password: str, now: datetime) -> None:
    """A new password from a reset link; it also lifts a lockout on the username."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        unlocked = axes_utils.reset(username=user.get_username())
        audit.record(
            at=now,
            actor=user,
            actor_label=_label(user),
            action="core.password_reset",
            object_type="user",
            object_id=str(user.pk),
            after={"failed_sign_ins_cleared": unlocked},
        )


def _check_code(device, code: str, now: datetime, *, wrong: str = WRONG_CODE) -> str | None:
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


def _label(user) -> str:
    return user.get_full_name() or user.get_username()
