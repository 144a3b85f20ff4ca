"""The weights page (/planning/weights/) and the risk list "as at" a date (issue 17): a council's QA managers
change the weights (a new version, audited, with why); its QA officers read them; everyone else is refused.
Bad weights are named field by field and nothing is saved."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from carewatch.core.models import AuditEntry
from carewatch.planning import models, risk, services
from carewatch.register import services as register_services
from tests import access_helpers as ah
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
URL = "/planning/weights/"
RISK = "/planning/risk/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def oldham(db):
    records = [
        f.location(
            "1-2", name="Worried Home", rating="Inadequate", rated_on=date(2025, 2, 1), registered_manager="A"
        ),
        f.location("1-4", name="Rochdale Home", rating="Inadequate", local_authority="Rochdale"),
    ]
    register_services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")
    return ah.council(code="E08000004")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def every_weight(**changes: str) -> dict[str, str]:
    """The form as the page fills it (the weights in force: the defaults), with ``changes`` typed over it."""
    values = {name: f"{value:g}" for name, value in risk.DEFAULT_WEIGHTS.items()}
    return {**values, **changes}


def error_summary(response) -> list[str]:
    return [item.get_text(strip=True) for item in soup(response).select(".govuk-error-summary__list li")]


def test_the_form_has_one_field_per_weight_labelled_with_its_default(client, oldham):
    ah.sign_in(client, ah.person(oldham, "qa_manager"))
    page = soup(client.get(URL))
    for name, default in risk.DEFAULT_WEIGHTS.items():
        field = page.select_one(f"input#id_{name}")
        assert field is not None and field["value"] == f"{default:g}", name
        assert page.select_one(f"label[for=id_{name}]").get_text(strip=True) == risk.SIGNAL_LABELS[name]
        assert page.select_one(f"#id_{name}-hint").get_text(strip=True) == f"Published default: {default:g}"
    assert "0: the published defaults" in page.select_one("#weights-in-force").get_text()


def test_the_weights_are_grouped_in_fieldsets_each_with_a_legend(client, oldham):
    ah.sign_in(client, ah.person(oldham, "qa_manager"))
    form = soup(client.get(URL)).select_one("#weights-form")
    groups = {
        fieldset.legend.get_text(strip=True): [field["name"] for field in fieldset.select("input")]
        for fieldset in form.select("fieldset")
    }
    assert list(groups) == [
        "CQC ratings",
        "CQC registration and the registered manager",
        "Your council’s quality assurance",
        "Your council’s intervention",
        "Lived experience",
        "Capacity and staffing",
    ]
    assert groups["Capacity and staffing"] == [
        "per_missed_capacity_return",
        "low_occupancy",
        "high_agency_share",
    ]
    assert [name for names in groups.values() for name in names] == list(risk.DEFAULT_WEIGHTS)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("lots", "The weight for ‘Safe rated Inadequate’ must be a number"),
        ("-3", "The weight for ‘Safe rated Inadequate’ must be 0 or more"),
        ("nan", "The weight for ‘Safe rated Inadequate’ must be a number"),
        ("1e999", "The weight for ‘Safe rated Inadequate’ must be a number"),
        ("1e300", "The weight for ‘Safe rated Inadequate’ must be 100 or less"),
        ("100.5", "The weight for ‘Safe rated Inadequate’ must be 100 or less"),
        ("", "Enter the weight for ‘Safe rated Inadequate’ (0 turns it off)"),
    ],
)
def test_weights_that_do_not_parse_are_named_and_nothing_is_saved(client, oldham, typed, message):
    ah.sign_in(client, ah.person(oldham, "qa_manager"))
    response = client.post(URL, every_weight(safe_inadequate=typed, note="Committee decision"))
    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert soup(response).select_one("#id_safe_inadequate-error").get_text(strip=True).endswith(message)
    assert soup(response).title.get_text().startswith("Error: ")
    assert not models.WeightsVersion.objects.exists()
    assert not AuditEntry.objects.filter(action="planning.weights_changed").exists()


def test_the_published_maximum_itself_is_a_weight_that_saves(client, oldham):
    ah.sign_in(client, ah.person(oldham, "qa_manager"))
    assert "a number from 0 to 100 (0 turns the signal off)" in soup(client.get(URL)).get_text()
    response = client.post(URL, every_weight(safe_inadequate="100", note="Safe above everything"))
    assert response.status_code == 302
    assert models.WeightsVersion.objects.get().weights["safe_inadequate"] == 100


def test_every_bad_field_is_named_and_a_note_is_required(client, oldham):
    ah.sign_in(client, ah.person(oldham, "qa_manager"))
    response = client.post(URL, every_weight(overall_inadequate="forty", downgraded="-1", note=" "))
    assert error_summary(response) == [
        "The weight for ‘Rated Inadequate overall by CQC’ must be a number",
        "The weight for ‘Latest CQC rating below the one before’ must be 0 or more",
        "Enter why you are changing the weights",
    ]
    assert not models.WeightsVersion.objects.exists()


def test_a_manager_changes_a_weight_and_the_risk_list_scores_with_it(client, oldham):
    manager = ah.person(oldham, "qa_manager")
    ah.sign_in(client, manager)
    before = soup(client.get(RISK)).select_one("#risk-list tbody tr").get_text(" ", strip=True)
    assert "Rated Inadequate overall in 2025 (+40)" in before

    response = client.post(URL, every_weight(overall_inadequate="55.5", note="Agreed at QA board, November"))
    assert response.status_code == 302 and response["Location"] == URL
    page = client.get(URL)
    banner = soup(page).select_one(".govuk-notification-banner--success")
    assert "Risk weights saved as version 1." in banner.get_text()
    assert banner.select_one("a.govuk-notification-banner__link")["href"] == RISK
    saved = models.WeightsVersion.objects.get()
    assert (saved.version, saved.created_by, saved.note) == (1, manager, "Agreed at QA board, November")
    assert saved.weights["overall_inadequate"] == 55.5
    entry = AuditEntry.objects.get(action="planning.weights_changed")
    assert entry.after["note"] == "Agreed at QA board, November"
    history = soup(page).select_one("#weights-history").get_text(" ", strip=True)
    assert "Version 1" in history and "Rated Inadequate overall by CQC: 40 → 55.5" in history

    listed = soup(client.get(RISK))
    assert "Rated Inadequate overall in 2025 (+55.5)" in listed.select_one("#risk-list tbody tr").get_text()
    assert "your council’s version 1" in listed.select_one("#risk-weights").get_text()
    assert listed.select_one("#risk-weights a")["href"] == URL


def test_the_history_shows_what_each_version_changed_newest_first(client, oldham):
    manager = ah.person(oldham, "qa_manager", username="mo")
    services.set_weights(
        organisation=oldham, actor=manager, weights={"downgraded": 20}, note="First", now=NOW
    )
    services.set_weights(
        organisation=oldham,
        actor=manager,
        weights={"downgraded": 20, "never_rated": 0, "suspended": 30},
        note="Second",
        now=NOW,
    )
    ah.sign_in(client, ah.person(oldham, "qa_officer"))
    entries = soup(client.get(URL)).select("#weights-history > li")
    assert [e.h3.get_text() for e in entries] == ["Version 2", "Version 1"]
    assert [li.get_text() for li in entries[0].select("ul li")] == [
        "Never rated by CQC: 15 → 0",
        "Placements suspended: 25 → 30",
    ]
    assert "Why: Second" in entries[0].get_text() and "Mo Tester" in entries[0].get_text()
    assert [li.get_text() for li in entries[1].select("ul li")] == [
        "Latest CQC rating below the one before: 15 → 20"
    ]


def test_an_officer_reads_the_weights_but_cannot_change_them(client, oldham):
    ah.sign_in(client, ah.person(oldham, "qa_officer"))
    page = soup(client.get(URL))
    assert page.select_one("#weights-form") is None
    assert "Safe rated Inadequate 30" in page.select_one("#weights-table").get_text(" ", strip=True)
    # In the same groups as the managers' form, each group headed, every weight once
    groups = page.select("#weights-table tbody")
    assert [g.select_one("th[scope=colgroup]").get_text(strip=True) for g in groups] == [
        legend for legend, _names in risk.SIGNAL_GROUPS
    ]
    assert [len(g.select("tr")) - 1 for g in groups] == [len(names) for _legend, names in risk.SIGNAL_GROUPS]
    assert "Safe rated Inadequate" in groups[0].get_text()
    assert client.post(URL, every_weight(note="sneaky")).status_code == 403
    assert not models.WeightsVersion.objects.exists()


def test_other_councils_icbs_providers_national_bodies_and_the_public_are_refused(client, oldham):
    assert client.get(URL).status_code == 302  # sent to sign in
    assert client.post(URL, every_weight(note="x")).status_code == 302
    rochdale = ah.council(code="E08000005")
    services.set_weights(
        organisation=oldham, actor=None, weights={"downgraded": 99}, note="Oldham's", now=NOW
    )
    ah.sign_in(client, ah.person(rochdale, "qa_manager"))
    page = client.get(URL).content.decode()
    assert "Oldham&#x27;s" not in page and "99" not in page  # Rochdale sees its own (the defaults)
    client.post(URL, every_weight(downgraded="1", note="Rochdale's own"))
    assert models.WeightsVersion.objects.get(organisation=rochdale).weights["downgraded"] == 1
    assert models.WeightsVersion.objects.get(organisation=oldham).weights["downgraded"] == 99
    for organisation, role in [
        (ah.icb(code="E54000057"), "commissioner"),
        (ah.provider(provider_id="1-200000001"), "provider_manager"),
        (ah.national(), "analyst"),
        (oldham, "commissioner"),
    ]:
        ah.sign_in(client, ah.person(organisation, role))
        assert client.get(URL).status_code == 403
        assert client.post(URL, every_weight(note="x")).status_code == 403
    assert models.WeightsVersion.objects.count() == 2


def test_the_risk_list_as_at_a_past_date_uses_the_weights_then_in_force(client, oldham):
    services.set_weights(
        organisation=oldham,
        actor=None,
        weights={"overall_inadequate": 60},
        note="",
        now=datetime(2026, 6, 1, tzinfo=UTC),
    )
    ah.sign_in(client, ah.person(oldham, "qa_officer"))
    past = soup(client.get(RISK, {"as_of": "2026-05-31"}))
    assert "Rated Inadequate overall in 2025 (+40)" in past.select_one("#risk-list tbody tr").get_text()
    assert "published defaults (version 0)" in past.select_one("#risk-weights").get_text()
    assert past.select_one("#risk-as-of").get_text() == "31 May 2026"
    now = soup(client.get(RISK, {"as_of": "2026-06-01"}))
    assert "(+60)" in now.select_one("#risk-list tbody tr").get_text()
    assert "version 1" in now.select_one("#risk-weights").get_text()
    # before its rating was published, the service had none
    older = soup(client.get(RISK, {"as_of": "2024-01-01"})).select_one("#risk-list tbody tr").get_text()
    assert "Rated Inadequate" not in older


def test_the_risk_list_as_at_a_past_date_links_each_service_to_its_score_on_that_date(client, oldham):
    services.set_weights(
        organisation=oldham,
        actor=None,
        weights={"overall_inadequate": 60},
        note="",
        now=datetime(2026, 6, 1, tzinfo=UTC),
    )
    ah.sign_in(client, ah.person(oldham, "qa_officer"))
    past = soup(client.get(RISK, {"as_of": "2026-05-31"})).select_one("#risk-list tbody tr a")
    assert past["href"] == "/services/1-2/?as_of=2026-05-31"
    panel = soup(client.get(past["href"])).select_one("#location-risk")
    assert "Rated Inadequate overall in 2025 (+40)" in panel.get_text()  # the weights then in force
    assert panel.select_one("#location-risk-as-of").get_text() == "31 May 2026"
    assert panel.select_one("a[href='/planning/risk/?as_of=2026-05-31']") is not None
    today = soup(client.get(RISK)).select_one("#risk-list tbody tr a")
    assert today["href"] == "/services/1-2/"
    panel = soup(client.get(today["href"])).select_one("#location-risk")
    assert "(+60)" in panel.get_text() and panel.select_one("#location-risk-as-of") is None
    for ignored in ("2026-11-23", "31/05/2026"):  # after today, not a date: the score today
        panel = soup(client.get(today["href"], {"as_of": ignored})).select_one("#location-risk")
        assert "(+60)" in panel.get_text() and panel.select_one("#location-risk-as-of") is None


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31/05/2026", "Enter the ‘as at’ date as YYYY-MM-DD, for example 2025-03-31"),
        ("2026-02-30", "Enter the ‘as at’ date as YYYY-MM-DD, for example 2025-03-31"),
        ("2026-11-23", "The ‘as at’ date must be today or in the past"),
        ("1999-01-01", None),
    ],
)
def test_a_bad_as_at_date_is_named(client, oldham, typed, message):
    ah.sign_in(client, ah.person(oldham, "analyst"))
    response = client.get(RISK, {"as_of": typed})
    assert response.status_code == 400
    found = error_summary(response)
    assert len(found) == 1 and (message is None or found == [message])
    assert soup(response).select_one("#risk-list") is None
