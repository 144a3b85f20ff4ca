"""QA frameworks as data: the 16 local standards, the default question sets, and reading a council's
framework from CSV or JSON. Pure functions (no database): the services store what these return.

A framework file holds questions. Each question has:

- ``code`` — short and unique in the file (``CH-08``);
- ``text`` — the question in plain English;
- ``statement`` — the CQC quality statement id, 1–34 (``carewatch.ratings.vocabulary.STATEMENTS``);
- ``standard`` — the local standard, by number 1–16 or by name (:data:`LOCAL_STANDARDS`);
- ``weight`` — a positive number: how much the answer counts within its standard.

CSV: a header row with those five column names (any order, any case), one question a line.
JSON: ``{"name": …, "service_type": …, "questions": [{…}, …]}`` or just the list of questions.
Every problem is reported with where it is (``line 4``, ``question 3``) and the field, all at once.

A file is text, not a program's playground: a NUL character, a value that is a list or an object,
a number of thousands of digits, JSON nested deeper than a framework needs, a CSV value longer than
the csv module reads or a question over :data:`MAX_TEXT` characters is a problem like any other,
named by line or question and field (docs/security.md, "Limits on input").
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from carewatch.monitoring.errors import FrameworkImportError, Problem
from carewatch.monitoring.models import ServiceType
from carewatch.ratings.vocabulary import STATEMENTS, normalise_name

DATA_DIR = Path(__file__).resolve().parent / "data"
_UNREADABLE = object()  # a question's value already reported as unreadable


@dataclass(frozen=True)
class LocalStandard:
    number: int
    name: str
    area: str


# PAMMS-style local standards: 16 standards in 5 areas (ADASS East of England's PAMMS groups its
# standards under these five areas; the standards follow the CQC's former essential standards).
LOCAL_STANDARD_AREAS: tuple[str, ...] = (
    "Involvement and information",
    "Personalised care and support",
    "Safeguarding and safety",
    "Suitability of staffing",
    "Quality of management",
)
LOCAL_STANDARDS: dict[int, LocalStandard] = {
    standard.number: standard
    for standard in (
        LocalStandard(1, "Respecting and involving people", LOCAL_STANDARD_AREAS[0]),
        LocalStandard(2, "Consent to care and support", LOCAL_STANDARD_AREAS[0]),
        LocalStandard(3, "Care and welfare", LOCAL_STANDARD_AREAS[1]),
        LocalStandard(4, "Meeting nutritional and hydration needs", LOCAL_STANDARD_AREAS[1]),
        LocalStandard(5, "Working with other services", LOCAL_STANDARD_AREAS[1]),
        LocalStandard(6, "Safeguarding people from abuse", LOCAL_STANDARD_AREAS[2]),
        LocalStandard(7, "Cleanliness and infection control", LOCAL_STANDARD_AREAS[2]),
        LocalStandard(8, "Management of medicines", LOCAL_STANDARD_AREAS[2]),
        LocalStandard(9, "Safety and suitability of premises", LOCAL_STANDARD_AREAS[2]),
        LocalStandard(10, "Safety and suitability of equipment", LOCAL_STANDARD_AREAS[2]),
        LocalStandard(11, "Recruitment and checks on workers", LOCAL_STANDARD_AREAS[3]),
        LocalStandard(12, "Staffing levels", LOCAL_STANDARD_AREAS[3]),
        LocalStandard(13, "Supporting staff", LOCAL_STANDARD_AREAS[3]),
        LocalStandard(14, "Assessing and monitoring quality", LOCAL_STANDARD_AREAS[4]),
        LocalStandard(15, "Complaints", LOCAL_STANDARD_AREAS[4]),
        LocalStandard(16, "Records", LOCAL_STANDARD_AREAS[4]),
    )
}
_STANDARD_WORDS = {normalise_name(s.name): s.number for s in LOCAL_STANDARDS.values()}

_SERVICE_TYPE_WORDS = (
    {normalise_name(value): value for value in ServiceType.values}
    | {normalise_name(label): value for value, label in ServiceType.choices}
    | {"domiciliary care": ServiceType.HOME_CARE, "homecare agencies": ServiceType.HOME_CARE}
)

FIELDS = ("code", "text", "statement", "standard", "weight")
MAX_WEIGHT = Decimal("100")
MAX_TEXT = 2_000  # characters in a question
MAX_JSON_DEPTH = 20  # a framework needs 4: an object, its list of questions, a question, a value
_SMALL_NUMBER = re.compile(r"[0-9]{1,3}")
_SPREADSHEET = b"PK\x03\x04"  # .xlsx and .ods are zip archives


@dataclass(frozen=True)
class QuestionSpec:
    """A question as a framework file or an edit gives it, checked."""

    code: str
    text: str
    statement_id: int
    standard: int
    weight: Decimal


@dataclass(frozen=True)
class FrameworkSpec:
    name: str
    service_type: str
    questions: tuple[QuestionSpec, ...]


def digest(questions: Iterable[QuestionSpec]) -> str:
    """The same questions in the same order give the same digest (an unchanged import changes nothing)."""
    payload = [[q.code, q.text, q.statement_id, q.standard, str(q.weight.normalize())] for q in questions]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def parse_service_type(value: object) -> str:
    if isinstance(value, str) and (found := _SERVICE_TYPE_WORDS.get(normalise_name(value))):
        return str(found)
    raise ValueError(f"{value!r} is not a service type: expected care home, home care or supported living")


# --- checking one question -------------------------------------------------------------------------


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())


def _shown(text: str) -> str:
    """``text`` quoted for a message, cut short: a problem quotes a value, never a whole file."""
    return repr(text if len(text) <= 20 else text[:20] + "…")


def _unreadable(value: object) -> str | None:
    """Why a question's value cannot be read at all, or None."""
    if isinstance(value, list | dict):
        return "expected text or a number, not a list or an object"
    if isinstance(value, str) and "\x00" in value:
        return "contains a NUL character (\\x00): remove it, or save the file again as CSV UTF-8"
    return None


