"""Reading a CQC bulk file's cells by column name, the way CQC files need it.

:class:`Header` finds columns by name (ignoring case and extra whitespace, in any order, extra
columns ignored); :class:`Row` reads one data row through it with typed getters that raise
:class:`RowError` naming the column; the ``parse_*`` functions read one cell. The rows themselves
come from :mod:`carewatch.register.importers.tables`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from carewatch.register import formats
from carewatch.register.importers import ImportFileError, tables
from carewatch.register.importers.records import (
    LOCATION_ID_RE,
    BadRecord,
    InvalidValue,
    normalise_rating,
    parse_date,
)

_T = TypeVar("_T")


@functools.lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """A column or sheet name as compared: whitespace collapsed, case folded."""
    return " ".join(name.split()).casefold()


@functools.lru_cache(maxsize=4096)
def loose_name(name: str) -> str:
    """A column name with only its letters and digits ("Care home ?" and "Care home?" are one)."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


# Other wordings CQC has used for a column over the years, by the name carewatch reads it under.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "Location Postal Code": ("Location Postcode", "Location Post Code"),
    "Location Post Code": ("Location Postal Code", "Location Postcode"),
    "Location Telephone Number": ("Location Phone Number", "Location Telephone"),
    "Location Web Address": ("Location Website", "Location Web Site"),
    "Care homes beds": ("Care home beds", "Care Home Beds", "Beds", "Number of beds"),
    "Care home?": ("Care home", "Care Home (Y/N)", "Is care home"),
    "Dormant (Y/N)": ("Dormant",),
    "Inherited Rating (Y/N)": ("Inherited Rating", "Inherited"),
    "Location HSCA start date": ("Location Registration Date", "HSCA start date", "Location HSCA Start"),
    "Provider HSCA start date": ("Provider Registration Date",),
    "Location Latest Overall Rating": ("Latest Overall Rating", "Overall Rating", "Location Overall Rating"),
    "Publication Date": ("Location Latest Rating Publication Date", "Latest Rating Publication Date"),
    "Location Local Authority": ("Location Local Authority Name", "Local Authority"),
    "Location Region": ("Location Region Name", "Region"),
    "Location Type/Sector": ("Location Type", "Sector"),
    "Location Inspection Directorate": ("Inspection Directorate", "Directorate"),
    "Service's website (if available)": ("Website", "Service website"),
    "Specialisms/services": ("Specialisms", "Specialisms and services"),
    "Phone number": ("Telephone", "Telephone number"),
}


@dataclass(frozen=True)
class Header:
    """Column positions by normalised name, from a header row."""

    source: str
    line: int
    positions: dict[str, int]
    names: tuple[str, ...]
    loose: dict[str, int]

    @classmethod
    def from_row(cls, source: str, line: int, cells: Sequence[str]) -> Header:
        positions: dict[str, int] = {}
        loose: dict[str, int] = {}
        for index, cell in enumerate(cells):
            positions.setdefault(normalise_name(cell), index)
            if cell.strip():
                loose.setdefault(loose_name(cell), index)
        return cls(source=source, line=line, positions=positions, names=tuple(cells), loose=loose)

    def index(self, name: str) -> int | None:
        """The position of column ``name``: by its name (case and spacing aside), its letters and
        digits alone, or another wording CQC has used for it (``COLUMN_ALIASES``); None when absent."""
        found = self.positions.get(normalise_name(name))
        if found is None:
            found = self.loose.get(loose_name(name))
        for alias in COLUMN_ALIASES.get(name, ()) if found is None else ():
            found = self.loose.get(loose_name(alias))
            if found is not None:
                break
        return found

    def has(self, name: str) -> bool:
        return self.index(name) is not None

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
        index = self.index(name)
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


def header_of(path: Path, sheet: str | None, marker: str) -> Header:
    """The header row of a bulk file (the rows after it are not read)."""
    rows = tables.iter_rows(path, sheet)
    try:
        return find_header(rows, path.name, marker)
    finally:
        rows.close()


