"""Write small CQC-shaped spreadsheets for the reader tests: ODS (a tiny zip + XML writer), XLSX, CSV.

Deliberately independent of ``carewatch.demo.generator`` so the readers are tested against
files written by other code than theirs.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

Cell = str | int | float | date | None

_CONTENT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:automatic-styles/><office:body><office:spreadsheet>"
)
_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_cell(value: Cell) -> str:
    """One ``table:table-cell`` as LibreOffice writes it."""
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        raise TypeError("write Y/N flags as text")
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, date):
        shown = value.strftime("%d/%m/%Y")
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def ods_rows(rows: Iterable[Sequence[Cell]], *, pad: bool = False) -> Iterable[str]:
    """``table:table-row`` elements; ``pad`` adds LibreOffice's 1,024-column / 1M-row padding."""
    for row in rows:
        cells = "".join(ods_cell(value) for value in row)
        if pad:
            cells += '<table:table-cell table:number-columns-repeated="1000"/>'
        yield f"<table:table-row>{cells}</table:table-row>"
    if pad:
        yield (
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )


def write_ods_xml(path: Path, sheets: Mapping[str, Iterable[str]]) -> Path:
    """Write an ODS whose sheets hold the given raw ``table:table-row`` XML strings."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED)
        with archive.open("content.xml", "w") as content:
            content.write(_CONTENT_HEAD.encode())
            for name, rows in sheets.items():
                content.write(f"<table:table table:name={quoteattr(name)}>".encode())
                content.write(b'<table:table-column table:number-columns-repeated="3"/>')
                for row in rows:
                    content.write(row.encode())
                content.write(b"</table:table>")
            content.write(_CONTENT_TAIL.encode())
    return path


def write_ods(path: Path, sheets: Mapping[str, Iterable[Sequence[Cell]]], *, pad: bool = False) -> Path:
    """Write an ODS with one sheet per entry of ``sheets`` (name → rows of cells)."""
    return write_ods_xml(path, {name: ods_rows(rows, pad=pad) for name, rows in sheets.items()})


def write_xlsx(path: Path, sheets: Mapping[str, Iterable[Sequence[Cell]]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Iterable[Sequence[Cell]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
    return path


def write_table(
    path: Path, sheet: str, rows: Sequence[Sequence[Cell]], *, readme: Sequence[str] = (), pad: bool = False
) -> Path:
    """Write ``rows`` as sheet ``sheet`` of an .ods/.xlsx (after a README sheet) or as a .csv."""
    if path.suffix == ".csv":
        return write_csv(path, rows)
    sheets: dict[str, Sequence[Sequence[Cell]]] = {}
    if readme:
        sheets["README"] = [[line] for line in readme]
    sheets[sheet] = rows
    if path.suffix == ".ods":
        return write_ods(path, sheets, pad=pad)
    return write_xlsx(path, sheets)


def table(
    columns: Sequence[str], records: Iterable[Mapping[str, Cell]], *, header: Sequence[str] | None = None
) -> list[list[Cell]]:
    """A header row (``header``, else ``columns``) then one row per record (missing values blank)."""
    return [list(header or columns), *([record.get(column) for column in columns] for record in records)]


# --- sample records in the three bulk layouts -----------------------------------------------------


def hsca_record(**overrides: Cell) -> dict[str, Cell]:
    """One valid HSCA_Active_Locations row (a nursing home), by column name."""
    from carewatch.register import formats

    record: dict[str, Cell] = {
        "Location ID": "1-1000210669",
        "Location Name": "Treetops Nursing Home",
        "Location HSCA start date": date(2010, 10, 1),
        "Dormant (Y/N)": "N",
        "Care home?": "Y",
        "Care homes beds": 34,
        "Location Type/Sector": "Social Care Org",
        "Location Inspection Directorate": "Adult social care",
        "Location Primary Inspection Category": "Residential social care",
        "Location Latest Overall Rating": "Requires Improvement",
        "Publication Date": date(2024, 9, 17),
        "Inherited Rating (Y/N)": "N",
        "Location Region": "North West",
        "Location Local Authority": "Oldham",
        "Location Street Address": "1 Main Road",
        "Location City": "Oldham",
        "Location Postal Code": "OL1 1AA",
        "Location Latitude": 53.54,
        "Location Longitude": -2.11,
        "Location Telephone Number": "01611234567",
        "Registered Manager": "Mrs Ann Smith",
        "Provider ID": "1-101612188",
        "Provider Name": "Laburnum House (Shaw) Limited",
        "Provider HSCA start date": date(2010, 10, 1),
        "Provider Companies House Number": "03047144",
        "Provider Ownership Type": "Organisation",
        "Provider Street Address": "2 High Street",
        "Provider City": "Shaw",
        "Provider Postal Code": "OL2 8AA",
        "Provider Local Authority": "Oldham",
        "Provider Region": "North West",
        formats.HSCA_REGULATED_ACTIVITY_PREFIX
        + "Accommodation for persons who require nursing or personal care": "Y",
        formats.HSCA_SERVICE_TYPE_PREFIX + "Care home service with nursing": "Y",
        formats.HSCA_SERVICE_USER_BAND_PREFIX + "Dementia": "Y",
        formats.HSCA_SERVICE_USER_BAND_PREFIX + "Caring for adults over 65 yrs": "Y",
    }
    record.update(overrides)
    return record


def latest_rating_rows(location_id: str = "1-1000210669", **overrides: Cell) -> list[dict[str, Cell]]:
    """A location's Latest_ratings rows: Overall plus five key questions, Safe re-rated later."""
    base: dict[str, Cell] = {
        "Location ID": location_id,
        "Location Name": "Treetops Nursing Home",
        "Care Home?": "Y",
        "Location Street Address": "1 Main Road",
        "Location City": "Oldham",
        "Location Post Code": "OL1 1AA",
        "Location Local Authority": "Oldham",
        "Location Region": "North West",
        "Location Primary Inspection Category": "Residential social care",
        "Location Type": "Social Care Org",
        "Service / Population Group": "Overall",
        "Report Type": "Location",
        "Inherited Rating (Y/N)": "N",
        "URL": f"https://www.cqc.org.uk/location/{location_id}",
        "Provider ID": "1-101612188",
        "Provider Name": "Laburnum House (Shaw) Limited",
    }
    base.update(overrides)
    ratings = [
        ("Overall", "Good", date(2023, 5, 16)),
        ("Safe", "Requires Improvement", date(2023, 5, 16)),
        ("Effective", "Good", date(2018, 2, 27)),
        ("Caring", "Good", date(2018, 2, 27)),
        ("Responsive", "Good", date(2018, 2, 27)),
        ("Well-led", "Good", date(2023, 5, 16)),
    ]
    return [
        {**base, "Domain": domain, "Latest Rating": rating, "Publication Date": published}
        for domain, rating, published in ratings
    ]


def directory_record(**overrides: Cell) -> dict[str, Cell]:
    """One valid CQC_directory.csv row."""
    record: dict[str, Cell] = {
        "Name": "Ebenezer Care Services",
        "Also known as": "",
        "Address": "S/C 2-5, Ivy Business Centre, Crown Street, Failsworth, Manchester",
        "Postcode": "M35 9BG",
        "Phone number": "01616691029",
        "Service's website (if available)": "www.example.org",
        "Service types": "Homecare agencies|Supported living",
        "Date of latest check": "01/06/2023",
        "Specialisms/services": "Caring for adults over 65 yrs|Dementia",
        "Provider name": "Ebenezer Care Ltd",
        "Local authority": "Oldham",
        "Region": "North West",
        "Location URL": "https://www.cqc.org.uk/location/1-10024040008",
        "CQC Location ID (for office use only)": "1-10024040008",
        "CQC Provider ID (for office use only)": "1-9408305833",
    }
    record.update(overrides)
    return record
