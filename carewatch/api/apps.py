from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "carewatch.api"
    label = "api"
    verbose_name = "REST API"