def data_rows(path: Path, sheet: str | None, marker: str) -> tuple[Header, Iterator[tuple[int, Row]]]:
    """A bulk file's header, and its data rows ``(line, Row)`` after it with blank rows left out."""
    rows = tables.iter_rows(path, sheet)
    header = find_header(rows, path.name, marker)
    width = len(header.names) - next(
        (i for i, name in enumerate(reversed(header.names)) if name.strip()), len(header.names)
    )
    cut_off = path.suffix.lower() == ".csv" and not tables.ends_with_line_break(path)

    def non_blank() -> Iterator[tuple[int, Row]]:
        last: tuple[int, Row] | None = None
        for line, cells in rows:
            row = Row(header, cells)
            if not row.is_blank():
                if last is not None:
                    yield last
                last = (line, row)
        if last is not None:
            line, row = last
            if cut_off and len(row.cells) < width:
                raise ImportFileError(
                    f"{path.name}: line {line}, the last, has {len(row.cells)} of the header's {width}"
                    " columns and the file stops without a line break: the file is truncated (cut off"
                    " while it was copied or downloaded). Nothing was imported; fetch the whole file again."
                )
            yield last

    return header, non_blank()


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
    number = _number(value)
    if number is None:
        return None
    if not math.isfinite(number) or number < 0 or number != int(number) or number > 1_000_000:
        raise InvalidValue(f"not a whole number of beds: {value!r}")
    return int(number)


def parse_coordinate(value: str, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180); blank → None; raise InvalidValue otherwise."""
    number = _number(value)
    if number is None:
        return None
    if not -limit <= number <= limit:
        raise InvalidValue(f"out of range: {value!r}")
    return number


def _number(value: str) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidValue(f"not a number: {value!r}") from None


class RowError(Exception):
    """A cell a reader cannot accept: the column it is in and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason

    def bad_record(self, source: str, line: int) -> BadRecord:
        return BadRecord(source, f"line {line}", self.field, self.reason)


class Row:
    """One data row read through its Header.

    Only what identifies a record rejects it: a required id that is missing or malformed raises
    RowError. Any other cell a getter cannot read is kept blank (None) and noted in ``warnings``,
    naming the column, so that one bad optional field never loses the record.
    """

    def __init__(self, header: Header, cells: Sequence[str]) -> None:
        self.header = header
        self.cells = cells
        self.warnings: list[RowError] = []

    def warn(self, field: str, reason: str) -> None:
        self.warnings.append(RowError(field, reason))

    def bad_fields(self, source: str, line: int) -> list[BadRecord]:
        """This row's warnings as BadRecords (for ``SnapshotMeta.warnings``)."""
        return [warning.bad_record(source, line) for warning in self.warnings]

    def is_blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)

    def text(self, column: str) -> str | None:
        """The cell's text with whitespace collapsed; None when blank or a lone "-" (CQC's blank)."""
        text = " ".join(self.header.get(self.cells, column).split())
        return None if text in ("", "-") else text

    def at(self, index: int) -> str:
        return self.cells[index].strip() if index < len(self.cells) else ""

    def _parse(self, column: str, parse: Callable[[str], _T | None]) -> _T | None:
        try:
            return parse(self.header.get(self.cells, column))
        except InvalidValue as error:
            self.warn(column, str(error))
            return None

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
            if required:
                raise RowError(column, f"malformed CQC id {value!r}")
            self.warn(column, f"malformed CQC id {value!r}")
            return None
        return value


def join_address(*parts: str | None) -> str | None:
    """Address parts joined with ", ", blanks left out; None when all are blank."""
    return ", ".join(part for part in parts if part) or None


class FlagColumns:
    """Positions of the Y/blank flag columns (``Service type - …``, ``Service user band - …``,
    ``Regulated activity - …``), with the names they stand for as CQC spells them today."""

    def __init__(self, header: Header) -> None:
        by_description = {normalise_name(d): name for d, name in formats.SERVICE_TYPE_BY_DESCRIPTION.items()}
        self.service_types = [
            (by_description.get(normalise_name(rest), rest), index)
            for rest, index in header.prefixed(formats.HSCA_SERVICE_TYPE_PREFIX)
        ]
        # Names as CQC spells them today, whatever the case of this edition's header.
        bands = {normalise_name(name): name for name in formats.SERVICE_USER_BANDS}
        activities = {normalise_name(name): name for name in formats.REGULATED_ACTIVITIES}
        self.bands = [
            (bands.get(normalise_name(rest), rest), index)
            for rest, index in header.prefixed(formats.HSCA_SERVICE_USER_BAND_PREFIX)
        ]
        self.activities = [
            (activities.get(normalise_name(rest), rest), index)
            for rest, index in header.prefixed(formats.HSCA_REGULATED_ACTIVITY_PREFIX)
        ]
        self.names = header.names

    def chosen(self, row: Row, positions: list[tuple[str, int]]) -> tuple[str, ...]:
        chosen: list[str] = []
        for name, index in positions:
            try:
                flag = parse_flag(row.at(index))
            except InvalidValue as error:
                row.warn(" ".join(self.names[index].split()), str(error))
                continue
            if flag and name not in chosen:
                chosen.append(name)
        return tuple(chosen)
