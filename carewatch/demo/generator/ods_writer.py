"""A streaming OpenDocument spreadsheet writer.

Rows go straight into ``content.xml`` inside the zip as they come, so a sheet of any length takes
constant memory. The package is valid ODF 1.2: ``mimetype`` first and stored uncompressed, then
``META-INF/manifest.xml``, ``styles.xml``, ``meta.xml`` and ``content.xml``. Cells are typed:
text as ``string``, numbers as ``float`` with ``office:value``, dates as ``date`` with
``office:date-value``; a run of empty cells is one ``number-columns-repeated`` cell and trailing
empty cells are left out. Every zip entry carries the same fixed timestamp, so equal input gives
byte-identical files.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {_NS} office:version="1.2"><office:styles>\
<style:style style:name="Default" style:family="table-cell"/></office:styles></office:document-styles>
"""
_META = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {_NS} office:version="1.2"><office:meta>\
<meta:generator>carewatch generate</meta:generator></office:meta></office:document-meta>
"""
_CONTENT_HEAD = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {_NS} office:version="1.2"><office:automatic-styles>\
<number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text>\
<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>\
</number:date-style><style:style style:name="ce1" style:family="table-cell" \
style:parent-style-name="Default" style:data-style-name="N1"/></office:automatic-styles>\
<office:body><office:spreadsheet>"""
_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>\n"
_ROWS_PER_WRITE = 500


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def _entry(name: str, compress: bool = True) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


class OdsWriter:
    """``with OdsWriter(path) as ods: ods.write_sheet(name, rows)`` — one call per sheet, in order."""

    def __init__(self, path: Path, compresslevel: int = 1) -> None:
        self.path = Path(path)
        self._zip = zipfile.ZipFile(self.path, "w")
        self._zip.writestr(_entry("mimetype", compress=False), MIMETYPE)
        self._zip.writestr(_entry("META-INF/manifest.xml"), _MANIFEST)
        self._zip.writestr(_entry("styles.xml"), _STYLES)
        self._zip.writestr(_entry("meta.xml"), _META)
        content = _entry("content.xml")
        # ZipInfo.compress_level from Python 3.13; typeshed does not list the private name before it.
        content._compresslevel = compresslevel  # type: ignore[attr-defined]
        self._content = self._zip.open(content, "w")
        self._content.write(_CONTENT_HEAD.encode())
        self.rows_written = 0

    def write_sheet(self, name: str, rows: Iterable[Sequence[object]], columns: int = 1) -> int:
        """Write a whole sheet; ``rows`` hold str, int, float, date or None (empty) values."""
        write = self._content.write
        write(f'<table:table table:name="{_escape(name)}">'.encode())
        write(f'<table:table-column table:number-columns-repeated="{max(1, columns)}"/>'.encode())
        buffer: list[str] = []
        count = 0
        for row in rows:
            buffer.append(row_xml(row))
            count += 1
            if len(buffer) >= _ROWS_PER_WRITE:
                write("".join(buffer).encode())
                buffer.clear()
        if buffer:
            write("".join(buffer).encode())
        write(b"</table:table>")
        self.rows_written += count
        return count

    def close(self) -> None:
        self._content.write(_CONTENT_TAIL.encode())
        self._content.close()
        self._zip.close()

    def __enter__(self) -> OdsWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def row_xml(row: Sequence[object]) -> str:
    parts = ["<table:table-row>"]
    empty = 0
    for value in row:
        if value is None or value == "":
            empty += 1
            continue
        if empty:
            parts.append(
                f'<table:table-cell table:number-columns-repeated="{empty}"/>'
                if empty > 1
                else "<table:table-cell/>"
            )
            empty = 0
        if type(value) is str:
            parts.append(
                f'<table:table-cell office:value-type="string"><text:p>{_escape(value)}</text:p></table:table-cell>'
            )
        elif type(value) is date or type(value) is datetime:
            iso = value.isoformat()
            parts.append(
                f'<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="{iso}">'
                f"<text:p>{iso[8:10]}/{iso[5:7]}/{iso[:4]}</text:p></table:table-cell>"
            )
        elif type(value) is int or type(value) is float:
            parts.append(
                f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
            )
        else:
            parts.append(
                f'<table:table-cell office:value-type="string"><text:p>{_escape(str(value))}</text:p></table:table-cell>'
            )
    parts.append("</table:table-row>")
    return "".join(parts)
