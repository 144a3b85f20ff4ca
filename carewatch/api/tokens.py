"""API tokens: create, revoke, look up. Only a token's sha256 is stored; the secret is shown once.

A token reads ``cw_<prefix>_<secret>``: the prefix (10 hex characters) is stored in clear so that
people can tell their tokens apart; the whole string is hashed with sha256 for the lookup.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet

from carewatch.core import audit
from carewatch.core.models import ApiToken, User

TOKEN_PREFIX = "cw"
SECRET_ALPHABET = string.ascii_letters + string.digits
SECRET_LENGTH = 40  # about 238 bits
PREFIX_BYTES = 5  # 10 hex characters, within ApiToken.prefix's 12
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length
# last_used_at is bookkeeping, not an audited write: refresh it at most once a minute per token.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(Exception):
    """A token cannot be created or revoked; ``field`` names the input at fault, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_prefix() -> str:
    for _ in range(10):
        prefix = secrets.token_hex(PREFIX_BYTES)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix
    raise RuntimeError("could not find an unused token prefix")  # pragma: no cover - 1 in 10^12 each time


def _actor_label(user: User) -> str:
    return user.get_username()


def create_token(*, user: User, name: str, scope: str, now: datetime) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the one-time secret ``cw_<prefix>_<secret>``."""
    name = (name or "").strip()
    if not name:
        raise TokenError("Enter a name for the token", "name")
    if len(name) > NAME_MAX_LENGTH:
        raise TokenError(f"Name must be {NAME_MAX_LENGTH} characters or fewer", "name")
    if scope not in ApiToken.Scope.values:
        raise TokenError("Select what the token may do", "scope")
    with transaction.atomic():
        prefix = _new_prefix()
        secret = "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
        raw = f"{TOKEN_PREFIX}_{prefix}_{secret}"
        token = ApiToken.objects.create(
            user=user, name=name, prefix=prefix, key_hash=hash_token(raw), scope=scope, created_at=now
        )
        audit.record(
            at=now,
            actor=user,
            actor_label=_actor_label(user),
            action="api.token_created",
            object_type="api_token",
            object_id=str(token.pk),
            after={"user": user.get_username(), "name": name, "prefix": prefix, "scope": scope},
        )
    return token, raw


def revoke_token(*, token: ApiToken, by: User, now: datetime) -> ApiToken:
    """Revoke ``token`` (its owner or a system administrator). Revoking twice changes nothing."""
    if token.user_id != by.pk and not by.is_superuser:
        raise TokenError("You can only revoke your own tokens")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = now
        locked.save(update_fields=["revoked_at"])
        audit.record(
            at=now,
            actor=by,
            actor_label=_actor_label(by),
            action="api.token_revoked",
            object_type="api_token",
            object_id=str(locked.pk),
            before={"revoked_at": None},
            after={"revoked_at": now.isoformat(), "name": locked.name, "prefix": locked.prefix},
        )
    token.revoked_at = locked.revoked_at
    return locked


def parse(raw: str) -> str | None:
    """The prefix of a well-formed token string, else None."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


def authenticate_token(raw: str, *, now: datetime) -> ApiToken | None:
    """The live token for ``raw`` (with its user), or None: unknown, revoked, or its user inactive.

    Records when the token was last used, at most once a minute, so that a busy client does not
    cause a database write per request.
    """
    prefix = parse(raw)
    if prefix is None:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, hash_token(raw.strip())):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- reads, always scoped to one person -------------------------------------------------------


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """``user``'s own tokens, live first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def token_of(user: User, token_id: int) -> ApiToken:
    """One of ``user``'s own tokens; raises ApiToken.DoesNotExist for anyone else's."""
    return tokens_of(user).get(pk=token_id)
