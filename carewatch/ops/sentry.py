"""Errors to Sentry when ``SENTRY_DSN`` is set (sentry-sdk, imported only then)."""

from __future__ import annotations

from typing import Any


def start(dsn: str, **extra: Any) -> None:
    import sentry_sdk
    from django.conf import settings
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=settings.SENTRY_ENVIRONMENT,
        traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
        integrations=[DjangoIntegration()],  # sentry-sdk sends no personal data by default
        **extra,
    )
