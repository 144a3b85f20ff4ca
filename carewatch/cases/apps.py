from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "carewatch.cases"
    label = "cases"
    verbose_name = "Ladder of intervention"
