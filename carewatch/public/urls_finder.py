"""Find care near a place: the finder page (``public:find``). Included by ``public.urls``, so
its names are in the ``public:`` namespace."""

from django.urls import path

from carewatch.public.views import finder

urlpatterns = [
    path("find/", finder.find, name="find"),
]
