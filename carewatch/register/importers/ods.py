"""Streaming reading of OpenDocument spreadsheets (the CQC's monthly ``.ods`` files).

A CQC bulk file's ``content.xml`` is hundreds of megabytes of XML; loading it as a workbook took
pandas over 3 GB. Here the XML is parsed as a stream straight out of the zip (``iterparse``, "end"
events only): each row becomes a list of strings, is handed on and is then cleared, so memory stays
flat however long the sheet is. A quick expat scan of the sheet names first tells which sheet the
rows belong to. (ElementTree's C parser proved faster here than expat with Python callbacks, or a
TreeBuilder subclass.)

Cells are read as their typed value where the file gives one (``office:value`` for numbers,
``office:date-value`` for dates) and otherwise as their text (``text:p`` paragraphs with their
``text:span``, ``text:s`` …; comments are left out). Runs of repeated cells and rows
(``table:number-columns-repeated`` / ``table:number-rows-repeated``) are expanded, except that
trailing empty cells and rows (LibreOffice pads sheets to 1,024 columns and 1,048,576 rows) are
dropped.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from carewatch.register import formats
from carewatch.register.importers import ImportFileError, check_archive

TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

# expat (sheet names) reports names as "uri local"; ElementTree (rows) as "{uri}local"
_EXPAT_TABLE = f"{TABLE_NS} table"
_EXPAT_NAME = f"{TABLE_NS} name"
_EXPAT_SUB_TABLE = f"{TABLE_NS} is-sub-table"
_TABLE = f"{{{TABLE_NS}}}table"
_ROW = f"{{{TABLE_NS}}}table-row"
_CELL = f"{{{TABLE_NS}}}table-cell"
_NAME = f"{{{TABLE_NS}}}name"
_SUB_TABLE = f"{{{TABLE_NS}}}is-sub-table"
_COLUMNS_REPEATED = f"{{{TABLE_NS}}}number-columns-repeated"
_ROWS_REPEATED = f"{{{TABLE_NS}}}number-rows-repeated"
_VALUE_TYPE = f"{{{OFFICE_NS}}}value-type"
_VALUE = f"{{{OFFICE_NS}}}value"
_DATE_VALUE = f"{{{OFFICE_NS}}}date-value"
_TIME_VALUE = f"{{{OFFICE_NS}}}time-value"
_BOOLEAN_VALUE = f"{{{OFFICE_NS}}}boolean-value"
_P = f"{{{TEXT_NS}}}p"
_SPACE = f"{{{TEXT_NS}}}s"
_TAB = f"{{{TEXT_NS}}}tab"
_LINE_BREAK = f"{{{TEXT_NS}}}line-break"
_COUNT = f"{{{TEXT_NS}}}c"
_NUMBER_TYPES = ("float", "percentage", "currency")
_READ_ERRORS = (OSError, zipfile.BadZipFile, EOFError, zlib.error)

# A non-empty cell or row repeated more often than this is a corrupt or hostile file, not data.
MAX_REPEAT = 10_000
_AS_AT_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})")


class _Found(Exception):
    """Stops the sheet-name scan early."""


def sheet_names(path: Path, *, stop_at: Callable[[str], bool] | None = None) -> list[str]:
    """The names of the sheets in an ``.ods`` file, in order (a scan of ``content.xml``).

    With ``stop_at``, the scan ends at the first name for which it returns True (the last listed).
    """
    names: list[str] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == _EXPAT_TABLE and attributes.get(_EXPAT_SUB_TABLE) != "true":
            names.append(attributes.get(_EXPAT_NAME, ""))
            if stop_at is not None and stop_at(names[-1]):
                raise _Found

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    with _open_content(path) as content:
        try:
            parser.ParseFile(content)
        except _Found:
            pass
        except expat.ExpatError as error:
            raise ImportFileError(
                f"{path.name}: content.xml is not well-formed XML at line {error.lineno}, column {error.offset}"
            ) from None
        except _READ_ERRORS as error:
            raise ImportFileError(f"{path.name}: cannot read content.xml ({error})") from None
    return names


def iter_sheet_rows(path: Path, sheet: str) -> Iterator[list[str]]:
    """Yield each row of the sheet called ``sheet`` as a list of strings (trailing blanks dropped).

    Raises ImportFileError when the file is not a readable ODS file or has no such sheet.
    """
    names = sheet_names(path, stop_at=lambda name: name == sheet)
    if not names or names[-1] != sheet:
        raise ImportFileError(f"{path.name}: no sheet named {sheet!r}")
    wanted = len(names) - 1  # sheets are told apart by position: "end" events come before any name
    with _open_content(path) as content:
        finished = 0  # sheets ended so far
        pending_empty_rows = 0
        try:
            # Only "end" events: half as many as with "start" too, which matters at millions of cells.
            for _, element in ElementTree.iterparse(content, events=("end",)):
                tag = element.tag
                if tag == _ROW:
                    if finished == wanted:
                        cells = _row_cells(element)
                        repeat = min(_repeat(element.get(_ROWS_REPEATED)), MAX_REPEAT)
                        if not cells:
                            pending_empty_rows += repeat  # only kept if a row with values follows
                        else:
                            yield from ([] for _ in range(min(pending_empty_rows, MAX_REPEAT)))
                            pending_empty_rows = 0
                            yield cells
                            yield from (list(cells) for _ in range(repeat - 1))
                    element.clear()  # drop the finished row's cells so memory stays flat
                elif tag == _TABLE and element.get(_SUB_TABLE) != "true":
                    if finished == wanted:
                        return
                    finished += 1
                    element.clear()
        except ElementTree.ParseError as error:
            line, column = error.position
            raise ImportFileError(
                f"{path.name}: content.xml is not well-formed XML at line {line}, column {column}"
            ) from None
        except _READ_ERRORS as error:
            raise ImportFileError(f"{path.name}: cannot read content.xml ({error})") from None


def read_as_of(path: Path, sheet: str = formats.HSCA_README_SHEET) -> date | None:
    """The date in a README sheet's "CQC database as at 01 November 2026" text, or None."""
    try:
        for row in iter_sheet_rows(path, sheet):
            for cell in row:
                if found := as_of_from_text(cell):
                    return found
    except ImportFileError:
        return None
    return None


