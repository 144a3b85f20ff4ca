from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "carewatch.monitoring"
    label = "monitoring"
    verbose_name = "Local quality monitoring"
