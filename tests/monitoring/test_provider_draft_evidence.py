"""Evidence files on a provider's factual-accuracy comment (issue 13): what is accepted (the kind read
from the bytes, the name cleaned, the file kept under a random name), what is refused in words beside the
field with nothing kept, the virus-scan hook, and who may download a file."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from carewatch.core.models import AuditEntry
from carewatch.core.roles import Role
from carewatch.monitoring import attachments, errors, services
from carewatch.monitoring.models import EvidenceFile, ProviderComment
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, page, text

NOW = given.VISITED_AT + timedelta(days=3)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SCANNED: list[str] = []


def refuse_eicar(file, *, name: str, content_type: str) -> str | None:
    """A scanner for the hook: refuses the EICAR test string, and notes every file it was given."""
    SCANNED.append(name)
    return (
        "it contains the EICAR test virus" if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in file.read() else None
    )


def broken_scanner(file, *, name: str, content_type: str) -> str | None:
    raise ConnectionError("clamd is not answering")


def ooxml(*parts: str, content_types: str = "<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        for part in parts:
            archive.writestr(part, "<xml/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    settings.CAREWATCH_EVIDENCE_DIR = tmp_path / "evidence"
    settings.CAREWATCH_EVIDENCE_SCANNER = ""
    return settings.CAREWATCH_EVIDENCE_DIR


def kept(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def comment_url(report, code: str = "") -> str:
    url = reverse("monitoring:report_comment", kwargs={"report_id": report.pk})
    return url + (f"?question={code}" if code else "")


def dispute(client, report, *files, code: str = "", text_: str = "Two of the charts were complete."):
    data = {"response": "disputed", "text": text_, "question": code, "evidence": list(files)}
    return client.post(comment_url(report), data)


def error_summary(response) -> list[str]:
    return [" ".join(a.text.split()) for a in page(response).select(".govuk-error-summary__list a")]


def first_code(report) -> str:
    from carewatch.monitoring import queries

    return queries.answers(report)[0].question.code


# --- attaching ------------------------------------------------------------------------------------


def test_a_disputed_question_keeps_its_pdf_under_a_random_name_with_a_clean_name_shown(world, evidence_dir):
    report = given.sent(world)
    code = first_code(report)
    upload = SimpleUploadedFile("../../etc/<MAR chart>.PDF", PDF, content_type="image/gif")
    response = dispute(client_for(world.acme_manager), report, upload, code=code)
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.comment.question.code == code
    assert evidence.original_name == "MAR chart.pdf"
    assert evidence.content_type == "application/pdf"  # from the bytes, not the browser's "image/gif"
    assert evidence.size == len(PDF)
    files = kept(evidence_dir)
    assert len(files) == 1 and files[0].read_bytes() == PDF
    assert "MAR" not in evidence.stored_name and evidence.stored_name.endswith(".bin")
    entry = AuditEntry.objects.get(action="monitoring.draft_disputed")
    assert entry.after["evidence_files"][0]["name"] == "MAR chart.pdf"
    assert entry.after["evidence_files"][0]["sha256"] == evidence.sha256


def test_each_kind_is_read_from_its_bytes(world):
    cases = {
        "chart.png": PNG,
        "photo.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 32,
        "minutes.docx": ooxml("word/document.xml"),
        "rota.xlsx": ooxml("xl/workbook.xml"),
        "notes.txt": "Résumé of the meeting\r\n".encode(),
        "training.csv": b"name,date\nAda,2026-03-01\n",
    }
    report = given.sent(world)
    comment = services.add_provider_comment(
        visit=report,
        actor=world.acme_manager,
        response="disputed",
        text="See the files",
        now=NOW,
        files=[SimpleUploadedFile(name, body) for name, body in cases.items()][:5],
    )
    kinds = [e.content_type.split(";")[0] for e in comment.evidence_files.order_by("id")]
    assert kinds == [
        "image/png",
        "image/jpeg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/plain",
    ]


@pytest.mark.parametrize(
    "name, body, message",
    [
        (
            "report.pdf",
            b"MZ\x90\x00\x03" + b"\x00" * 60,
            "report.pdf must be a PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), TXT or CSV file",
        ),
        ("chart.png", PDF, "chart.png is a PDF file: its name must end in .pdf"),
        ("empty.pdf", b"", "empty.pdf is empty"),
        (
            "fake.docx",
            ooxml("other.xml"),
            "fake.docx must be a PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), TXT or CSV file",
        ),
        (
            "broken.docx",
            b"PK\x03\x04not really a zip",
            "broken.docx is damaged or is not a Word or Excel document",
        ),
        (
            "macro.docx",
            ooxml("word/document.xml", "word/vbaProject.bin"),
            "macro.docx contains macros: save it without macros (as .docx or .xlsx)",
        ),
        (
            "page.html",
            b"<html><script>alert(1)</script></html>",
            "page.html is a text (TXT) file: its name must end in .txt",
        ),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_beside_the_field_and_nothing_is_kept(
    world, evidence_dir, name, body, message
):
    report = given.sent(world)
    response = dispute(client_for(world.acme_manager), report, SimpleUploadedFile(name, body))
    assert error_summary(response) == [message]
    assert page(response).select_one("#id_evidence-error")
    assert not ProviderComment.objects.exists() and not EvidenceFile.objects.exists()
    assert kept(evidence_dir) == []


def test_a_file_over_the_limit_is_refused_in_words(world, settings, evidence_dir):
    settings.CAREWATCH_EVIDENCE_MAX_MB = 0.0625  # 64 KB
    report = given.sent(world)
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * 100 * 1024)
    assert error_summary(dispute(client_for(world.acme_manager), report, big)) == [
        "scan.pdf must be 64 KB or smaller (it is 100 KB)"
    ]
    assert kept(evidence_dir) == [] and not ProviderComment.objects.exists()


def test_too_many_files_are_refused(world, settings, evidence_dir):
    settings.CAREWATCH_EVIDENCE_MAX_FILES = 2
    report = given.sent(world)
    files = [SimpleUploadedFile(f"page{n}.pdf", PDF) for n in range(3)]
    assert error_summary(dispute(client_for(world.acme_manager), report, *files)) == [
        "Select 2 files or fewer"
    ]
    assert kept(evidence_dir) == [] and not ProviderComment.objects.exists()


def test_a_file_after_the_window_closed_is_refused_and_not_kept(world, evidence_dir):
    report = given.sent(world)
    with time_machine.travel(given.VISITED_AT + timedelta(days=15), tick=False):
        response = dispute(client_for(world.acme_manager), report, SimpleUploadedFile("late.pdf", PDF))
    assert "The time for factual-accuracy comments ended on 16 March 2026" in error_summary(response)
    assert kept(evidence_dir) == []


def test_provider_staff_cannot_attach_files(world, evidence_dir):
    report = given.sent(world)
    staff = f.provider_user(world.acme, role=Role.PROVIDER_STAFF, name="Sid Staff")
    response = dispute(client_for(staff), report, SimpleUploadedFile("minutes.pdf", PDF))
    assert "only a provider manager can change them" in text(page(response))
    assert kept(evidence_dir) == [] and not EvidenceFile.objects.exists()


# --- the virus-scan hook --------------------------------------------------------------------------


def test_the_scanner_is_given_each_file_and_its_refusal_is_an_error_with_nothing_kept(
    world, settings, evidence_dir
):
    settings.CAREWATCH_EVIDENCE_SCANNER = f"{__name__}.refuse_eicar"
    SCANNED.clear()
    report = given.sent(world)
    response = dispute(
        client_for(world.acme_manager),
        report,
        SimpleUploadedFile("clean.pdf", PDF),
        SimpleUploadedFile("eicar.txt", EICAR),
    )
    assert error_summary(response) == [
        "eicar.txt was refused by the virus check: it contains the EICAR test virus"
    ]
    assert SCANNED == ["clean.pdf", "eicar.txt"]
    assert kept(evidence_dir) == []
    assert not ProviderComment.objects.exists() and not EvidenceFile.objects.exists()
    refusal = AuditEntry.objects.get(action="monitoring.evidence_refused")
    assert refusal.actor == world.acme_manager and "EICAR" in refusal.after["reason"]


def test_a_scanner_that_fails_refuses_the_file_rather_than_letting_it_through(world, settings, evidence_dir):
    settings.CAREWATCH_EVIDENCE_SCANNER = f"{__name__}.broken_scanner"
    report = given.sent(world)
    response = dispute(client_for(world.acme_manager), report, SimpleUploadedFile("minutes.pdf", PDF))
    assert error_summary(response) == ["minutes.pdf could not be checked for viruses: try again later"]
    assert kept(evidence_dir) == []


def test_a_failure_after_the_file_was_kept_removes_it_again(world, evidence_dir, monkeypatch):
    report = given.sent(world)

    def fail(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services.reports.audit, "write", fail)
    with pytest.raises(RuntimeError):
        services.add_provider_comment(
            visit=report,
            actor=world.acme_manager,
            response="disputed",
            text="See the minutes",
            now=NOW,
            files=[SimpleUploadedFile("minutes.pdf", PDF)],
        )
    assert kept(evidence_dir) == []


def test_the_service_refuses_files_beyond_the_limit_as_a_domain_error(world):
    report = given.sent(world)
    with pytest.raises(errors.InvalidInput) as refused:
        services.add_provider_comment(
            visit=report,
            actor=world.acme_manager,
            response="accepted",
            text="",
            now=NOW,
            files=[SimpleUploadedFile(f"p{n}.pdf", PDF) for n in range(attachments.max_files() + 1)],
        )
    assert refused.value.field == "evidence"


@pytest.mark.parametrize(
    "given_name, shown",
    [
        ("C:\\Users\\pat\\minutes.PDF", "minutes.pdf"),
        ("..", "evidence"),
        (".htaccess", "htaccess"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
        ("report\x00.pdf", "report.pdf"),
        ("a/b\\c;d.txt", "c_d.txt"),
        ("ｒｅｐｏｒｔ.pdf", "report.pdf"),
    ],
)
def test_names_are_cleaned_before_they_are_shown_or_sent(given_name, shown):
    assert attachments.safe_name(given_name) == shown


# --- downloading ----------------------------------------------------------------------------------


@pytest.fixture
def evidence(world):
    report = given.sent(world)
    comment = services.add_provider_comment(
        visit=report,
        actor=world.acme_manager,
        response="disputed",
        text="See the chart",
        now=NOW,
        files=[SimpleUploadedFile("MAR chart.pdf", PDF)],
    )
    return comment.evidence_files.get()


def download_url(evidence) -> str:
    return reverse("monitoring:evidence_download", kwargs={"evidence_id": evidence.pk})


def test_the_council_and_the_provider_download_the_file_as_an_attachment(world, evidence):
    staff = f.provider_user(world.acme, role=Role.PROVIDER_STAFF, name="Sid Staff")
    for person in (world.acme_manager, staff, world.officer, world.manager):
        response = client_for(person).get(download_url(evidence))
        assert response.status_code == 200, person
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == 'attachment; filename="MAR chart.pdf"'


def test_the_officer_finds_the_download_link_on_the_visit_page(world, evidence):
    soup = page(
        client_for(world.officer).get(
            reverse("monitoring:visit_detail", kwargs={"visit_id": evidence.comment.visit_id})
        )
    )
    link = soup.find("a", href=download_url(evidence))
    assert link is not None and link.text == "MAR chart.pdf"


def test_no_one_else_gets_the_file_and_each_refusal_is_audited(world, evidence):
    other_council = f.council("E08000005")
    people = [
        world.beta_manager,  # another provider's manager
        f.officer(other_council, name="Rita Rochdale"),  # another council's officer
        f.person(world.council, Role.ORG_ADMIN, name="Ada Admin"),  # the council, not its QA staff
    ]
    for person in people:
        response = client_for(person).get(download_url(evidence))
        assert response.status_code in (403, 404), person
        assert PDF not in response.content
    refused = AuditEntry.objects.filter(action="monitoring.evidence_download_refused")
    assert {entry.actor for entry in refused} == {people[0], people[1]}  # the admin's role stops at the door
    anonymous = Client().get(download_url(evidence))
    assert anonymous.status_code == 302 and "/sign-in" in anonymous["Location"]


def test_an_unknown_file_is_not_found(world, evidence):
    response = client_for(world.officer).get(
        reverse("monitoring:evidence_download", kwargs={"evidence_id": evidence.pk + 1000})
    )
    assert response.status_code == 404


def test_the_senior_officer_reviewing_the_dispute_finds_the_evidence_beside_it(world, evidence):
    soup = page(
        client_for(world.manager).get(
            reverse("monitoring:visit_review", kwargs={"visit_id": evidence.comment.visit_id})
        )
    )
    link = soup.find("a", href=download_url(evidence))
    assert link is not None and link.text == "MAR chart.pdf"
