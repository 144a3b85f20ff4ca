"""Open data: the public register, ratings, badges and council measures as CSV and JSON files.

Each file is streamed row by row (a whole England register never sits in memory). CSV cells go through
``core.tables.safe_cell``, so a spreadsheet shows a name like ``=SUM(…)`` and never runs it. Active adult
social care services only, unless ``?status=all`` asks for deregistered and dormant ones too.
The licence is on the page, in every JSON file and in a ``Link: …; rel="license"`` header (docs/public.md).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from carewatch.core import access, tables
from carewatch.public import presenters

OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
CQC_DATA_URL = "https://www.cqc.org.uk/about-us/transparency/using-cqc-data"
CQC_ATTRIBUTION = "Contains CQC data © Care Quality Commission"
CAREWATCH_ATTRIBUTION = "Contains carewatch data, published under the Open Government Licence v3.0"
FORMATS = ("csv", "json")


def licence_for(dataset: presenters.Dataset) -> dict[str, object]:
    attribution = {
        "cqc": [CQC_ATTRIBUTION],
        "carewatch": [CAREWATCH_ATTRIBUTION],
        "both": [CQC_ATTRIBUTION, CAREWATCH_ATTRIBUTION],
    }[dataset.source]
    return {"name": "Open Government Licence v3.0", "url": OGL_URL, "attribution": attribution}


@access.public
def open_data(request):
    return render(
        request,
        "public/open_data.html",
        {
            "page_title": "Open data",
            "datasets": [(dataset, licence_for(dataset)) for dataset in presenters.DATASETS],
            "ogl_url": OGL_URL,
            "cqc_data_url": CQC_DATA_URL,
            "cqc_attribution": CQC_ATTRIBUTION,
        },
    )


@access.public
def download(request, dataset: str, file_format: str):
    found = presenters.DATASETS_BY_SLUG.get(dataset)
    if found is None or file_format not in FORMATS:
        raise Http404("There is no open data file with that name.")
    include_inactive = request.GET.get("status") == "all"
    today = timezone.localdate()
    rows = found.rows(include_inactive, today)
    if file_format == "csv":
        body: Iterator[str] = _csv(found.columns, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        body = _json(found, rows, include_inactive=include_inactive, today=today)
        content_type = "application/json"
    response = StreamingHttpResponse(body, content_type=content_type)
    suffix = "-all" if include_inactive else ""
    response["Content-Disposition"] = (
        f'attachment; filename="carewatch-{found.slug}{suffix}-{today.isoformat()}.{file_format}"'
    )
    response["Link"] = f'<{OGL_URL}>; rel="license"'
    return response


class _Line:
    """What ``csv.writer`` writes to: hands each line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, date):
        return value.isoformat()
    return tables.safe_cell(value)


def _csv(columns: list[str], rows: Iterable[list[object]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(tables.safe_row(columns))
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _json(
    dataset: presenters.Dataset, rows: Iterable[list[object]], *, include_inactive: bool, today: date
) -> Iterator[str]:
    head = {
        "dataset": dataset.slug,
        "title": dataset.title,
        "generated_on": today.isoformat(),
        "services": "all adult social care services"
        if include_inactive
        else "active adult social care services",
        "licence": licence_for(dataset),
        "columns": dataset.columns,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [\n'
    first = True
    for row in rows:
        record = {column: _json_value(value) for column, value in zip(dataset.columns, row, strict=True)}
        yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]}\n"
