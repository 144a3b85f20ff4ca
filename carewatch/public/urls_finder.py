"""Find care near a place: the finder page (``public:find``). Included by ``public.urls``, so
its names are in the ``public:`` namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
