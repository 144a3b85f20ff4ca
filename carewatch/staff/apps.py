from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "carewatch.staff"
    label = "staff"
    verbose_name = "Staff home"