def _check_question(raw: Mapping[str, Any], where: str, problems: list[Problem]) -> QuestionSpec | None:
    before = len(problems)
    values = {name: raw.get(name) for name in FIELDS}
    if values["statement"] is None:
        values["statement"] = raw.get("statement_id")
    for name, value in values.items():
        if reason := _unreadable(value):
            problems.append(Problem(where, name, reason))
            values[name] = _UNREADABLE
    code = _text(values["code"])
    if values["code"] is _UNREADABLE:
        pass
    elif not code:
        problems.append(Problem(where, "code", "missing: give each question a short code such as CH-01"))
    elif len(code) > 20:
        problems.append(Problem(where, "code", f"{_shown(code)} is too long: use 20 characters or fewer"))
    text = _text(values["text"])
    if values["text"] is _UNREADABLE:
        pass
    elif not text:
        problems.append(Problem(where, "text", "missing: write the question"))
    elif len(text) > MAX_TEXT:
        problems.append(
            Problem(
                where, "text", f"too long ({len(text):,} characters): use {MAX_TEXT:,} characters or fewer"
            )
        )

    statement_id = 0
    statement = values["statement"]
    statement_text = _text(statement)
    if statement is _UNREADABLE:
        pass
    elif not statement_text:
        problems.append(Problem(where, "statement", "missing: give the CQC quality statement id (1–34)"))
    elif (
        isinstance(statement, bool)
        or not _SMALL_NUMBER.fullmatch(statement_text)
        or int(statement_text) not in STATEMENTS
    ):
        problems.append(
            Problem(
                where,
                "statement",
                f"unknown statement id {_shown(statement_text)}: expected a number from 1 to 34",
            )
        )
    else:
        statement_id = int(statement_text)

    standard = 0
    standard_text = _text(values["standard"])
    if values["standard"] is _UNREADABLE:
        pass
    elif not standard_text:
        problems.append(
            Problem(where, "standard", "missing: give the local standard by number (1–16) or name")
        )
    elif _SMALL_NUMBER.fullmatch(standard_text) and int(standard_text) in LOCAL_STANDARDS:
        standard = int(standard_text)
    elif found := _STANDARD_WORDS.get(normalise_name(standard_text)):
        standard = found
    else:
        problems.append(
            Problem(
                where,
                "standard",
                f"unknown standard {_shown(standard_text)}: expected 1–16 or a standard's name",
            )
        )

    weight = Decimal(0)
    weight_raw = values["weight"]
    weight_text = _text(weight_raw)
    if weight_raw is _UNREADABLE:
        pass
    elif not weight_text:
        problems.append(Problem(where, "weight", "missing: give a positive number such as 1"))
    else:
        try:
            if isinstance(weight_raw, bool) or len(weight_text) > 20:
                raise InvalidOperation
            weight = Decimal(weight_text)
            if (
                not weight.is_finite()
                or weight <= 0
                or weight > MAX_WEIGHT
                or weight != weight.quantize(Decimal("0.01"))
            ):
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                Problem(
                    where,
                    "weight",
                    f"{_shown(weight_text)} is not a weight: expected a number above 0 and up to 100, with at most 2 decimal places",
                )
            )
    if len(problems) > before:
        return None
    return QuestionSpec(code=code, text=text, statement_id=statement_id, standard=standard, weight=weight)


