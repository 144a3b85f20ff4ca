"""Choosing between services: compare, the shortlist, guidance for families and open data. Included by ``public.urls``, so
its names are in the ``public:`` namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
