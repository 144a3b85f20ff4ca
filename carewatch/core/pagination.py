"""Paging a long list the GOV.UK way: the page numbers to offer, for ``core/govuk/_pagination.html``."""

from __future__ import annotations

from django.core.paginator import Page


def page_numbers(page: Page) -> list[int | None]:
    """The numbers GOV.UK pagination shows for ``page``: the first and last pages, the current one and its
    neighbours, and ``None`` where an ellipsis stands for the pages left out (1 … 6 7 8 … 20)."""
    last = page.paginator.num_pages
    shown = sorted({1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1)))
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