def check_questions(rows: Iterable[tuple[str, Mapping[str, Any]]]) -> tuple[QuestionSpec, ...]:
    """Check (where, raw question) pairs; raise :class:`FrameworkImportError` listing every problem."""
    problems: list[Problem] = []
    questions: list[QuestionSpec] = []
    seen: dict[str, str] = {}
    for where, raw in rows:
        question = _check_question(raw, where, problems)
        code = "" if _unreadable(raw.get("code")) else _text(raw.get("code"))
        if code and code.lower() in seen:
            problems.append(
                Problem(where, "code", f"{_shown(code)} is used twice (also at {seen[code.lower()]})")
            )
        elif code:
            seen[code.lower()] = where
        if question is not None:
            questions.append(question)
    if not problems and not questions:
        problems.append(Problem("file", "questions", "no questions: a framework needs at least one"))
    if problems:
        raise FrameworkImportError(problems)
    return tuple(questions)


# --- reading files ---------------------------------------------------------------------------------


def _read_text(file: Any) -> tuple[str, str]:
    """(file name, text) from a path, an open file (text or binary) or a Django upload."""
    if isinstance(file, str | Path):
        path = Path(file)
        return path.name, path.read_text(encoding="utf-8-sig")
    name = Path(getattr(file, "name", "") or "").name
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read()
    if isinstance(content, bytes):
        if content.startswith(_SPREADSHEET):
            raise FrameworkImportError(
                [
                    Problem(
                        "file",
                        "encoding",
                        "the file is a spreadsheet (.xlsx or .ods): save it as CSV UTF-8, or as JSON",
                    )
                ]
            )
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FrameworkImportError(
                [Problem("file", "encoding", "the file is not UTF-8 text: save it as CSV UTF-8 or JSON")]
            ) from None
    text = content.lstrip("\ufeff")
    if "\x00" in text[:2]:
        # UTF-16 (Excel's "Unicode text") decodes as UTF-8 with a NUL after every letter.
        raise FrameworkImportError(
            [
                Problem(
                    "file",
                    "encoding",
                    "the file is not UTF-8 text (it looks like UTF-16): save it as CSV UTF-8 or JSON",
                )
            ]
        )
    return name, text


def _csv_rows(text: str) -> list[tuple[str, Mapping[str, Any]]]:
    reader = csv.reader(io.StringIO(text))
    try:
        return _csv_rows_from(reader)
    except csv.Error as error:
        # The csv module refuses a value over csv.field_size_limit() (131,072 characters), usually
        # a quote left open, which runs the rest of the file into one value.
        problem = (
            f"a value is longer than {csv.field_size_limit():,} characters: check for a quote that is not closed"
            if "field larger than field limit" in str(error)
            else f"not readable as CSV ({error})"
        )
        raise FrameworkImportError([Problem(f"line {max(reader.line_num, 1)}", "row", problem)]) from None


