"""Choosing between services: compare, the shortlist, guidance for families and open data. Included by ``public.urls``, so
its names are in the ``public:`` namespace."""

from django.urls import URLPattern, path

from carewatch.public.views import choose

urlpatterns: list[URLPattern] = [
    path("guidance/questions-to-ask/", choose.questions_to_ask, name="questions_to_ask"),
    path("shortlist/", choose.shortlist, name="shortlist"),
    path("compare/", choose.compare, name="compare"),
]
