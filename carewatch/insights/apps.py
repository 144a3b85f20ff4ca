from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "carewatch.insights"
    label = "insights"
    verbose_name = "Market insight"
