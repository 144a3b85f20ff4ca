"""Every staff role signs in with a second factor (TOTP or a recovery code); a write that a read-only
database refuses answers with the page "carewatch is read-only just now"."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from carewatch.core import read_only

# Pages a signed-in person can reach before completing the second factor.
ALLOWED_BEFORE_SECOND_FACTOR = (
    "core:sign_out",
    "core:second_factor",
    "core:second_factor_setup",
    "core:recovery_code",
)


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._satisfied(request, user):
            match = request.resolver_match or _resolve(request.path_info)
            name = (
                f"{match.namespace}:{match.url_name}"
                if match and match.namespace
                else (match.url_name if match else "")
            )
            is_static = request.path_info.startswith(settings.STATIC_URL)
            if (
                name not in ALLOWED_BEFORE_SECOND_FACTOR
                and not is_static
                and not request.path_info.startswith("/api/")
            ):
                return redirect(self._next_step(user) + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)

    def _satisfied(self, request, user) -> bool:
        if getattr(user, "is_verified", lambda: False)():
            return True
        return bool(settings.CAREWATCH_DEMO_SKIP_MFA and request.session.get("demo_mfa_skipped"))

    def _next_step(self, user) -> str:
        from django_otp import devices_for_user

        has_device = any(True for _ in devices_for_user(user, confirmed=True))
        return reverse("core:second_factor" if has_device else "core:second_factor_setup")


def _resolve(path):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path)
    except Resolver404:
        return None


class ReadOnlyDatabaseMiddleware:
    """A view whose write the database refuses as read-only (``read_only.is_read_only``) answers 503 with
    the page "carewatch is read-only just now", not a 500. Pages that only read never get here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if read_only.is_read_only(exception):
            return read_only.refused(request, exception)
        return None
