from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "carewatch.ops"
    label = "ops"

    def ready(self) -> None:
        from django.conf import settings

        if settings.SENTRY_DSN:  # only then is sentry-sdk imported at all
            from carewatch.ops import sentry

            sentry.start(settings.SENTRY_DSN)
