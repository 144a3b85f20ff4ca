"""Errors to Sentry when ``SENTRY_DSN`` is set (sentry-sdk, imported only then)."""

from __future__ import annotations

from typing import Any


def start(
    dsn: str, *, environment: str | None = None, traces_sample_rate: float | None = None, **extra: Any
) -> None:
    """Started from the settings module (``config/settings.py``) when ``SENTRY_DSN`` is set, with its values;
    without them (a test), from Django's settings."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    if environment is None or traces_sample_rate is None:
        from django.conf import settings

        environment = settings.SENTRY_ENVIRONMENT
        traces_sample_rate = settings.SENTRY_TRACES_SAMPLE_RATE
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration()],  # sentry-sdk sends no personal data by default
        **extra,
    )
