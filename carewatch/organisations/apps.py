from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "carewatch.organisations"
    label = "organisations"
    verbose_name = "Organisations and people"
