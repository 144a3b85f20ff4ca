"""Data tables: the same table beside a chart, in a download as CSV or XLSX, and in the PDF."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import xlsxwriter
from django.http import Http404, HttpResponse

from carewatch.core.dates import long_date

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


PRINTED_ROWS = 40  # a committee reads the first rows; the CSV and XLSX downloads hold every row


@dataclass
class Table:
    name: str  # a slug: the download's name (``?download=trend&format=csv``)
    caption: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""  # denominators, definitions: printed under the table and in the download

    def numeric(self, index: int) -> bool:
        values = [row[index] for row in self.rows if row[index] not in (None, "")]
        return bool(values) and all(isinstance(v, int | float) for v in values)

    @property
    def numeric_columns(self) -> list[bool]:
        return [self.numeric(i) for i in range(len(self.columns))]

    @property
    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Rows as (text, numeric?) cells for templates."""
        numeric = self.numeric_columns
        return [[(_text(value), numeric[i]) for i, value in enumerate(row)] for row in self.rows]

    @property
    def printed_rows(self) -> list[list[tuple[str, bool]]]:
        """The rows a printed report shows: long tables are cut, the full table is in the downloads."""
        return self.display_rows[:PRINTED_ROWS]

    @property
    def rows_not_printed(self) -> int:
        return max(0, len(self.rows) - PRINTED_ROWS)


# A spreadsheet runs a cell that starts with one of these (=, +, -, @ begin a formula; a tab or a
# carriage return hides one). Every exported cell passes through safe_cell (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet will show it and never run it: risky text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return [safe_cell(value) for value in row]


def _text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, date) and not isinstance(
        value, datetime
    ):  # GOV.UK style on pages, "6 December 2026"; downloads keep the date
        return long_date(value)
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def filename(table: Table, stem: str, fmt: str) -> str:
    safe = re.sub(r"[^a-z0-9]+", "-", f"{stem}-{table.name}".lower()).strip("-")
    return f"carewatch-{safe}.{fmt}"


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(table.columns))
    for row in table.rows:
        writer.writerow(safe_row("" if value is None else value for value in row))
    if table.note:
        writer.writerow([])
        writer.writerow(safe_row([f"Note: {table.note}"]))
    return buffer.getvalue().encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    buffer = io.BytesIO()
    # Text stays text: no formulas, numbers or links made out of strings.
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "d mmmm yyyy",
        },
    )
    sheet = book.add_worksheet(table.name[:31] or "table")
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, safe_cell(table.caption), bold)
    for column, title in enumerate(table.columns):
        sheet.write(2, column, safe_cell(title), bold)
        sheet.set_column(column, column, max(12, min(50, len(title) + 2)))
    for row_index, row in enumerate(table.rows, start=3):
        for column, value in enumerate(row):
            if value is None:
                continue
            sheet.write(row_index, column, safe_cell(value))
    if table.note:
        sheet.write(len(table.rows) + 4, 0, safe_cell(f"Note: {table.note}"))
    book.close()
    return buffer.getvalue()


def render(table: Table, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx(table)
    raise ValueError(f"unknown format {fmt!r}: choose csv or xlsx")


def download(request, table_map: dict[str, Table], stem: str):
    """The table a page's ``?download=NAME&format=csv|xlsx`` asks for, as an attachment; None if none is asked.

    An unknown table or format is "not found". ``stem`` starts the file's name (area, period …).
    """
    name, fmt = request.GET.get("download"), request.GET.get("format", "csv")
    if not name:
        return None
    if name not in table_map or fmt not in FORMATS:
        raise Http404("No such table or format")
    table = table_map[name]
    response = HttpResponse(render(table, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(table, stem, fmt)}"'
    return response
