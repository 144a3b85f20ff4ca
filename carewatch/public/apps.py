from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "carewatch.public"
    label = "public"
    verbose_name = "Public site"
