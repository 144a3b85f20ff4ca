"""Rows of a CQC bulk file, whatever its container (``.ods``, ``.xlsx`` or ``.csv``).

The three bulk readers share this: :func:`iter_rows` streams ``(row number, cells)`` pairs with
every cell a string, from a CSV file checked to be UTF-8 or a sheet found by name; reading those
cells by column name is :mod:`carewatch.register.importers.columns`.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Generator, Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from carewatch.register import formats
from carewatch.register.importers import ImportFileError, check_archive, ods

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

SPREADSHEET_SUFFIXES = (".ods", ".xlsx", ".csv")
_CHUNK = 1 << 20
_FILE_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})_([A-Za-z]+)_(\d{4})(?!\d)")


def iter_rows(path: Path, sheet: str | None = None) -> Generator[tuple[int, list[str]], None, None]:
    """Yield ``(row number, cells)`` for each row: the CSV line or the sheet row, counted from 1.

    ``sheet`` is the exact name of the sheet of an ``.ods``/``.xlsx`` file (see :func:`find_sheet`);
    None means the first sheet. It is ignored for ``.csv``.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows: Iterator[tuple[int, list[str]]] = _csv_rows(path)
    elif suffix == ".ods":
        rows = enumerate(ods.iter_sheet_rows(path, sheet or _first_ods_sheet(path)), start=1)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path, sheet)
    else:
        raise ImportFileError(f"{path.name}: not an .ods, .xlsx or .csv file")
    try:
        for line, cells in rows:
            # A NUL character is never data (PostgreSQL refuses it in text): it is dropped here.
            yield line, [cell.replace("\x00", "") if "\x00" in cell else cell for cell in cells]
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def sheet_names(path: Path, *, stop_at: str | None = None) -> list[str]:
    """The sheet names of an ``.ods`` or ``.xlsx`` file; ``[]`` for a ``.csv`` file.

    With ``stop_at``, an ``.ods`` file is only scanned as far as the sheet of that name (see
    :func:`find_sheet`), which the list then ends with.
    """
    suffix = path.suffix.lower()
    if suffix == ".ods":
        if stop_at is None:
            return ods.sheet_names(path)
        return ods.sheet_names(path, stop_at=lambda name: find_sheet([name], stop_at) is not None)
    if suffix == ".xlsx":
        workbook = _open_workbook(path)
        try:
            return list(workbook.sheet_names)
        finally:
            workbook.close()
    return []


def find_sheet(names: Sequence[str], wanted: str) -> str | None:
    """The name in ``names`` matching ``wanted`` ignoring case, spaces and underscores."""

    def key(name: str) -> str:
        return re.sub(r"[\s_]+", "", name).casefold()

    for name in names:
        if key(name) == key(wanted):
            return name
    return None


def open_table(path: Path, sheet: str) -> tuple[str | None, list[str]]:
    """Check ``path`` is a readable bulk file; return the exact name of ``sheet`` and the sheet names.

    The names are those before and including ``sheet`` (an ``.ods`` file is scanned no further).
    For a ``.csv`` file (checked to be UTF-8 throughout) the sheet is None and the list empty.
    """
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise ImportFileError(f"{path.name}: expected an .ods, .xlsx or .csv file")
    if suffix == ".csv":
        check_utf8(path)
        return None, []
    names = sheet_names(path, stop_at=sheet)
    found = find_sheet(names, sheet)
    if found is None:
        raise ImportFileError(f"{path.name}: no sheet named {sheet!r} (sheets: {', '.join(names) or 'none'})")
    return found, names


def readme_as_of(path: Path, sheets: list[str]) -> date | None:
    """The "CQC database as at …" date from the README sheet of an ``.ods``/``.xlsx`` file."""
    try:
        sheet = find_sheet(sheets, formats.HSCA_README_SHEET)
        if sheet is None:
            return None
        rows = iter_rows(path, sheet)
        try:
            for _, cells in rows:
                for cell in cells:
                    if found := ods.as_of_from_text(cell):
                        return found
        finally:
            rows.close()
    except ImportFileError:
        return None
    return None


def as_of_from_file_name(path: Path) -> date | None:
    """``01_November_2026_HSCA_Active_Locations.csv`` → 2026-11-01; None when the name has no date."""
    match = _FILE_DATE_RE.search(path.name)
    return ods.parse_day_month_year(" ".join(match.groups())) if match else None


