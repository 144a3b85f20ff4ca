"""Rows of a CQC bulk file, whatever its container (``.ods``, ``.xlsx`` or ``.csv``).

The three bulk readers share this: :func:`iter_rows` streams ``(row number, cells)`` pairs with
every cell a string, and :class:`Header` finds columns by name the way CQC files need it (ignoring
case and extra whitespace, in any order, extra columns ignored).
"""

from __future__ import annotations

import codecs
import csv
import functools
import math
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from carewatch.register import formats
from carewatch.register.importers import ImportFileError, ods
from carewatch.register.importers.records import LOCATION_ID_RE, InvalidValue, normalise_rating, parse_date

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

_T = TypeVar("_T")

SPREADSHEET_SUFFIXES = (".ods", ".xlsx", ".csv")
_CHUNK = 1 << 20
_FILE_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})_([A-Za-z]+)_(\d{4})(?!\d)")


@functools.lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """A column or sheet name as compared: whitespace collapsed, case folded."""
    return " ".join(name.split()).casefold()


def iter_rows(path: Path, sheet: str | None = None) -> Generator[tuple[int, list[str]], None, None]:
    """Yield ``(row number, cells)`` for each row: the CSV line or the sheet row, counted from 1.

    ``sheet`` is the exact name of the sheet of an ``.ods``/``.xlsx`` file (see :func:`find_sheet`);
    None means the first sheet. It is ignored for ``.csv``.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv_rows(path)
    elif suffix == ".ods":
        yield from enumerate(ods.iter_sheet_rows(path, sheet or _first_ods_sheet(path)), start=1)
    elif suffix == ".xlsx":
        yield from _xlsx_rows(path, sheet)
    else:
        raise ImportFileError(f"{path.name}: not an .ods, .xlsx or .csv file")


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


@dataclass(frozen=True)
class Header:
    """Column positions by normalised name, from a header row."""

    source: str
    line: int
    positions: dict[str, int]
    names: tuple[str, ...]

    @classmethod
    def from_row(cls, source: str, line: int, cells: Sequence[str]) -> Header:
        positions: dict[str, int] = {}
        for index, cell in enumerate(cells):
            positions.setdefault(normalise_name(cell), index)
        return cls(source=source, line=line, positions=positions, names=tuple(cells))

    def has(self, name: str) -> bool:
        return normalise_name(name) in self.positions

    def require(self, names: Iterable[str]) -> None:
        missing = [name for name in names if not self.has(name)]
        if missing:
            listed = ", ".join(repr(name) for name in missing)
            raise ImportFileError(
                f"{self.source}: missing required column{'s' if len(missing) > 1 else ''} {listed} "
                f"(header on line {self.line})"
            )

    def get(self, cells: Sequence[str], name: str) -> str:
        """The cell under column ``name``, stripped; ``""`` when the column or cell is absent."""
        index = self.positions.get(normalise_name(name))
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def prefixed(self, prefix: str) -> list[tuple[str, int]]:
        """``(rest of the name, position)`` for every column whose name starts with ``prefix``."""
        wanted = normalise_name(prefix)
        found: list[tuple[str, int]] = []
        for index, name in enumerate(self.names):
            flat = " ".join(name.split())
            if normalise_name(flat).startswith(wanted):
                found.append((flat[len(wanted) :].strip(), index))
        return found


def find_header(rows: Iterator[tuple[int, list[str]]], source: str, marker: str, limit: int = 20) -> Header:
    """Read rows (a preamble, then the header) until one has a ``marker`` column: its Header."""
    wanted = normalise_name(marker)
    for count, (line, cells) in enumerate(rows, start=1):
        if any(normalise_name(cell) == wanted for cell in cells):
            return Header.from_row(source, line, cells)
        if count >= limit:
            break
    raise ImportFileError(f"{source}: no header row with a {marker!r} column in the first {limit} rows")


def parse_flag(value: str) -> bool | None:
    """``Y``/``Yes`` → True, ``N``/``No`` → False, blank → None; raise InvalidValue otherwise."""
    text = value.strip().casefold()
    if not text:
        return None
    if text in ("y", "yes", "true"):
        return True
    if text in ("n", "no", "false"):
        return False
    raise InvalidValue(f"expected Y or N, got {value!r}")


def parse_int(value: str) -> int | None:
    """A non-negative whole number (``"34"``, ``"34.0"``), blank → None; raise InvalidValue otherwise."""
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise InvalidValue(f"not a number: {value!r}") from None
    if not math.isfinite(number) or number < 0 or number != int(number) or number > 1_000_000:
        raise InvalidValue(f"not a whole number of beds: {value!r}")
    return int(number)


def parse_coordinate(value: str, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180); blank → None; raise InvalidValue otherwise."""
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise InvalidValue(f"not a number: {value!r}") from None
    if not -limit <= number <= limit:
        raise InvalidValue(f"out of range: {value!r}")
    return number


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


class RowError(Exception):
    """A cell a reader cannot accept: the column it is in and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class Row:
    """One data row read through its Header: typed getters raise RowError naming the column."""

    def __init__(self, header: Header, cells: Sequence[str]) -> None:
        self.header = header
        self.cells = cells

    def is_blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)

    def text(self, column: str) -> str | None:
        """The cell's text with whitespace collapsed; None when blank or a lone "-" (CQC's blank)."""
        text = " ".join(self.header.get(self.cells, column).split())
        return None if text in ("", "-") else text

    def at(self, index: int) -> str:
        return self.cells[index].strip() if index < len(self.cells) else ""

    def _parse(self, column: str, parse: Callable[[str], _T]) -> _T:
        try:
            return parse(self.header.get(self.cells, column))
        except InvalidValue as error:
            raise RowError(column, str(error)) from None

    def date(self, column: str) -> date | None:
        return self._parse(column, parse_date)

    def flag(self, column: str) -> bool | None:
        return self._parse(column, parse_flag)

    def count(self, column: str) -> int | None:
        return self._parse(column, parse_int)

    def coordinate(self, column: str, limit: float) -> float | None:
        return self._parse(column, lambda value: parse_coordinate(value, limit))

    def rating(self, column: str) -> str | None:
        return self._parse(column, normalise_rating)

    def cqc_id(self, column: str, *, required: bool = False) -> str | None:
        value = self.header.get(self.cells, column)
        if not value:
            if required:
                raise RowError(column, "missing id")
            return None
        if not LOCATION_ID_RE.match(value):
            raise RowError(column, f"malformed CQC id {value!r}")
        return value


def join_address(*parts: str | None) -> str | None:
    """Address parts joined with ", ", blanks left out; None when all are blank."""
    return ", ".join(part for part in parts if part) or None
