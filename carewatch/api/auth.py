"""Who is calling the API: a bearer token (``Authorization: Bearer cw_…``) or nobody.

Identity in the API comes only from a token. A session cookie is ignored (``request.user`` is
replaced), so a browser half-way through its second factor cannot use the API, and no endpoint
needs CSRF protection.

- :func:`anyone`: public data; anonymous or any valid token. A bad token is refused (401), never
  quietly treated as anonymous.
- :func:`token_needed`: a valid token is needed (401 without one).
- Tokens that do not work (unknown, revoked, garbled) are counted per client address; beyond
  ``CAREWATCH_API_BAD_TOKEN_RATE`` every call from that address that sends a token is refused with
  429 and ``Retry-After`` until the window closes, before the token is even looked up, so guessing
  cannot go on. Calls without a token are left to the throttles (``throttling``).
- Scopes: a ``read`` token may only use safe methods (GET, HEAD, OPTIONS); anything else needs a
  ``write`` token (403 ``insufficient_scope``). An operation that writes nothing although it is a
  POST (``/rate``, a pure computation) declares it with ``anyone(writes_nothing=True)``.

Endpoints read the caller with :func:`user_of` (or :func:`person_or_401` where only a signed-in person
will do) and pass that user to ``carewatch.core.access``, so
the API applies exactly the web app's visibility rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from carewatch.api.errors import ApiError
from carewatch.core import access, rate_limits, token_services
from carewatch.core.models import ApiToken, User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Anonymous:
    """``request.auth`` for a call without a token (truthy, so ninja lets it through)."""

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return "anonymous"


ANONYMOUS = Anonymous()


class TokenAuth(HttpBearer):
    """A carewatch API token; the scheme is named ``TokenAuth`` in the OpenAPI document."""

    openapi_bearerFormat = "cw_<prefix>_<secret>"
    openapi_description = "An API token created at /account/api-tokens/. Read tokens may only GET; write tokens may also change data."

    def __init__(self, *, writes_nothing: bool = False):
        super().__init__()
        self.writes_nothing = writes_nothing

    def __call__(self, request: HttpRequest) -> Any:
        value = request.headers.get(self.header)
        if not value:
            return None  # no token: the next callback (anonymous) decides
        now = timezone.now()
        wait = rate_limits.over_limit(**_bad_tokens(request), now=now)
        if wait is not None:
            raise ApiError(
                429,
                "rate_limited",
                "Too many calls from your address with a token that does not work: wait for the time in Retry-After.",
                "Authorization",
                retry_after=wait,
            )
        scheme, _, raw = value.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            rate_limits.count(**_bad_tokens(request), now=now)
            raise ApiError(
                401, "invalid_token", "Send the token as Authorization: Bearer cw_…", "Authorization"
            )
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        now = timezone.now()
        found = token_services.authenticate_token(token, now=now)
        if found is None:
            rate_limits.count(**_bad_tokens(request), now=now)
            raise ApiError(401, "invalid_token", "The token is unknown or has been revoked.", "Authorization")
        if (
            request.method not in SAFE_METHODS
            and not self.writes_nothing
            and found.scope != ApiToken.Scope.WRITE
        ):
            raise ApiError(
                403,
                "insufficient_scope",
                "This token is read-only: create a write token to change data.",
                "Authorization",
            )
        request.user = found.user
        return found


def _bad_tokens(request: HttpRequest) -> dict[str, Any]:
    """What counts failed tokens: this client's address, at ``CAREWATCH_API_BAD_TOKEN_RATE``."""
    return {
        "bucket": "api_bad_token",
        "who": rate_limits.client_address(request),
        "rate": rate_limits.rate_from("CAREWATCH_API_BAD_TOKEN_RATE"),
    }


def anonymous(request: HttpRequest) -> Anonymous:
    request.user = AnonymousUser()
    return ANONYMOUS


def anyone(*, writes_nothing: bool = False, **openapi_extra: Any) -> dict[str, Any]:
    """Operation arguments for public data: anonymous callers and any valid token.

    ``writes_nothing``: a POST that changes nothing (a computation) and so needs no write scope.
    ``security: [{}]`` adds OpenAPI's "no authentication" alternative beside TokenAuth.
    """
    return {
        "auth": [TokenAuth(writes_nothing=writes_nothing), anonymous],
        "openapi_extra": {"security": [{}], **openapi_extra},
    }


def token_needed(**openapi_extra: Any) -> dict[str, Any]:
    """Operation arguments for an endpoint that needs a token (401 without one)."""
    return {"auth": [TokenAuth()], "openapi_extra": openapi_extra or None}


def token_of(request: HttpRequest) -> ApiToken | None:
    """The token the caller authenticated with, if any."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def user_of(request: HttpRequest):
    """The person behind the token (an ``AnonymousUser`` without one): pass it to ``core.access``."""
    token = token_of(request)
    return token.user if token is not None else AnonymousUser()


def person_or_401(request: HttpRequest) -> User:
    """The signed-in person behind the token; 401 ``unauthenticated`` without one (every endpoint that
    reads a person's own records starts here, then decides its own 403)."""
    person = access.signed_in_user(user_of(request))
    if person is None:
        raise ApiError(401, "unauthenticated", "This needs an API token.", "Authorization")
    return person


def allows_anonymous(auth_callbacks) -> bool:
    return any(callback is anonymous for callback in auth_callbacks)
