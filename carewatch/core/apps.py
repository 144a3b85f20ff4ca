from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "carewatch.core"
    label = "core"
