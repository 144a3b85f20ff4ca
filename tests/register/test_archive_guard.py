"""A CQC spreadsheet that is a decompression bomb is refused before calamine or the ODS reader opens it
(issue 12: a 4 MB .xlsx expanding to 2 GiB aborted the process inside calamine; a 2 MB .ods took
4.6 GB). The bombs are built here: real spreadsheets with one cell of 64 MB, deflated to some 300 KB."""

import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from carewatch.register.importers import ImportFileError, detect, ods, tables

MB = 1024 * 1024
RATIO_LIMIT = "the limit is CAREWATCH_MAX_COMPRESSION_RATIO = 100 times"


def bomb(path: Path, members: dict[str, bytes], huge: str, before: bytes, after: bytes) -> Path:
    """A real spreadsheet whose ``huge`` member holds one cell of 64 MB of "A"s, deflated."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in members.items():
            if name != huge:
                archive.writestr(name, content)
        with archive.open(huge, "w", force_zip64=True) as entry:
            entry.write(before)
            for _ in range(64):
                entry.write(b"A" * MB)
            entry.write(after)
    assert path.stat().st_size < MB
    return path


@pytest.fixture
def xlsx_bomb(tmp_path) -> Path:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.add_worksheet("HSCA_Active_Locations").write_row(0, 0, ["Location ID", "Location Name"])
    workbook.close()
    with zipfile.ZipFile(buffer) as real:
        members = {name: real.read(name) for name in real.namelist()}
    return bomb(
        tmp_path / "01_November_2026_HSCA_Active_Locations.xlsx",
        members,
        "xl/worksheets/sheet1.xml",
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
        b"</t></is></c></row></sheetData></worksheet>",
    )


@pytest.fixture
def ods_bomb(tmp_path) -> Path:
    return bomb(
        tmp_path / "01_November_2026_HSCA_Active_Locations.ods",
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"},
        "content.xml",
        f'<office:document-content xmlns:office="{ods.OFFICE_NS}" xmlns:table="{ods.TABLE_NS}" '
        f'xmlns:text="{ods.TEXT_NS}"><office:body><office:spreadsheet><table:table table:name="Sheet1">'
        "<table:table-row><table:table-cell><text:p>".encode(),
        b"</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
        b"</office:document-content>",
    )


def test_an_xlsx_bomb_is_refused_before_calamine_reads_it(xlsx_bomb):
    for read in (lambda: tables.sheet_names(xlsx_bomb), lambda: list(tables.iter_rows(xlsx_bomb))):
        with pytest.raises(ImportFileError) as refused:
            read()
        message = str(refused.value)
        assert message.startswith(
            f"{xlsx_bomb.name}: refused before reading: xl/worksheets/sheet1.xml expands"
        )
        assert RATIO_LIMIT in message


def test_an_ods_bomb_is_refused_before_its_xml_is_read(ods_bomb):
    for read in (lambda: ods.sheet_names(ods_bomb), lambda: list(ods.iter_sheet_rows(ods_bomb, "Sheet1"))):
        with pytest.raises(ImportFileError) as refused:
            read()
        assert str(refused.value).startswith(f"{ods_bomb.name}: refused before reading: content.xml expands")
        assert RATIO_LIMIT in str(refused.value)


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["ods_bomb", "xlsx_bomb"])
def test_import_cqc_stops_at_a_bomb_with_the_reason(request, which):
    path = request.getfixturevalue(which)
    with pytest.raises(ImportFileError, match="refused before reading"):
        detect.open_reader(path)
    with pytest.raises(CommandError) as refused:
        call_command("import_cqc", str(path), "--no-refresh")
    assert str(refused.value).startswith(f"{path.name}: refused before reading")
