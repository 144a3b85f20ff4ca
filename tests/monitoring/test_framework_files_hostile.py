"""Framework files that are broken or hostile (issue 12): every one is refused with the line or question
and the field, never a server error. A fuzz test feeds the reader whatever hypothesis makes; the
regressions name what the security probe sent.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from carewatch.monitoring import errors, frameworks
from carewatch.monitoring.models import Framework
from tests.pages import client_for, page

HEADER = "code,text,statement,standard,weight\n"
GOOD_ROW = {"code": "A1", "text": "Are medicines given safely?", "statement": 8, "standard": 8, "weight": 1}


def read(content: bytes, name: str) -> frameworks.FrameworkSpec:
    handle = io.BytesIO(content)
    handle.name = name
    return frameworks.read_framework_file(handle, name="Oldham care homes", service_type="care_home")


def problems(content: bytes, name: str) -> list[tuple[str, str]]:
    with pytest.raises(errors.FrameworkImportError) as refused:
        read(content, name)
    for problem in refused.value.problems:
        assert len(problem.message) < 300, "a message quotes at most a short part of the value"
    return [(p.where, p.field) for p in refused.value.problems]


def nested(depth: int) -> bytes:
    return b'{"questions": ' + b"[" * depth + b"]" * depth + b"}"


# --- the probe's files ---------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_too_deeply_is_refused(depth):
    assert problems(nested(depth), "deep.json") == [("file", "json")]


def test_a_question_field_holding_a_list_or_an_object_is_refused_by_field():
    question = {**GOOD_ROW, "code": [[[["A"]]]], "text": {"en": "Safe?"}}
    assert problems(json.dumps({"questions": [question]}).encode(), "x.json") == [
        ("question 1", "code"),
        ("question 1", "text"),
    ]


@pytest.mark.parametrize("field", ["statement", "standard", "weight"])
def test_a_json_number_of_5000_digits_is_refused_by_field(field):
    body = json.dumps({"questions": [{**GOOD_ROW, field: "NUMBER"}]}).encode()
    assert problems(body.replace(b'"NUMBER"', b"9" * 5000), "x.json") == [("question 1", field)]


@pytest.mark.parametrize("field", ["statement", "standard", "weight"])
def test_a_csv_number_of_5000_digits_is_refused_by_field(field):
    row = {**GOOD_ROW, field: "9" * 5000}
    body = HEADER + ",".join(str(row[name]) for name in frameworks.FIELDS) + "\n"
    assert problems(body.encode(), "x.csv") == [("line 2", field)]


@pytest.mark.parametrize("digit", ["²", "١"])
def test_a_statement_written_with_other_digits_is_refused(digit):
    assert problems(f"{HEADER}A1,Safe?,{digit},8,1\n".encode(), "x.csv") == [("line 2", "statement")]


def test_a_csv_value_over_the_csv_modules_field_limit_is_refused_with_its_line():
    body = f'{HEADER}A1,Safe?,8,8,1\nA2,"{"x" * 140_000}",8,8,1\n'
    assert problems(body.encode(), "x.csv") == [("line 3", "row")]


def test_a_question_longer_than_the_limit_is_refused():
    body = f"{HEADER}A1,{'x' * (frameworks.MAX_TEXT + 1)},8,8,1\n"
    assert problems(body.encode(), "x.csv") == [("line 2", "text")]


def test_nul_characters_in_a_csv_are_refused_by_line_and_field():
    body = f"{HEADER}\x00A1,Safe?,8,8,1\nA2,\x00Summit Home Care,8,8,1\n"
    assert problems(body.encode(), "x.csv") == [("line 2", "code"), ("line 3", "text")]


def test_nul_characters_escaped_in_json_are_refused_by_question_and_field():
    body = json.dumps({"questions": [{**GOOD_ROW, "text": "\x00Safe?"}]}).encode()
    assert problems(body, "x.json") == [("question 1", "text")]


def test_a_utf16_csv_is_refused_as_not_utf8():
    assert problems((HEADER + "A1,Safe?,8,8,1\n").encode("utf-16-le"), "x.csv") == [("file", "encoding")]


def test_a_spreadsheet_is_refused_with_a_hint_to_save_it_as_csv():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert problems(buffer.getvalue(), "framework.csv") == [("file", "encoding")]
    with pytest.raises(errors.FrameworkImportError) as refused:
        read(buffer.getvalue(), "framework.csv")
    assert "a spreadsheet (.xlsx or .ods): save it as CSV UTF-8" in refused.value.problems[0].message


# --- fuzz ----------------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["9" * 5000, "\x00", "²", "1e999999", "NaN", "8", " 8 ", "0.001"]),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
QUESTIONS = st.lists(
    st.fixed_dictionaries({}, optional={name: JSON_VALUES for name in frameworks.FIELDS}), max_size=4
)


def _reads_or_names_a_problem(content: bytes, name: str) -> None:
    try:
        spec = read(content, name)
    except errors.FrameworkImportError as refused:
        assert refused.problems and all(p.where and p.field and p.message for p in refused.problems)
    else:
        for question in spec.questions:
            assert "\x00" not in question.code + question.text
            assert 1 <= question.statement_id <= 34 and 1 <= question.standard <= 16


FUZZ = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["x.csv", "x.json", "x"]))
@example(nested(100_000), "x.json")
@example(b'{"questions": [{"statement": ' + b"9" * 5000 + b"}]}", "x.json")
@example((HEADER + 'A,"' + "x" * 140_000 + '",1,1,1\n').encode(), "x.csv")
@example(b"code,text,statement,standard,weight\n\x00A,\x00t,1,1,1\n", "x.csv")
def test_any_bytes_are_read_or_refused_with_named_problems(content, name):
    _reads_or_names_a_problem(content, name)


@FUZZ
@given(QUESTIONS, st.booleans())
def test_any_json_questions_are_read_or_refused_with_named_problems(questions, wrapped):
    document = {"questions": questions} if wrapped else questions
    _reads_or_names_a_problem(json.dumps(document).encode(), "x.json")


@FUZZ
@given(st.lists(st.lists(st.text(max_size=12) | SCALARS.map(str), min_size=5, max_size=6), max_size=4))
def test_any_csv_rows_are_read_or_refused_with_named_problems(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([list(frameworks.FIELDS), *rows])
    _reads_or_names_a_problem(buffer.getvalue().encode(), "x.csv")


# --- the upload page ---------------------------------------------------------------------------


def upload(world, content: bytes, name: str):
    return client_for(world.manager).post(
        reverse("monitoring:framework_import"),
        {"file": SimpleUploadedFile(name, content), "service_type": "care_home", "name": "Oldham"},
    )


def error_summary(response) -> list[str]:
    return [" ".join(li.text.split()) for li in page(response).select(".govuk-error-summary li")]


@pytest.mark.parametrize(
    "content, name, shown",
    [
        (nested(100_000), "deep.json", "File, json: not valid JSON: nested more than"),
        (
            b'{"questions": [{"code": "A", "text": "t", "statement": '
            + b"9" * 5000
            + b', "standard": 1, "weight": 1}]}',
            "big.json",
            "Question 1, statement: unknown statement id '99999999999999999999",
        ),
        (
            (HEADER + 'A,"' + "x" * 140_000 + '",1,1,1\n').encode(),
            "long.csv",
            "Line 2, row: a value is longer than",
        ),
        (
            HEADER.encode() + b"A,\x00Summit Home Care,1,1,1\n",
            "nul.csv",
            "Line 2, text: contains a NUL character",
        ),
    ],
)
def test_the_upload_page_names_each_problem_of_a_hostile_file(world, content, name, shown):
    response = upload(world, content, name)
    assert response.status_code == 200
    summary = error_summary(response)
    assert len(summary) == 1 and summary[0].startswith(shown), summary
    assert not Framework.objects.filter(owner=world.council).exists()


@override_settings(CAREWATCH_MAX_UPLOAD_MB=0.0625)
def test_the_upload_page_refuses_a_file_over_the_upload_limit_beside_the_field(world):
    body = (HEADER + "A1,Safe?,8,8,1\n" * 5_000).encode()  # 75 KB, over 64 KB
    response = upload(world, body, "big.csv")
    assert error_summary(response) == ["The selected file must be 64 KB or smaller (it is 73 KB)"]
    assert page(response).select_one("#id_file-error")
    assert not Framework.objects.filter(owner=world.council).exists()


@override_settings(CAREWATCH_MAX_UPLOAD_MB=0.0625)
def test_a_file_within_the_upload_limit_is_read(world):
    response = upload(world, (HEADER + "A1,Safe?,8,8,1\n").encode(), "small.csv")
    assert response.status_code == 302
