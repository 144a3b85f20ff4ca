from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "carewatch.register"
    label = "register"
    verbose_name = "CQC register"
