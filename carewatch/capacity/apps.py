from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "carewatch.capacity"
    label = "capacity"
    verbose_name = "Contracts and capacity"
