"""Letters: written from the council's template with the case's facts, as HTML and as a real PDF, kept
with the case, listed on its page, downloadable; templates the council edits, safely."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from carewatch.cases import services
from carewatch.cases.ladder import ActionKind
from carewatch.cases.letters import errors as letter_errors
from carewatch.cases.letters import rendering
from carewatch.cases.letters import services as letter_services
from carewatch.cases.letters.models import Letter, LetterKind, LetterTemplate
from carewatch.core.models import AuditEntry
from tests.cases import factories as f
from tests.cases import given
from tests.cases.pages import client_for, errors, page, text

DECIDED_AT = f.at(2026, 3, 31, 10)  # Tuesday 31 March 2026, before Easter


@pytest.fixture
def suspended(world):
    """Oak House, run by Acme Care Ltd, suspended by Maya Manager on Tuesday 31 March 2026."""
    provider = world.home.provider
    provider.name, provider.address, provider.postcode = "Acme Care Ltd", "1 Mill Street, Oldham", "OL1 1AA"
    provider.save()
    case = given.open_case(world, level="3", now=f.at(2026, 3, 2))
    services.escalate_case(
        actor=world.manager,
        case=case,
        level="4",
        reason="Three safeguarding enquiries about medicines in March",
        seen_revision=1,
        now=DECIDED_AT,
    )
    case.refresh_from_db()
    return case


def pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def write(world, case, kind, *, now=DECIDED_AT, actor=None, include_reason=True, **subject):
    return letter_services.write_letter(
        actor=actor or world.officer, case=case, kind=kind, now=now, include_reason=include_reason, **subject
    )


def test_a_suspension_letter_names_the_provider_location_reason_dates_and_manager(world, suspended, tmp_path):
    suspension = suspended.suspensions.get()
    letter = write(world, suspended, LetterKind.SUSPENSION, suspension=suspension, actor=world.manager)
    assert letter.subject == "Suspension of new placements at Oak House"
    assert letter.addressed_to == "Registered Manager, Acme Care Ltd"
    html = letter.html
    for fact in (
        "Oldham Council",
        "Acme Care Ltd",
        "1 Mill Street, Oldham",
        "Our reference: Case",
        "Date: 31 March 2026",
        "suspend new placements at Oak House from 31 March 2026",
        "Three safeguarding enquiries about medicines in March",
        "We will review the suspension on 28 April 2026",  # week 4
        # 5 working days from the letter, skipping Good Friday (3 April) and Easter Monday (6 April)
        "within 5 working days of the date of our letter telling you of it, that is by 9 April 2026",
        "Maya Manager",
    ):
        assert fact in html, fact
    assert "<h3" in html and '<ul class="govuk-list govuk-list--bullet">' in html

    pdf = bytes(letter.pdf)
    assert pdf.startswith(b"%PDF-")
    words = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Acme Care Ltd" in words and "9 April 2026" in words and "Page 1 of" in words


def test_facts_are_escaped_so_a_reason_cannot_inject_markup(world):
    case = given.open_case(world, level="3")
    services.escalate_case(
        actor=world.manager,
        case=case,
        level="4",
        reason="<script>alert(1)</script> & more",
        seen_revision=1,
        now=DECIDED_AT,
    )
    letter = write(world, case, LetterKind.SUSPENSION, suspension=case.suspensions.get())
    assert "<script>" not in letter.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in letter.html


def test_a_lifting_letter_says_when_and_why_and_the_level_now(world, suspended):
    suspension = suspended.suspensions.get()
    services.lift_suspension(
        actor=world.manager,
        suspension=suspension,
        lifted_on=date(2026, 4, 28),
        reason="The joint audit found medicines managed safely",
        step_down_to="3",
        seen_revision=suspended.revision,
        now=f.at(2026, 4, 28),
    )
    suspension.refresh_from_db()
    suspended.refresh_from_db()
    letter = write(
        world, suspended, LetterKind.SUSPENSION_LIFTED, suspension=suspension, now=f.at(2026, 4, 28)
    )
    assert "lift the suspension from 28 April 2026" in letter.html
    assert "The joint audit found medicines managed safely" in letter.html
    assert "level 3 of our ladder of intervention: Provider concern" in letter.html


def test_a_lifting_letter_needs_a_lifted_suspension(world, suspended):
    with pytest.raises(letter_errors.LetterNotPossible, match="has not been lifted"):
        write(world, suspended, LetterKind.SUSPENSION_LIFTED, suspension=suspended.suspensions.get())


def test_a_default_notice_counts_the_notices_against_the_limit(world):
    given.in_contract(world)
    case = given.open_case(world, level="5")
    services.issue_default_notice(
        actor=world.officer,
        case=case,
        owner=world.officer,
        breach="Late invoices",
        remedy_by=date(2026, 3, 20),
        now=given.OPENED_AT,
    )
    notice = services.issue_default_notice(
        actor=world.officer,
        case=case,
        owner=world.officer,
        breach="Staffing below the contract minimum on 12 nights",
        remedy_by=date(2026, 3, 30),
        now=given.OPENED_AT,
    )
    letter = write(world, case, LetterKind.DEFAULT_NOTICE, action=notice, now=given.OPENED_AT)
    assert "Staffing below the contract minimum on 12 nights" in letter.html
    assert "put this right by 30 March 2026" in letter.html
    assert "default notice number 2. When a provider has had 5 default notices" in letter.html


def test_an_action_plan_request_gives_the_due_date(world):
    case = given.open_case(world, level="1")
    plan = services.add_action(
        actor=world.officer, case=case, kind=ActionKind.ACTION_PLAN, owner=world.officer, now=given.OPENED_AT
    )
    letter = write(world, case, LetterKind.ACTION_PLAN_REQUEST, action=plan, now=given.OPENED_AT)
    assert letter.subject == "Request for an action plan: Oak House"
    assert "Send us an action plan by 16 March 2026" in letter.html
    with pytest.raises(letter_errors.LetterNotPossible):
        write(world, case, LetterKind.DEFAULT_NOTICE, action=plan)


def test_only_the_councils_officers_and_managers_write_letters(world, suspended):
    commissioner = f.person(world.council, "commissioner")
    with pytest.raises(letter_errors.NotPermitted):
        letter_services.write_letter(
            actor=commissioner,
            case=suspended,
            kind=LetterKind.SUSPENSION,
            suspension=suspended.suspensions.get(),
            now=DECIDED_AT,
        )


# --- on the pages --------------------------------------------------------------------------------------


def _draft_fields(soup) -> dict:
    return {
        "subject": soup.select_one("#id_subject")["value"],
        "body": soup.select_one("#id_body").text,
        "include_reason": soup.select_one("input[name=include_reason]")["value"],
    }


def test_the_officer_checks_edits_and_issues_the_letter_from_the_case_page_then_downloads_the_pdf(
    world, suspended
):
    with time_machine.travel(DECIDED_AT, tick=False):
        officer = client_for(world.officer)
        case_url = reverse("cases:case_detail", kwargs={"case_id": suspended.pk})
        soup = page(officer.get(case_url))
        suspension = suspended.suspensions.get()
        button = soup.select_one(f"#suspension-{suspension.pk} form button")
        assert "Write the suspension letter" in button.text
        response = officer.post(
            reverse("cases:letter_write", kwargs={"case_id": suspended.pk}),
            {"letter": f"suspension:{suspension.pk}"},
        )
        # Then the letter is shown to check and edit, and nothing is kept yet
        check_url = response["Location"]
        assert check_url.startswith(reverse("cases:letter_draft", kwargs={"case_id": suspended.pk}))
        soup = page(officer.get(check_url))
        assert not Letter.objects.exists()
        assert "Suspension of new placements at Oak House" in text(soup, "#letter-preview")
        fields = _draft_fields(soup)
        # the internal reason is offered, not pasted in
        assert "Three safeguarding enquiries" not in fields["body"]
        assert "Three safeguarding enquiries" in text(soup, "#recorded-reason")
        assert "[Say why we made this decision, in words for the provider]" in fields["body"]

        # When they issue it with the gap left, they are told to fill it in
        soup = page(officer.post(check_url, {**fields, "step": "issue"}))
        assert list(errors(soup).values()) == [
            "Fill in the gap in square brackets before the letter is issued: "
            "[Say why we made this decision, in words for the provider]"
        ]
        assert not Letter.objects.exists()

        # When they write the reason in their own words, preview it, then issue it
        fields["body"] = fields["body"].replace(
            "[Say why we made this decision, in words for the provider]",
            "People living at Oak House were given the wrong medicines three times in March.",
        )
        soup = page(officer.post(check_url, {**fields, "step": "preview"}))
        assert "given the wrong medicines" in text(soup, "#letter-preview")
        assert not Letter.objects.exists()
        response = officer.post(check_url, {**fields, "step": "issue"})
        letter = Letter.objects.get()
        assert response["Location"] == reverse("cases:letter_detail", kwargs={"letter_id": letter.pk})
        soup = page(officer.get(response["Location"]))
        assert "given the wrong medicines" in text(soup, "#letter")
        assert "Three safeguarding enquiries" not in text(soup, "#letter")
        assert "carewatch’s default" in text(soup, "#letter-facts")
        pdf = officer.get(reverse("cases:letter_pdf", kwargs={"letter_id": letter.pk}))
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF-")
        assert (
            f'filename="case-{suspended.pk}-suspension-letter-{letter.pk}.pdf"' in pdf["Content-Disposition"]
        )
        # and the letter is on the case page: its timeline, its letters, its suspension
        soup = page(officer.get(case_url))
        assert "Letter written: suspension of new placements" in text(soup, "#history + ol")
        assert letter.subject in text(soup, "#letters + table")
        assert letter.subject in text(soup, f"#suspension-{suspension.pk}")
        entry = AuditEntry.objects.get(action="case.letter_written", object_id=str(suspended.pk))
        assert entry.after["edited"] is True and entry.after["reason_included"] is False


def test_the_letter_goes_to_the_registered_manager_by_name_and_is_signed_with_the_issuers_job_title(
    world, suspended
):
    world.home.registered_manager = "Jane Smith"
    world.home.save()
    world.manager.job_title = "Quality assurance manager"
    world.manager.save()
    letter = write(
        world, suspended, LetterKind.SUSPENSION, suspension=suspended.suspensions.get(), actor=world.manager
    )
    assert "Dear Jane Smith," in letter.html
    assert "Dear Acme Care Ltd" not in letter.html
    assert "Registered manager, Oak House" in letter.html
    assert "Quality assurance manager, Oldham Council" in letter.html
    assert letter.addressed_to == "Jane Smith, Acme Care Ltd"


def test_the_recorded_reason_is_in_the_letter_only_when_the_writer_chooses_it(world, suspended):
    with time_machine.travel(DECIDED_AT, tick=False):
        officer = client_for(world.officer)
        url = reverse("cases:letter_draft", kwargs={"case_id": suspended.pk})
        choice = f"suspension:{suspended.suspensions.get().pk}"
        soup = page(officer.get(url, {"letter": choice}))
        assert "Three safeguarding enquiries" not in _draft_fields(soup)["body"]
        include = soup.select_one("#recorded-reason a")["href"]
        soup = page(officer.get(include))
        fields = _draft_fields(soup)
        assert "Three safeguarding enquiries about medicines in March" in fields["body"]
        officer.post(url + "?" + include.split("?", 1)[1], {**fields, "step": "issue"})
        letter = Letter.objects.get()
        assert "Three safeguarding enquiries about medicines in March" in letter.html
        entry = AuditEntry.objects.get(action="case.letter_written")
        assert entry.after["reason_included"] is True and entry.after["edited"] is False


def _appeal_dates(soup_letter, soup_case, suspension_pk) -> tuple[str, str]:
    import re

    letter_date = re.search(r"that is by (\d{1,2} \w+ \d{4})", text(soup_letter, "#letter"))
    case_date = re.search(
        r"Provider may appeal until (\d{1,2} \w+ \d{4})", text(soup_case, f"#suspension-{suspension_pk}")
    )
    assert letter_date and case_date
    return letter_date[1], case_date[1]


def test_the_letter_and_the_case_page_give_the_same_appeal_deadline(world, suspended):
    """Issue 13, item 2: the letter said 5 working days from its own date while the case page counted
    from the day the letter was due."""
    suspension = suspended.suspensions.get()  # decided Tuesday 31 March 2026: letter due 13 April
    issued_at = f.at(2026, 4, 2, 10)  # the letter goes out on Thursday 2 April, before Easter
    with time_machine.travel(issued_at, tick=False):
        officer = client_for(world.officer)
        url = reverse("cases:letter_draft", kwargs={"case_id": suspended.pk})
        query = {"letter": f"suspension:{suspension.pk}", "reason": "include"}
        soup = page(officer.get(url, query))
        preview_date = __import__("re").search(
            r"that is by (\d{1,2} \w+ \d{4})", text(soup, "#letter-preview")
        )[1]
        response = officer.post(
            url + "?letter=suspension:" + str(suspension.pk) + "&reason=include",
            {**_draft_fields(soup), "step": "issue"},
        )
        letter_page = page(officer.get(response["Location"]))
        case_page = page(officer.get(reverse("cases:case_detail", kwargs={"case_id": suspended.pk})))
    in_letter, on_case_page = _appeal_dates(letter_page, case_page, suspension.pk)
    # 5 working days from Thursday 2 April, skipping Good Friday and Easter Monday
    assert in_letter == on_case_page == preview_date == "13 April 2026"
    suspension.refresh_from_db()
    assert suspension.letter_sent_on == date(2026, 4, 2)
    assert "Sent on 2 April 2026" in text(case_page, f"#suspension-{suspension.pk}")

    # A second letter for the same suspension, a week later, keeps the deadline the first one gave
    with time_machine.travel(f.at(2026, 4, 9, 10), tick=False):
        again = write(
            world, suspended, LetterKind.SUSPENSION, suspension=suspension, now=f.at(2026, 4, 9, 10)
        )
    assert "that is by 13 April 2026" in again.html


def test_the_write_a_letter_page_offers_only_the_letters_the_case_can_have(world, suspended):
    officer = client_for(world.officer)
    soup = page(officer.get(reverse("cases:letter_write", kwargs={"case_id": suspended.pk})))
    labels = [label.text.strip() for label in soup.select("main .govuk-radios__label")]
    assert labels == ["Suspension of new placements at Oak House"]
    soup = page(
        officer.post(
            reverse("cases:letter_write", kwargs={"case_id": suspended.pk}), {"letter": "suspension_lifted:1"}
        )
    )
    assert list(errors(soup).values()) == ["Choose the letter to write"]


def test_another_councils_people_cannot_read_or_download_the_letter(world, suspended):
    letter = write(world, suspended, LetterKind.SUSPENSION, suspension=suspended.suspensions.get())
    stranger = client_for(f.manager(f.council("E08000005")))
    assert stranger.get(reverse("cases:letter_detail", kwargs={"letter_id": letter.pk})).status_code == 404
    assert stranger.get(reverse("cases:letter_pdf", kwargs={"letter_id": letter.pk})).status_code == 404
    assert stranger.get(reverse("cases:letter_write", kwargs={"case_id": suspended.pk})).status_code == 404


# --- templates the council edits -------------------------------------------------------------------------


def test_a_manager_edits_the_template_and_new_letters_use_it_while_old_ones_keep_theirs(world, suspended):
    first = write(world, suspended, LetterKind.SUSPENSION, suspension=suspended.suspensions.get())
    manager = client_for(world.manager)
    url = reverse("cases:letter_template_edit", kwargs={"letter_kind": "suspension"})
    soup = page(manager.get(url))
    assert "{{ provider.name }}" in text(soup, "#facts")
    assert "Acme Care Ltd" in text(soup, "#preview")  # the example facts
    response = manager.post(
        url,
        {
            "subject": "Embargo: {{ location_names }}",
            "body": "Dear {{ provider.name }},\n\n## Decision\n\nWe suspended placements on {{ suspension.started_on }}.\n\n- one\n- two\n\n{{ manager.name }}",
        },
    )
    assert response.status_code == 302
    soup = page(manager.get(reverse("cases:letter_templates")))
    assert "Version 1, saved" in text(soup, "#letter-templates")

    second = write(world, suspended, LetterKind.SUSPENSION, suspension=suspended.suspensions.get())
    assert second.subject == "Embargo: Oak House"
    assert '<h3 class="govuk-heading-s">Decision</h3>' in second.html
    assert "We suspended placements on 31 March 2026." in second.html
    assert second.template == LetterTemplate.objects.get()
    first.refresh_from_db()
    assert first.subject == "Suspension of new placements at Oak House" and first.template is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "Dear {{ provider.nmae }} {{ councill.name }}",
            "There is no fact called {{ councill.name }}, {{ provider.nmae }}",
        ),
        (
            "{{ suspension.lifted_on }}",
            "There is no fact called {{ suspension.lifted_on }}",
        ),  # not in this kind
        ("{% debug %}", "Letters cannot use {% debug %}"),
        ("{% load static %}", "Letters cannot use {% load %}"),
        ("{% include 'base.html' %}", "Letters cannot use {% include %}"),
        ("{% if provider.name %}unclosed", "There is a mistake in the template"),
    ],
)
def test_a_template_that_cannot_be_used_is_refused_with_the_reason(world, body, message):
    manager = client_for(world.manager)
    soup = page(
        manager.post(
            reverse("cases:letter_template_edit", kwargs={"letter_kind": "suspension"}),
            {"subject": "S", "body": body},
        )
    )
    assert list(errors(soup).values())[0].startswith(message)
    assert not LetterTemplate.objects.exists()


def test_a_loop_over_locations_may_use_its_own_names(world):
    letter_services.save_template(
        actor=world.manager,
        organisation=world.council,
        kind=LetterKind.ACTION_PLAN_REQUEST,
        subject="Plan",
        body="{% for location in locations %}{{ location.name }} {{ forloop.counter }}{% endfor %}",
        now=given.OPENED_AT,
    )


# The security probe's template (issue 12): four loops over make_list, each multiplying the work by ~40.
NESTED_LOOPS = (
    "{% for a in reason|make_list %}{% for b in reason|make_list %}{% for c in reason|make_list %}"
    "{% for d in reason|make_list %}{{ a }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
)


def test_a_template_with_loops_four_deep_is_refused_on_save_with_the_reason(world):
    manager = client_for(world.manager)
    url = reverse("cases:letter_template_edit", kwargs={"letter_kind": "suspension"})
    soup = page(manager.post(url, {"subject": "S", "body": NESTED_LOOPS}))
    assert errors(soup) == {
        "#id_body": "Letters can put one {% for %} inside another, but no deeper: this template puts 4 inside each other"
    }
    assert not LetterTemplate.objects.exists()


@pytest.mark.parametrize("text_filter", ["make_list", "add", "ljust", "stringformat"])
def test_a_filter_that_makes_long_text_from_short_is_refused_by_name(world, text_filter):
    with pytest.raises(
        letter_errors.InvalidTemplate, match=rf"^Letters cannot use the filter \|{text_filter}: use"
    ):
        letter_services.save_template(
            actor=world.manager,
            organisation=world.council,
            kind=LetterKind.SUSPENSION,
            subject="S",
            body=f'{{{{ reason|{text_filter}:"9" }}}}',
            now=given.OPENED_AT,
        )


def test_a_template_longer_than_the_limit_is_refused():
    with pytest.raises(
        letter_errors.InvalidTemplate, match="must be 20,000 characters or fewer: it has 20,001"
    ):
        rendering.compile_template("x" * 20_001)


def test_a_letter_whose_loops_write_too_much_stops_with_an_error_instead_of_running_on():
    # two loops (allowed) over 300 characters, writing 300 each time: 27 million characters if it ran on
    facts = {"s": "x" * 300}
    template = "{% for a in s %}{% for b in s %}{{ s }}{% endfor %}{% endfor %}"
    with pytest.raises(
        letter_errors.InvalidTemplate, match="The letter would be longer than 100,000 characters"
    ):
        rendering.render_text(template, facts)
    assert (
        len(rendering.render_text("{% for a in s %}{{ s }}{% endfor %}", facts)) == 90_000
    )  # under the limit


def test_a_bad_template_already_stored_shows_its_error_in_the_editor_and_writes_no_letter(world, suspended):
    LetterTemplate.objects.create(
        organisation=world.council,
        kind=LetterKind.SUSPENSION,
        version=1,
        subject="S",
        body=NESTED_LOOPS,
        created_at=given.OPENED_AT,
        created_by=world.manager,
    )
    manager = client_for(world.manager)
    soup = page(manager.get(reverse("cases:letter_template_edit", kwargs={"letter_kind": "suspension"})))
    assert "puts 4 inside each other" in text(soup, "#preview-error")
    with pytest.raises(letter_errors.LetterNotPossible, match="puts 4 inside each other"):
        write(world, suspended, LetterKind.SUSPENSION, suspension=suspended.suspensions.get())
    assert not Letter.objects.exists()


def test_officers_cannot_edit_templates(world):
    officer = client_for(world.officer)
    assert officer.get(reverse("cases:letter_templates")).status_code == 403
    with pytest.raises(letter_errors.NotPermitted):
        letter_services.save_template(
            actor=world.officer,
            organisation=world.council,
            kind="suspension",
            subject="s",
            body="b",
            now=given.OPENED_AT,
        )


def test_body_layout_makes_paragraphs_headings_and_lists():
    html = rendering.body_html("First line\nsecond line\n\n## Heading\n- a\n- b & c\n\nLast")
    assert html == (
        '<p class="govuk-body">First line<br>second line</p>\n'
        '<h3 class="govuk-heading-s">Heading</h3>\n'
        '<ul class="govuk-list govuk-list--bullet"><li>a</li><li>b &amp; c</li></ul>\n'
        '<p class="govuk-body">Last</p>'
    )


def test_a_letter_edited_in_a_browser_keeps_its_paragraphs():
    """A browser posts a textarea with CRLF line ends: the preview and the letter keep the paragraphs."""
    html = rendering.body_html("Dear Jane Smith,\r\n\r\nOldham Council has decided.\r\n\r\n## Why")
    assert html == (
        '<p class="govuk-body">Dear Jane Smith,</p>\n'
        '<p class="govuk-body">Oldham Council has decided.</p>\n'
        '<h3 class="govuk-heading-s">Why</h3>'
    )
