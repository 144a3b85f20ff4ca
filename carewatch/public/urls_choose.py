"""Choosing between services: compare, the shortlist, guidance for families and open data. Included by ``public.urls``, so
its names are in the ``public:`` namespace."""

from django.urls import URLPattern, path

from carewatch.public import presenters
from carewatch.public.views import choose, open_data

urlpatterns: list[URLPattern] = [
    path("guidance/questions-to-ask/", choose.questions_to_ask, name="questions_to_ask"),
    path("shortlist/", choose.shortlist, name="shortlist"),
    path("compare/", choose.compare, name="compare"),
    path("open-data/", open_data.open_data, name="open_data"),
    # One fixed address per file (/open-data/services.csv): reverse("public:open_data_download",
    # kwargs={"dataset": "services", "file_format": "csv"}).
    *[
        path(
            f"open-data/{dataset.slug}.{file_format}",
            open_data.download,
            {"dataset": dataset.slug, "file_format": file_format},
            name="open_data_download",
        )
        for dataset in presenters.DATASETS
        for file_format in open_data.FORMATS
    ],
]
