"""Uploaded files: no larger than ``CAREWATCH_MAX_UPLOAD_MB`` (docs/security.md, "Limits on input").

Django keeps an upload of any size, in memory or in a temporary file, before a form can look at it.
:class:`SizeLimitedUploadHandler` comes first in ``FILE_UPLOAD_HANDLERS``: it counts each file's
bytes and stops handing them on past the limit, so no more than the limit is ever kept; the form then
gets a :class:`TooLargeUpload` that knows only the name and the size, and :func:`validate_size` (on
every ``FileField``) says the file is too large, beside the field.
"""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

MB = 1024 * 1024


def max_bytes() -> int:
    return int(settings.CAREWATCH_MAX_UPLOAD_MB * MB)


def _size(size: float) -> str:
    """``5 MB``, ``2.5 MB``; under 1 MB in KB (``64 KB``)."""
    if size < MB:
        return f"{size / 1024:,.0f} KB"
    return f"{size / MB:,.1f}".removesuffix(".0") + " MB"


class TooLargeUpload(UploadedFile):
    """An upload over the limit: its name and size, none of its content."""

    def __init__(self, name: str, content_type: str | None, size: int) -> None:
        super().__init__(file=io.BytesIO(), name=name, content_type=content_type, size=size)


class SizeLimitedUploadHandler(FileUploadHandler):
    """Counts each uploaded file; past ``CAREWATCH_MAX_UPLOAD_MB`` the handlers after it get nothing more."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > max_bytes():
            self.too_large = True
        return None if self.too_large else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.too_large:
            return None  # the next handler keeps the file
        return TooLargeUpload(self.file_name or "", self.content_type, file_size)


def validate_size(file: Any) -> None:
    """A form field validator: the file must be no larger than ``CAREWATCH_MAX_UPLOAD_MB``."""
    size = getattr(file, "size", None) or 0
    if size > max_bytes():
        raise forms.ValidationError(
            f"The selected file must be {_size(max_bytes())} or smaller (it is {_size(size)})",
            code="file_too_large",
        )
