"""The committee report: a valid PDF with the council's name and every section; the command."""

import shutil
import subprocess
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from carewatch.core import access
from carewatch.insights import areas, reports

pytestmark = pytest.mark.usefixtures("small_register")
SECTIONS = (
    "The market at the end of the period",
    "CQC inspections analysed",
    "CQC activity",
    "Providers of concern",
    "Inadequate providers and their path through the ladder",
    "Cases by ladder level",
    "Findings by theme",
)


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_report_has_its_sections_and_the_periods_inspections():
    report = reports.build(
        areas.find_council("Oldham"),
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
        today=date(2026, 11, 2),
        owners=access.NATIONAL,
    )
    assert [s.heading for s in report.sections] == list(SECTIONS)
    inspections = report.tables["inspections"]
    assert [row[0] for row in inspections.rows] == ["Elm House"]  # Inadequate, 15 February 2024
    assert report.tables["inadequate"].rows[0][0] == "Elm House"
    assert report.tables["concern"].rows[0][3] == "Inadequate"
    activity = {row[0]: row[1] for row in report.tables["cqc-activity"].rows}
    assert len(activity) == 12 and activity["February 2024"] >= 1  # Elm House's report
    assert report.tables["not-inspected"].rows[0][0] == "Active services"


def test_without_access_to_the_councils_records_the_private_sections_are_left_out():
    report = reports.build(
        areas.find_council("Oldham"),
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
        today=date(2026, 11, 2),
        owners=access.NOBODY,
    )
    assert "Cases by ladder level" not in [s.heading for s in report.sections]
    assert not report.private_included


def test_the_command_writes_a_pdf_with_the_council_name_and_every_section(tmp_path):
    out = tmp_path / "oldham.pdf"
    call_command(
        "report",
        "committee",
        "--la",
        "Oldham",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--out",
        str(out),
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    text = " ".join(_pdf_text(out).split())
    assert "committee report for Oldham" in text
    for heading in SECTIONS:
        assert heading in text, heading


def test_the_command_writes_html_by_council_code(tmp_path):
    out = tmp_path / "report.html"
    call_command("report", "committee", "--la", "E08000004", "--out", str(out))
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert "committee report for Oldham" in html
    assert 'alt="Line chart' in html


def test_the_command_refuses_an_unknown_council_and_a_wrong_extension(tmp_path):
    with pytest.raises(CommandError):
        call_command("report", "committee", "--la", "Atlantis", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("report", "committee", "--la", "Oldham", "--out", str(tmp_path / "x.docx"))


def test_insights_refresh_fills_the_monthly_figures(capsys):
    call_command("insights_refresh", "--years", "1")
    assert "monthly figures" in capsys.readouterr().out


def test_every_date_in_the_report_is_written_in_gov_uk_style():
    import re

    from bs4 import BeautifulSoup

    report = reports.build(
        areas.find_council("Oldham"),
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
        today=date(2026, 11, 2),
        owners=access.NATIONAL,
    )
    document = BeautifulSoup(reports.render_html(report), "html.parser")
    for style in document.find_all("style"):
        style.decompose()
    text = document.get_text(" ", strip=True)
    assert "15 February 2024" in text  # Elm House's Inadequate report
    assert "31 December 2024" in text
    assert not re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text), "no YYYY-MM-DD dates"
    assert not re.findall(r"\b0\d [A-Z][a-z]+ \d{4}\b", text), "no leading zeros ('06 December')"
    months = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    assert not re.findall(rf"\b\d{{1,2}} ({months}) \d{{4}}\b", text), "no short month names"
