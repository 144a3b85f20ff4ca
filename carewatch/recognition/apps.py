from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "carewatch.recognition"
    label = "recognition"
    verbose_name = "Recognition: the Social Care Commitment"
