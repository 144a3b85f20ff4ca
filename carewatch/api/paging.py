"""One paging envelope for every list the API returns (docs/api.md, "Paging").

Each list answers ``count``, ``page`` (past the last page gives the last page), ``page_size``, and
``next``/``previous`` links that keep the caller's other query parameters, then ``results``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def envelope(request: HttpRequest, paginator: Paginator, page: Page, page_size: int) -> dict[str, Any]:
    """The paging fields of ``page``, with links to its neighbours; the caller adds ``results``."""
    base = request.build_absolute_uri(request.path)
    params = request.GET.copy()

    def link(number: int) -> str:
        params["page"] = str(number)
        return f"{base}?{params.urlencode()}"

    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": page_size,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }


def paged(
    request: HttpRequest, items: Iterable[Any], *, page: int, page_size: int, shape: Callable[[Any], Any]
) -> dict[str, Any]:
    """Page ``page`` of ``items`` (a queryset or a list), each result made by ``shape``."""
    paginator: Paginator = Paginator(items, page_size)  # type: ignore[arg-type]
    current = paginator.get_page(page)
    return {
        **envelope(request, paginator, current, page_size),
        "results": [shape(item) for item in current.object_list],
    }