def as_of_from_text(text: str) -> date | None:
    """``"CQC database as at 01 November 2026"`` → 2026-11-01; None when the text is not that."""
    prefix = formats.HSCA_README_AS_AT_PREFIX.lower()
    flat = " ".join(text.split())
    position = flat.lower().find(prefix)
    if position < 0:
        return None
    return parse_day_month_year(flat[position + len(prefix) :])


def parse_day_month_year(text: str) -> date | None:
    """The first "1 November 2026" / "01_November_2026" style date in ``text``, or None."""
    match = _AS_AT_RE.search(text.replace("_", " "))
    if not match:
        return None
    day, month, year = match.groups()
    try:
        return datetime.strptime(f"{int(day)} {month[:3]} {year}", "%d %b %Y").date()
    except ValueError:
        return None


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


def _row_cells(row: ElementTree.Element) -> list[str]:
    cells: list[str] = []
    pending_empty = 0
    for cell in row:
        attributes = cell.attrib
        value: str | None
        if not attributes:  # the common <table:table-cell/> or an untyped cell
            value = _cell_text(cell) if len(cell) and cell.tag == _CELL else ""
            repeat = 1
        else:
            value_type = attributes.get(_VALUE_TYPE)
            value = None if value_type is None else _typed_value(value_type, attributes)
            if value is None:
                value = _cell_text(cell) if len(cell) and cell.tag == _CELL else ""
            repeated = attributes.get(_COLUMNS_REPEATED)
            repeat = _repeat(repeated) if repeated else 1
        if not value:
            pending_empty += repeat  # only kept if a value follows
            continue
        if pending_empty:
            cells.extend([""] * min(pending_empty, MAX_REPEAT))
            pending_empty = 0
        if repeat == 1:
            cells.append(value)
        else:
            cells.extend([value] * min(repeat, MAX_REPEAT))
    return cells


def _typed_value(value_type: str, attributes: dict[str, str]) -> str | None:
    if value_type in _NUMBER_TYPES and _VALUE in attributes:
        value = attributes[_VALUE]
        return value[:-2] if value.endswith(".0") else value
    if value_type == "date" and attributes.get(_DATE_VALUE):
        value = attributes[_DATE_VALUE]
        return value[:10] if value[10:].strip("T0:.") == "" else value  # midnight → just the date
    if value_type == "time" and attributes.get(_TIME_VALUE):
        return attributes[_TIME_VALUE]
    if value_type == "boolean" and attributes.get(_BOOLEAN_VALUE):
        return attributes[_BOOLEAN_VALUE]
    return None


def _cell_text(cell: ElementTree.Element) -> str:
    if len(cell) == 1:  # fast path: one plain paragraph
        paragraph = cell[0]
        if paragraph.tag == _P and not len(paragraph):
            return (paragraph.text or "").strip()
    # Direct text:p children only: a comment (office:annotation) holds paragraphs of its own.
    paragraphs = [_text(child) if len(child) else (child.text or "") for child in cell if child.tag == _P]
    return "\n".join(paragraphs).strip()


def _text(element: ElementTree.Element) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == _SPACE:
            parts.append(" " * min(_repeat(child.get(_COUNT)), MAX_REPEAT))
        elif child.tag == _TAB:
            parts.append("\t")
        elif child.tag == _LINE_BREAK:
            parts.append("\n")
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _open_content(path: Path) -> _ClosingStream:
    check_archive(path)
    try:
        archive = zipfile.ZipFile(path)
    except (*_READ_ERRORS, ValueError) as error:
        raise ImportFileError(f"{path.name}: not a readable ODS file ({error})") from None
    try:
        stream = archive.open("content.xml")
    except (*_READ_ERRORS, KeyError, RuntimeError, NotImplementedError) as error:
        archive.close()
        raise ImportFileError(
            f"{path.name}: not a readable ODS file (no readable content.xml: {error})"
        ) from None
    return _ClosingStream(stream, archive)


class _ClosingStream:
    """The ``content.xml`` member stream; closing it also closes the zip archive."""

    def __init__(self, stream: IO[bytes], archive: zipfile.ZipFile) -> None:
        self._stream = stream
        self._archive = archive

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def close(self) -> None:
        self._stream.close()
        self._archive.close()

    def __enter__(self) -> IO[bytes]:
        return self  # type: ignore[return-value]

    def __exit__(self, *exc_info: object) -> None:
        self.close()