def check_utf8(path: Path) -> None:
    """Raise ImportFileError naming the byte offset of the first byte that is not UTF-8."""
    for _ in _decoded_chunks(path):
        pass


def ends_with_line_break(path: Path) -> bool:
    """Whether a text file's last byte ends a line (a file cut off mid-row does not)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            if handle.tell() == 0:
                return True
            handle.seek(-1, 2)
            return handle.read(1) in (b"\n", b"\r")
    except OSError as error:
        raise ImportFileError(f"{path.name}: cannot read the file ({error.strerror or error})") from None


def estimate_rows(path: Path) -> int | None:
    """A cheap estimate of the number of data rows, for a progress bar (None when unknown)."""
    if path.suffix.lower() != ".csv":
        return None  # counting sheet rows would mean reading the whole file
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            sample = handle.read(256 * 1024)
    except OSError:
        return None
    lines = sample.count(b"\n")
    return max(0, round(size / len(sample) * lines) - 1) if sample and lines else None


def _first_ods_sheet(path: Path) -> str:
    names = ods.sheet_names(path, stop_at=lambda name: True)
    if not names:
        raise ImportFileError(f"{path.name}: the file has no sheets")
    return names[0]


def _decoded_chunks(path: Path) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    offset = 0  # bytes read so far
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                # Bytes the decoder holds back (a character split across chunks) start its window.
                window_start = offset - len(decoder.getstate()[0])
                try:
                    yield decoder.decode(chunk)
                except UnicodeDecodeError:
                    raise ImportFileError(
                        f"{path.name}: not UTF-8 at byte {_bad_byte(path, window_start)} "
                        "(save the file as UTF-8 and import it again)"
                    ) from None
                offset += len(chunk)
            try:
                yield decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise ImportFileError(
                    f"{path.name}: not UTF-8 at byte {offset - len(decoder.getstate()[0])} "
                    "(the file ends in the middle of a character)"
                ) from None
    except OSError as error:
        raise ImportFileError(f"{path.name}: cannot read the file ({error.strerror or error})") from None


def _bad_byte(path: Path, start: int) -> int:
    """The offset of the first byte that is not UTF-8, reading from a character boundary."""
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read(_CHUNK + 8)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return start + error.start
    return start


def _lines(path: Path) -> Iterator[str]:
    carry = ""
    for text in _decoded_chunks(path):
        text = carry + text
        lines = text.splitlines(keepends=True)
        carry = lines.pop() if lines and not lines[-1].endswith(("\n", "\r")) else ""
        yield from lines
    if carry:
        yield carry


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(_lines(path), strict=False)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(
            f"{path.name}: not a readable CSV file at line {reader.line_num} ({error})"
        ) from None


def _open_workbook(path: Path) -> CalamineWorkbook:
    """An ``.xlsx`` file opened with calamine (Rust; about 17 times faster than openpyxl here)."""
    from python_calamine import CalamineWorkbook

    check_archive(path, inflate=True)  # calamine unzips by itself: every entry is proved first
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own kinds (and zipfile's) for a damaged file
        raise ImportFileError(
            f"{path.name}: not a readable XLSX file ({type(error).__name__}: {error})"
        ) from None


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    workbook = _open_workbook(path)
    try:
        names = list(workbook.sheet_names)
        name = sheet if sheet is not None else (names[0] if names else None)
        if name not in names:
            raise ImportFileError(f"{path.name}: no sheet named {sheet!r} (sheets: {', '.join(names)})")
        try:
            data = workbook.get_sheet_by_name(name)
            # calamine yields every row from row 1, but each from the first used column: pad the
            # columns so that positions count from A (tests/register/test_tables.py pins this).
            padding = [""] * (data.start or (0, 0))[1]
            for line, values in enumerate(data.iter_rows(), start=1):
                cells = padding + [_xlsx_text(value) for value in values]
                while cells and cells[-1] == "":
                    cells.pop()
                yield line, cells
        except ImportFileError:
            raise
        except Exception as error:  # a damaged sheet part surfaces while reading it
            raise ImportFileError(
                f"{path.name}: not a readable XLSX file ({type(error).__name__}: {error})"
            ) from None
    finally:
        workbook.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
