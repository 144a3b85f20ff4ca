from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "carewatch.planning"
    label = "planning"
    verbose_name = "Risk and the visit programme"
