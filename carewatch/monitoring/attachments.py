"""Evidence files a provider attaches to a factual-accuracy comment: what kind of file it really is, a
safe name to show and to download under, where it is kept, and the virus-scan hook. No database.

A file's kind is read from its first bytes, never from the browser's content type or the name alone:
PDF, PNG, JPEG, Word (DOCX) and Excel (XLSX) documents (zip archives whose directory
``core.archives`` checks, holding the parts an Office Open XML document must have, without macros),
and plain text or CSV (UTF-8, no NUL byte). The name's extension must agree with what the content is.

Kept files go to ``CAREWATCH_EVIDENCE_DIR`` through Django's storage, under a random name; the name
the provider gave is kept as text only, cleaned (:func:`safe_name`). ``CAREWATCH_EVIDENCE_SCANNER``
names a callable that may refuse a file (docs/security.md, "Evidence files").
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.module_loading import import_string

from carewatch.core import archives

logger = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_NAME = 100
# A zip-based document may expand to this much in all (a Word or Excel document of evidence is far smaller).
OOXML_LIMITS = archives.Limits(max_bytes=100 * MB, max_ratio=100, max_entries=2_000)


@dataclass(frozen=True)
class Kind:
    label: str  # as people call it, in error messages
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("PDF", "application/pdf", (".pdf",))
PNG = Kind("PNG", "image/png", (".png",))
JPEG = Kind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
DOCX = Kind(
    "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = Kind("Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
TEXT = Kind("text (TXT)", "text/plain; charset=utf-8", (".txt",))
CSV = Kind("CSV", "text/csv; charset=utf-8", (".csv",))
KINDS = (PDF, PNG, JPEG, DOCX, XLSX, TEXT, CSV)
ALLOWED = "a PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), TXT or CSV file"
ACCEPT = ",".join(extension for kind in KINDS for extension in kind.extensions)


class Refused(ValueError):
    """The file cannot be attached; the message says why, in GOV.UK style, naming the file."""


def max_bytes() -> int:
    """The largest evidence file: ``CAREWATCH_EVIDENCE_MAX_MB``, and never more than any upload may be."""
    return int(min(settings.CAREWATCH_EVIDENCE_MAX_MB, settings.CAREWATCH_MAX_UPLOAD_MB) * MB)


def max_files() -> int:
    return int(settings.CAREWATCH_EVIDENCE_MAX_FILES)


def size_label(size: int) -> str:
    if size < MB:
        return f"{max(size, 1) / 1024:,.0f} KB"
    return f"{size / MB:,.1f}".removesuffix(".0") + " MB"


def safe_name(name: str) -> str:
    """The uploaded name as carewatch shows it: no folders, no control or odd characters, at most 100
    characters (keeping the extension), never starting with a dot; "evidence" when nothing is left."""
    name = unicodedata.normalize("NFKC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[^A-Za-z0-9 ._()\-]", "_", name)
    name = re.sub(r"\s+", " ", name).strip(" ._")
    name = re.sub(r"_{2,}", "_", name)
    if "." in name:
        stem, extension = name.rsplit(".", 1)
        extension = "." + extension[:10]
    else:
        stem, extension = name, ""
    stem = stem[: MAX_NAME - len(extension)].strip(" ._") or "evidence"
    return stem + extension.lower()


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _ooxml(name: str, stream: IO[bytes]) -> Kind | None:
    """DOCX or XLSX when ``stream`` is a real Office Open XML zip without macros; None if it is neither."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise Refused(f"{name} is damaged or is not a Word or Excel document") from None
    with archive:
        try:
            archives.check_open(name, archive, within=OOXML_LIMITS)
        except archives.ArchiveRefused:
            raise Refused(f"{name} expands to too much to be a Word or Excel document") from None
        entries = {info.filename for info in archive.infolist()}
        if "[Content_Types].xml" not in entries:
            return None
        with archive.open("[Content_Types].xml") as part:
            types = part.read(MB).decode("utf-8", "replace").lower()
        if "macroenabled" in types or any(entry.lower().endswith("vbaproject.bin") for entry in entries):
            raise Refused(f"{name} contains macros: save it without macros (as .docx or .xlsx)")
        if "word/document.xml" in entries:
            return DOCX
        if "xl/workbook.xml" in entries:
            return XLSX
    return None


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t\f" for ch in text.lstrip("\ufeff"))


def sniff(name: str, content: bytes) -> Kind | None:
    """What ``content`` really is, from its bytes (None: not a kind carewatch accepts)."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _ooxml(name, io.BytesIO(content))
    if _is_text(content):
        return CSV if _extension(name) == ".csv" else TEXT
    return None


@dataclass(frozen=True)
class Checked:
    """An uploaded file that may be kept: its content, its real kind and its safe name."""

    name: str
    kind: Kind
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def check(upload: Any) -> Checked:
    """Read and check one uploaded file (size, kind, extension, virus scan), or raise :class:`Refused`."""
    name = safe_name(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None) or 0
    limit = max_bytes()
    if size > limit:
        raise Refused(f"{name} must be {size_label(limit)} or smaller (it is {size_label(size)})")
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise Refused(f"{name} must be {size_label(limit)} or smaller")
    if not content:
        raise Refused(f"{name} is empty")
    kind = sniff(name, content)
    if kind is None:
        raise Refused(f"{name} must be {ALLOWED}")
    if _extension(name) not in kind.extensions:
        raise Refused(f"{name} is a {kind.label} file: its name must end in {' or '.join(kind.extensions)}")
    checked = Checked(name=name, kind=kind, content=content, sha256=hashlib.sha256(content).hexdigest())
    _scan(checked)
    return checked


# --- the virus-scan hook -----------------------------------------------------------------------------

Scanner = Callable[..., str | None]


def scanner() -> Scanner | None:
    """The callable ``CAREWATCH_EVIDENCE_SCANNER`` names, or None (no scan)."""
    path = settings.CAREWATCH_EVIDENCE_SCANNER
    return import_string(path) if path else None


class Infected(Refused):
    """The virus scanner refused the file."""


def _scan(checked: Checked) -> None:
    scan = scanner()
    if scan is None:
        return
    try:
        reason = scan(
            ContentFile(checked.content, name=checked.name),
            name=checked.name,
            content_type=checked.kind.content_type,
        )
    except Exception:  # a scanner that fails must not let the file through, nor become a 500
        logger.exception("The evidence-file scanner failed on %s", checked.name)
        raise Refused(f"{checked.name} could not be checked for viruses: try again later") from None
    if reason:
        raise Infected(f"{checked.name} was refused by the virus check: {reason}")


# --- where files are kept ------------------------------------------------------------------------------


def storage() -> Storage:
    """Django's storage for evidence files, in ``CAREWATCH_EVIDENCE_DIR`` (no public URL)."""
    return FileSystemStorage(location=settings.CAREWATCH_EVIDENCE_DIR, base_url=None)


def store(checked: Checked) -> str:
    """Keep the file under a random name (``ab/<32 hex>.bin``); return the name it is kept under."""
    random = secrets.token_hex(16)
    return storage().save(f"{random[:2]}/{random}.bin", ContentFile(checked.content))


def remove(stored_names: list[str]) -> None:
    """Delete kept files (after the comment they belong to was not written)."""
    keep = storage()
    for stored in stored_names:
        try:
            keep.delete(stored)
        except OSError:
            logger.exception("Could not remove the evidence file %s", stored)
