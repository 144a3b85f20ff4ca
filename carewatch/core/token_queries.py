"""Reads of API tokens: a person's own tokens, and the live token behind a prefix (writes: ``token_services``)."""

from __future__ import annotations

from django.db.models import F, QuerySet

from carewatch.core.models import ApiToken, User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """``user``'s own tokens, live first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def token_of(user: User, token_id: int) -> ApiToken:
    """One of ``user``'s own tokens; raises ApiToken.DoesNotExist for anyone else's."""
    return tokens_of(user).get(pk=token_id)


def live_token(prefix: str) -> ApiToken | None:
    """The unrevoked token with ``prefix`` of an active person (with the person and their organisation)."""
    return (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def prefix_taken(prefix: str) -> bool:
    return ApiToken.objects.filter(prefix=prefix).exists()
