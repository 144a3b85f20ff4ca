from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Production's health checks, logs and commands. Nothing is wired in ``ready()`` (tests/test_architecture.py):
    the database-unavailable signal is connected by its middleware, Sentry is started by the settings module."""

    name = "carewatch.ops"
    label = "ops"
