"""Zip archives are judged by their directory before anything expands them (issue 12, decompression bombs).

Every bomb is built here, small: zeros streamed through ZIP_DEFLATED expand about 1,000 times, so a
64 MB entry takes some 300 KB on disk. Nothing large is ever written.
"""

import os
import random
import struct
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from django.test import override_settings

from carewatch.core import archives

MB = 1024 * 1024


def write_zip(path: Path, entries: dict[str, bytes | int]) -> Path:
    """Each entry is its content, or a number of zero bytes streamed through deflate."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in entries.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as entry:
                for start in range(0, content, MB):
                    entry.write(bytes(min(MB, content - start)))
    return path


def understate_sizes(path: Path, name: str, size: int) -> None:
    """Rewrite ``name``'s uncompressed size in the local header and the central directory (a lying file)."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(encoded)] == encoded:
                data[at + offset : at + offset + 4] = struct.pack("<I", size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def refused(path: Path, **options) -> str:
    with pytest.raises(archives.ArchiveRefused) as error:
        archives.check(path, **options)
    return str(error.value)


def test_an_entry_expanding_more_than_the_ratio_is_refused_naming_file_entry_and_limit(tmp_path):
    bomb = write_zip(
        tmp_path / "bomb.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": 64 * MB}
    )
    assert bomb.stat().st_size < MB
    message = refused(bomb)
    assert message.startswith("bomb.xlsx: refused before reading: xl/worksheets/sheet1.xml expands from")
    assert "to 64.0 MB" in message and "CAREWATCH_MAX_COMPRESSION_RATIO = 100 times" in message


@override_settings(CAREWATCH_MAX_UNCOMPRESSED_MB=2)
def test_an_archive_expanding_beyond_the_total_is_refused(tmp_path):
    noise = os.urandom(MB)  # does not compress: only the total can refuse it
    big = write_zip(
        tmp_path / "big.ods",
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "a.xml": noise,
            "b.xml": noise,
            "c.xml": noise,
        },
    )
    assert refused(big) == (
        "big.ods: refused before reading: it expands to more than 2.0 MB (at b.xml); "
        "the limit is CAREWATCH_MAX_UNCOMPRESSED_MB = 2"
    )


def test_an_archive_of_too_many_files_is_refused(tmp_path):
    many = write_zip(tmp_path / "many.xlsx", {f"f{i}.xml": b"" for i in range(archives.MAX_ENTRIES + 1)})
    assert refused(many) == (
        "many.xlsx: refused before reading: it holds 10,001 files; carewatch reads archives (.xlsx, .ods) of at most 10,000"
    )


def test_a_directory_that_understates_a_size_passes_alone_but_not_when_inflated(tmp_path):
    lying = write_zip(tmp_path / "lying.xlsx", {"xl/worksheets/sheet1.xml": 64 * MB})
    understate_sizes(lying, "xl/worksheets/sheet1.xml", 1000)
    archives.check(lying)  # the directory says 1,000 bytes: nothing to refuse there
    assert refused(lying, inflate=True).startswith(
        "lying.xlsx: refused before reading: xl/worksheets/sheet1.xml does not match the archive's directory"
    )


def test_an_ordinary_spreadsheet_and_a_file_that_is_no_zip_pass(tmp_path):
    rows = random.Random(1)
    path = tmp_path / "HSCA_Active_Locations.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("HSCA_Active_Locations")
    for row in range(20_000):
        sheet.write_row(
            row,
            0,
            [
                f"1-{rows.randrange(10**9, 10**10)}",
                rows.choice(["Oak", "Elm", "Ash"]) + " Lodge",
                "Good",
                row,
            ],
        )
    workbook.close()
    with zipfile.ZipFile(path) as archive:
        sheet_entry = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet_entry.file_size > archives.RATIO_FLOOR  # big enough for the ratio to count
    archives.check(path, inflate=True)
    (tmp_path / "plain.csv").write_bytes(b"a,b\n1,2\n")
    archives.check(tmp_path / "plain.csv", inflate=True)  # not a zip: its reader will say so
