"""Uploads over CAREWATCH_MAX_UPLOAD_MB are never kept whole, and their form says so (issue 12)."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings

from carewatch.core import uploads

LIMIT_MB = 0.0625  # 64 KB


class UploadForm(forms.Form):
    file = forms.FileField(validators=[uploads.validate_size])


def posted(size: int):
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("data.csv", b"x" * size, "text/csv")})
    return request, request.FILES["file"]


@override_settings(CAREWATCH_MAX_UPLOAD_MB=LIMIT_MB)
def test_a_file_over_the_limit_keeps_only_its_name_and_size():
    request, file = posted(1024 * 1024)
    assert isinstance(file, uploads.TooLargeUpload)
    assert (file.name, file.size, file.read()) == ("data.csv", 1024 * 1024, b"")
    kept = request.upload_handlers[1].file  # Django's in-memory handler, after ours
    assert kept.tell() <= 64 * 1024


@override_settings(CAREWATCH_MAX_UPLOAD_MB=LIMIT_MB)
def test_a_file_over_the_limit_is_an_error_beside_its_field():
    request, _ = posted(100 * 1024)
    form = UploadForm(files=request.FILES)
    assert not form.is_valid()
    assert form.errors["file"] == ["The selected file must be 64 KB or smaller (it is 100 KB)"]


@override_settings(CAREWATCH_MAX_UPLOAD_MB=LIMIT_MB)
def test_a_file_at_the_limit_arrives_whole():
    request, file = posted(64 * 1024)
    assert not isinstance(file, uploads.TooLargeUpload)
    assert file.read() == b"x" * 64 * 1024
    assert UploadForm(files=request.FILES).is_valid()


@pytest.mark.parametrize(
    "size, shown", [(5 * 1024 * 1024, "5 MB"), (2.5 * 1024 * 1024, "2.5 MB"), (10_240, "10 KB")]
)
def test_sizes_read_as_people_write_them(size, shown):
    assert uploads._size(size) == shown
