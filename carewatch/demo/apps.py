from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "carewatch.demo"
    label = "demo"
    verbose_name = "Demo and generated data"
