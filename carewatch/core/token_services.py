"""API tokens: create, authenticate, revoke. Only a token's sha256 is stored; the secret is shown once.

A token reads ``cw_<prefix>_<secret>``: the prefix (10 hex characters) is stored in clear so that
people can tell their tokens apart; the whole string is hashed with sha256 for the lookup. Creating
and revoking run in a transaction with one audit entry; reads are in ``token_queries``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import datetime, timedelta
from typing import cast

from django.db import DatabaseError, transaction

from carewatch.core import audit, read_only, token_queries
from carewatch.core.models import ApiToken, User

TOKEN_PREFIX = "cw"
SECRET_ALPHABET = string.ascii_letters + string.digits
SECRET_LENGTH = 40  # about 238 bits
PREFIX_BYTES = 5  # 10 hex characters, within ApiToken.prefix's 12
NAME_MAX_LENGTH = cast(int, ApiToken._meta.get_field("name").max_length)  # a CharField: always set
# last_used_at is bookkeeping, not an audited write: refresh it at most once a minute per token.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(Exception):
    """A token cannot be created or revoked; ``field`` names the input at fault, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def parse(raw: str) -> str | None:
    """The prefix of a well-formed token string, else None."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


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
        audit.write(
            now=now,
            actor=user,
            organisation=None,
            label=user.get_username(),
            action="api.token_created",
            object_type="api_token",
            object_id=token.pk,
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
        audit.write(
            now=now,
            actor=by,
            organisation=None,
            label=by.get_username(),
            action="api.token_revoked",
            object_type="api_token",
            object_id=locked.pk,
            before={"revoked_at": None},
            after={"revoked_at": now.isoformat(), "name": locked.name, "prefix": locked.prefix},
        )
    token.revoked_at = locked.revoked_at
    return locked


def authenticate_token(raw: str, *, now: datetime) -> ApiToken | None:
    """The live token for ``raw`` (with its user), or None: unknown, revoked, or its user inactive.

    Records when the token was last used, at most once a minute, so that a busy client does not
    cause a database write per request; a read-only database leaves it as it was, and the token works.
    """
    prefix = parse(raw)
    if prefix is None:
        return None
    token = token_queries.live_token(prefix)
    if token is None or not hmac.compare_digest(token.key_hash, hash_token(raw.strip())):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        try:
            with transaction.atomic():
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        except DatabaseError as error:
            if not read_only.is_read_only(error):
                raise
        else:
            token.last_used_at = now
    return token


def _new_prefix() -> str:
    for _ in range(10):
        prefix = secrets.token_hex(PREFIX_BYTES)
        if not token_queries.prefix_taken(prefix):
            return prefix
    raise RuntimeError("could not find an unused token prefix")  # pragma: no cover - 1 in 10^12 each time
