"""Recognition on the public site: the Social Care Commitment register and quality marks. Included by
``public.urls``, so its names are in the ``public:`` namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
