from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "carewatch.cases.letters"
    label = "letters"
    verbose_name = "Letters about cases"
