from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "carewatch.ops"
    label = "ops"

    def ready(self) -> None:
        from django.conf import settings
        from django.core.signals import got_request_exception

        from carewatch.ops import unavailable

        got_request_exception.connect(unavailable.note_exception, dispatch_uid="carewatch-db-unavailable")

        if settings.SENTRY_DSN:  # only then is sentry-sdk imported at all
            from carewatch.ops import sentry

            sentry.start(settings.SENTRY_DSN)
