"""Signing in (a password, then a second factor) and resetting a password.

Signing in takes two steps. The password step authenticates through ``authenticate(request=...)``
(django-axes counts failures and locks a username at an address out). The person is then signed in
but not verified: ``RequireSecondFactorMiddleware`` keeps them to the second-factor pages until they
enter a code from their authenticator app or a recovery code, or set an app up if they have none.
"""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from carewatch.core import access, forms, qr, rate_limits
from carewatch.core import sign_in_services as sign_in

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
        if sign_in.may_skip_second_factor(user):
            self.request.session[sign_in.DEMO_SKIP_SESSION_KEY] = True
            return HttpResponseRedirect(next_url)
        self.request.session.pop(sign_in.DEMO_SKIP_SESSION_KEY, None)
        step = "core:second_factor" if sign_in.has_authenticator(user) else "core:second_factor_setup"
        return HttpResponseRedirect(_with_next(reverse(step), next_url))


@access.signed_in()
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Step 2: the 6-digit code from the person's authenticator app."""
    user, next_url = request.user, _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not sign_in.has_authenticator(user):
        step = "core:recovery_code" if sign_in.has_recovery_codes(user) else "core:second_factor_setup"
        return redirect(_with_next(reverse(step), next_url))
    form = forms.AuthenticatorCodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = sign_in.verify_authenticator_code(
                user=user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except sign_in.SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            _complete_second_factor(request, device)
            return redirect(next_url)
    return render(
        request, "core/second_factor.html", _context(request, form, next_url, str(form.fields["code"].label))
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
            device, left = sign_in.use_recovery_code(
                user=user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except sign_in.SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            _complete_second_factor(request, device)
            messages.success(request, f"You have signed in with a recovery code. You have {left} left.")
            return redirect(next_url)
    context = _context(request, form, next_url, str(form.fields["code"].label))
    context["has_authenticator"] = sign_in.has_authenticator(user)
    return render(request, "core/recovery_code.html", context)


@access.signed_in()
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Set up an authenticator app (for someone who has none), then show the recovery codes once."""
    user, next_url = request.user, _next_url(request)
    if sign_in.has_authenticator(user):
        return redirect(
            next_url if user.is_verified() else _with_next(reverse("core:second_factor"), next_url)
        )
    device = sign_in.start_authenticator_setup(user=user)
    form = forms.AuthenticatorCodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = sign_in.confirm_authenticator(
                user=user, device=device, code=form.cleaned_data["code"], now=timezone.now()
            )
        except sign_in.SecondFactorError as error:
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
    return qr.data_uri(text)


def too_many_requests(request, template: str, context: dict, *, wait: int):
    """A page saying how long to wait, with status 429 and ``Retry-After``."""
    response = render(request, template, {**context, "minutes": rate_limits.minutes(wait)}, status=429)
    response["Retry-After"] = str(wait)
    return response


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

    def form_valid(self, form):
        """Send the link unless this client or this email address has asked too often (docs/security.md,
        "Limits on input"). Both are counted whether or not the address has an account, and the refusal is
        the same either way, so it never tells anyone whether an address is known."""
        now = timezone.now()
        wait = rate_limits.count(
            bucket="password_reset_client",
            who=rate_limits.client_address(self.request),
            rate=rate_limits.rate_from("CAREWATCH_RESET_RATE_CLIENT"),
            now=now,
        ) or rate_limits.count(
            bucket="password_reset_address",
            who=form.cleaned_data["email"].strip().casefold(),
            rate=rate_limits.rate_from("CAREWATCH_RESET_RATE_ADDRESS"),
            now=now,
        )
        if wait is not None:
            return too_many_requests(
                self.request,
                "core/password_reset_too_many.html",
                {"page_title": "You have asked for too many links"},
                wait=wait,
            )
        return super().form_valid(form)


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
        sign_in.set_new_password(
            user=form.user, password=form.cleaned_data["new_password1"], now=timezone.now()
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@access.public
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"
    extra_context = {"page_title": "Your password has been changed"}
