from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "carewatch.ratings"
    label = "ratings"
    verbose_name = "Rating rules"
