from django.apps import AppConfig


class DischargeConfig(AppConfig):
    name = "carewatch.discharge"
    label = "discharge"
    verbose_name = "Hospital discharge"