def _csv_rows_from(reader: Any) -> list[tuple[str, Mapping[str, Any]]]:
    try:
        header = next(reader)
    except StopIteration:
        raise FrameworkImportError([Problem("file", "header", "the file is empty")]) from None
    columns = [normalise_name(name).replace(" ", "_") for name in header]
    columns = ["statement" if c == "statement_id" else c for c in columns]
    missing = [name for name in FIELDS if name not in columns]
    if missing:
        raise FrameworkImportError(
            [
                Problem("line 1", name, f"missing column: the header needs {', '.join(FIELDS)}")
                for name in missing
            ]
        )
    rows: list[tuple[str, Mapping[str, Any]]] = []
    for line_number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(columns):
            raise FrameworkImportError(
                [
                    Problem(
                        f"line {line_number}",
                        "row",
                        f"{len(values)} values for {len(columns)} columns: put text with commas in quotes",
                    )
                ]
            )
        rows.append((f"line {line_number}", dict(zip(columns, values, strict=False))))
    return rows


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _json_too_deep(text: str) -> bool:
    """More than :data:`MAX_JSON_DEPTH` levels of lists and objects (strings left out)."""
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def _json_rows(text: str) -> tuple[dict[str, Any], list[tuple[str, Mapping[str, Any]]]]:
    if _json_too_deep(text):
        raise FrameworkImportError(
            [Problem("file", "json", f"not valid JSON: nested more than {MAX_JSON_DEPTH} levels deep")]
        )
    try:
        # Integers as Decimal: Python refuses int() of more than 4,300 digits; a question's checks
        # then name the field.
        data = json.loads(text, parse_int=Decimal)
    except json.JSONDecodeError as error:
        raise FrameworkImportError(
            [Problem(f"line {error.lineno}", "json", f"not valid JSON: {error.msg}")]
        ) from None
    header: dict[str, Any] = {}
    if isinstance(data, dict):
        header = {key: data.get(key) for key in ("name", "service_type") if data.get(key) is not None}
        data = data.get("questions")
    if not isinstance(data, list):
        raise FrameworkImportError(
            [Problem("file", "questions", 'expected a list of questions (or an object with "questions")')]
        )
    rows: list[tuple[str, Mapping[str, Any]]] = []
    problems = []
    for index, item in enumerate(data, start=1):
        if isinstance(item, dict):
            rows.append((f"question {index}", item))
        else:
            problems.append(
                Problem(
                    f"question {index}",
                    "question",
                    "expected an object with code, text, statement, standard and weight",
                )
            )
    if problems:
        raise FrameworkImportError(problems)
    return header, rows


def read_framework_file(
    file: Any, *, name: str | None = None, service_type: str | None = None
) -> FrameworkSpec:
    """Read and check a framework file (CSV or JSON, told apart by its name or its first character).

    ``name`` and ``service_type`` override the file's own (a CSV file has none, so they are needed there).
    """
    file_name, text = _read_text(file)
    is_json = file_name.lower().endswith(".json") or (
        not file_name.lower().endswith(".csv") and text.lstrip()[:1] in "[{"
    )
    header: dict[str, Any] = {}
    if is_json:
        header, rows = _json_rows(text)
    else:
        rows = _csv_rows(text)
    questions = check_questions(rows)
    problems: list[Problem] = []
    for key in ("name", "service_type"):
        if key in header and not isinstance(header[key], str):
            problems.append(Problem("file", key, "expected text"))
            del header[key]
    chosen_name = _text(name or header.get("name")) or (
        Path(file_name).stem.replace("_", " ").strip() if file_name else ""
    )
    if not chosen_name:
        problems.append(Problem("file", "name", "missing: name the framework"))
    elif len(chosen_name) > 200:
        problems.append(Problem("file", "name", "too long: use 200 characters or fewer"))
    chosen_type = ""
    raw_type = service_type or header.get("service_type")
    if not raw_type:
        problems.append(
            Problem(
                "file",
                "service_type",
                "missing: say whether it is for care homes, home care or supported living",
            )
        )
    else:
        try:
            chosen_type = parse_service_type(raw_type)
        except ValueError as error:
            problems.append(Problem("file", "service_type", str(error)))
    if problems:
        raise FrameworkImportError(problems)
    return FrameworkSpec(name=chosen_name, service_type=chosen_type, questions=questions)


# --- the defaults ----------------------------------------------------------------------------------


def default_file(service_type: str) -> Path:
    return DATA_DIR / f"default_framework_{service_type}.json"


@cache
def default_framework(service_type: str) -> FrameworkSpec:
    """The default question set for a service type, from ``data/default_framework_<type>.json``."""
    return read_framework_file(default_file(service_type))


def default_frameworks() -> tuple[FrameworkSpec, ...]:
    return tuple(default_framework(value) for value in ServiceType.values)


class HasStatement(Protocol):
    """A question as a file gives it (``QuestionSpec``) or as stored (``models.Question``)."""

    @property
    def statement_id(self) -> int: ...


def statements_missing(questions: Iterable[HasStatement]) -> list[int]:
    """The CQC quality statements (1–34) no question maps to."""
    covered = {q.statement_id for q in questions}
    return [number for number in STATEMENTS if number not in covered]
