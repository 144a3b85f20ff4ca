"""The ladder's pages as a person reads them (on top of ``tests/pages.py``): the error summary, a part of the
page as text, a date typed into the three GOV.UK boxes."""

from __future__ import annotations

from datetime import date

from tests.pages import client_for, page

__all__ = ["client_for", "date_fields", "errors", "page", "text"]


def errors(soup) -> dict[str, str]:
    """The error summary as {link target: message}; the title says Error first."""
    assert soup.title.text.startswith("Error: ")
    summary = soup.select_one(".govuk-error-summary")
    targets = {a["href"]: a.text.strip() for a in summary.select("li a")}
    for href in targets:
        assert href == "#" + soup.select_one(href)["id"], f"the error link {href} goes nowhere"
    return targets


def text(soup, selector: str) -> str:
    element = soup.select_one(selector)
    assert element is not None, f"nothing matches {selector}"
    return " ".join(element.get_text(" ").split())


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}
