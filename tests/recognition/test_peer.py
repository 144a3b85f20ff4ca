"""Peer support: a provider's manager volunteers a strong service (refused, naming why, when it is not
eligible); carewatch suggests supporters for a provider of concern by strength where it is weak, service
type and distance, with reasons in words; an officer pairs them (never a provider with itself, never a
review before the start) and may add the ladder action "peer support" that links back; either side logs
sessions; the pairing page shows the mentee's ratings and findings since. Other councils, providers not in
the pairing and the public are kept out."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import override_settings

from carewatch.cases.ladder import ActionKind
from carewatch.cases.models import Action
from carewatch.core.models import AuditEntry
from carewatch.recognition import peer_queries, peer_services
from carewatch.recognition.errors import InvalidInput
from carewatch.recognition.models import PeerPairing, PeerSession, PeerSupporter
from tests.cases import factories as cf
from tests.pages import client_for, h1, page, text
from tests.recognition import factories as f
from tests.recognition import peer_factories as pf

pytestmark = pytest.mark.django_db
NOW = pf.NOW


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _errors(soup) -> list[str]:
    return [" ".join(e.get_text(" ").split()) for e in soup.select(".govuk-error-message")]


def _pair(w, **changes):
    values = dict(
        actor=w.officer,
        mentee=w.mentee,
        supporter=w.near_supporter,
        goals="Safer medicines rounds",
        starts_on=date(2026, 6, 1),
        review_on=date(2026, 9, 1),
        now=NOW,
    )
    values.update(changes)
    return peer_services.pair(**values)


# --- volunteering ------------------------------------------------------------------------------


def test_a_providers_manager_volunteers_a_good_service_on_chosen_subjects():
    w = pf.world(with_supporters=False)
    manager = f.manager_of(w.near_org)
    client = client_for(manager)
    form = page(client.get("/recognition/peer/volunteer/"))
    assert h1(form) == "Volunteer as a peer supporter"
    response = client.post(
        "/recognition/peer/volunteer/", {"location": w.near.pk, "subjects": ["medicines", "care-planning"]}
    )
    assert response.status_code == 302
    supporter = PeerSupporter.objects.get(location=w.near)
    assert supporter.subjects == ["medicines", "care-planning"]
    assert AuditEntry.objects.filter(action="peer.supporter_volunteered", actor=manager).exists()
    assert "Oak House" in text(page(client.get("/recognition/peer/")).select_one("#supporters"))


def test_a_service_rated_inadequate_and_in_an_open_case_is_refused_naming_both_reasons():
    w = pf.world(with_supporters=False)
    soup = page(
        client_for(f.manager_of(w.mentee_org)).post(
            "/recognition/peer/volunteer/", {"location": w.mentee.pk, "subjects": ["medicines"]}
        )
    )
    assert _errors(soup) == [
        "Error: Elm House is rated Inadequate by the CQC; a peer supporter must be rated Outstanding or Good"
    ]
    summary = text(soup.select_one(".govuk-error-summary"))
    assert "Elm House is in an open case on a council's ladder of intervention" in summary
    assert not PeerSupporter.objects.exists()


def test_eligibility_follows_the_setting():
    w = pf.world(with_supporters=False)
    with (
        override_settings(CAREWATCH_PEER_SUPPORTER_RATINGS=["Outstanding"]),
        pytest.raises(InvalidInput) as refused,
    ):
        peer_services.volunteer_supporter(
            actor=f.manager_of(w.near_org), location=w.near, subjects=["medicines"], now=NOW
        )
    assert refused.value.problems == [
        ("location", "Oak House is rated Good by the CQC; a peer supporter must be rated Outstanding")
    ]


def test_volunteering_without_a_subject_is_named_and_staff_cannot_volunteer():
    w = pf.world(with_supporters=False)
    soup = page(
        client_for(f.manager_of(w.near_org)).post("/recognition/peer/volunteer/", {"location": w.near.pk})
    )
    assert _errors(soup) == ["Error: Choose at least one subject you can support others with"]
    assert client_for(f.staff_of(w.near_org)).get("/recognition/peer/volunteer/").status_code == 403


# --- suggestions -------------------------------------------------------------------------------


def test_suggestions_rank_strength_where_the_mentee_is_weak_and_say_why():
    w = pf.world()
    ranked = peer_queries.suggestions(w.mentee, today=NOW.date())
    assert [s.supporter.location.name for s in ranked] == ["Oak House", "Ash Court"]
    near, far = ranked
    assert near.suggestion.reasons[0] == "Offers support with medicines, where Elm House had findings"
    assert near.suggestion.reasons[1] == "Rated higher by the CQC on Safe (Good against inadequate)"
    assert near.suggestion.reasons[2] == "Also a care home"
    assert near.suggestion.reasons[3].endswith("miles away")
    assert (
        "Rated higher by the CQC on Safe (Outstanding against inadequate), Well-led (Outstanding"
        in (far.suggestion.reasons[0])
    )
    soup = page(client_for(w.officer).get(f"/recognition/peer/suggestions/{w.mentee.pk}/"))
    assert h1(soup) == "Peer supporters for Elm House"
    assert "Offers support with medicines, where Elm House had findings" in text(
        soup.select_one("#suggestions")
    )


def test_suggestions_never_offer_the_mentees_own_provider():
    w = pf.world()
    own = cf.location(w.council, provider=w.mentee_org.provider, name="Elm Annexe")
    PeerSupporter.objects.create(
        location=own,
        organisation=w.mentee_org,
        subjects=["medicines"],
        volunteered_on=NOW.date(),
        volunteered_at=NOW,
        volunteered_by=f.manager_of(w.mentee_org),
    )
    names = [s.supporter.location.name for s in peer_queries.suggestions(w.mentee, today=NOW.date())]
    assert "Elm Annexe" not in names


# --- pairing -----------------------------------------------------------------------------------


def test_an_officer_pairs_them_and_the_case_gains_a_peer_support_action_linking_back():
    w = pf.world()
    client = client_for(w.officer)
    url = f"/recognition/peer/suggestions/{w.mentee.pk}/pair/"
    form = page(client.get(f"{url}?supporter={w.near_supporter.pk}"))
    assert form.select_one(f"input[name=supporter][value='{w.near_supporter.pk}']").has_attr("checked")
    response = client.post(
        url,
        {
            "supporter": w.near_supporter.pk,
            "goals": "Safer medicines rounds",
            "starts_on_day": "1",
            "starts_on_month": "6",
            "starts_on_year": "2026",
            "review_on_day": "1",
            "review_on_month": "9",
            "review_on_year": "2026",
            "add_to_case": ["yes"],
        },
    )
    pairing = PeerPairing.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/recognition/peer/pairings/{pairing.pk}/"
    action = Action.objects.get(case=w.case, kind=ActionKind.PEER_SUPPORT)
    assert pairing.case_action == action
    assert (action.due_on, action.peer_provider_id) == (date(2026, 9, 1), w.near.provider_id)
    assert AuditEntry.objects.filter(action="peer.paired", object_id=str(pairing.pk)).exists()
    case_page = page(client.get(f"/cases/{w.case.pk}/"))
    link = case_page.find("a", string="See the peer support pairing")
    assert link["href"] == f"/recognition/peer/pairings/{pairing.pk}/"
    detail = page(client.get(link["href"]))
    assert h1(detail) == "Peer support for Elm House"
    assert f"case {w.case.pk}" in text(detail.select_one("#case-link"))


def test_a_review_before_the_start_is_named_beside_the_review_and_nothing_is_saved():
    w = pf.world()
    soup = page(
        client_for(w.officer).post(
            f"/recognition/peer/suggestions/{w.mentee.pk}/pair/",
            {
                "supporter": w.near_supporter.pk,
                "goals": "Safer medicines rounds",
                "starts_on_day": "1",
                "starts_on_month": "6",
                "starts_on_year": "2026",
                "review_on_day": "1",
                "review_on_month": "5",
                "review_on_year": "2026",
                "add_to_case": ["yes"],
            },
        )
    )
    assert _errors(soup) == ["Error: The review date must be after the start date"]
    assert soup.select_one("#review_on-error") or "review_on" in str(soup.select_one(".govuk-error-summary"))
    assert not PeerPairing.objects.exists() and not Action.objects.filter(kind="peer_support").exists()


def test_pairing_a_provider_with_itself_is_refused_naming_the_supporter():
    w = pf.world()
    own = cf.location(w.council, provider=w.mentee_org.provider, name="Elm Annexe")
    Rating = own.ratings.model
    Rating.objects.filter(location=own).update(overall="Good")
    itself = PeerSupporter.objects.create(
        location=own,
        organisation=w.mentee_org,
        subjects=["medicines"],
        volunteered_on=NOW.date(),
        volunteered_at=NOW,
        volunteered_by=f.manager_of(w.mentee_org),
    )
    with pytest.raises(InvalidInput) as refused:
        _pair(w, supporter=itself, case=w.case)
    assert refused.value.problems == [
        ("supporter", "A provider cannot be paired with itself: choose another supporter")
    ]
    assert not PeerPairing.objects.exists() and not Action.objects.filter(kind="peer_support").exists()


def test_only_the_councils_qa_staff_pair_and_only_services_in_its_area():
    w = pf.world()
    rochdale = cf.council("E08000005")
    assert (
        client_for(cf.officer(rochdale)).get(f"/recognition/peer/suggestions/{w.mentee.pk}/").status_code
        == 404
    )
    assert (
        client_for(f.manager_of(w.near_org)).get(f"/recognition/peer/suggestions/{w.mentee.pk}/").status_code
        == 403
    )
    with pytest.raises(InvalidInput) as refused:
        _pair(w, actor=cf.officer(rochdale))
    assert refused.value.problems == [("mentee", "Elm House is not in Rochdale Council's area")]


# --- sessions and the outcome ------------------------------------------------------------------


def test_either_side_logs_a_session_and_a_provider_not_in_the_pairing_cannot_see_it():
    w = pf.world()
    pairing = _pair(w)
    supporter_manager = f.manager_of(w.near_org)
    client = client_for(supporter_manager)
    response = client.post(
        f"/recognition/peer/pairings/{pairing.pk}/sessions/add/",
        {
            "held_on_day": "1",
            "held_on_month": "6",
            "held_on_year": "2026",
            "note": "Walked the medicines round",
        },
    )
    assert response.status_code == 302
    mentee_staff = client_for(f.staff_of(w.mentee_org))
    mentee_staff.post(
        f"/recognition/peer/pairings/{pairing.pk}/sessions/add/",
        {"held_on_day": "1", "held_on_month": "6", "held_on_year": "2026", "note": "Our notes"},
    )
    assert list(PeerSession.objects.order_by("pk").values_list("note", flat=True)) == [
        "Walked the medicines round",
        "Our notes",
    ]
    soup = page(client_for(w.officer).get(f"/recognition/peer/pairings/{pairing.pk}/"))
    assert "Walked the medicines round" in text(soup.select_one("#sessions"))
    outsider = client_for(f.manager_of(w.far_org))
    assert outsider.get(f"/recognition/peer/pairings/{pairing.pk}/").status_code == 404
    assert outsider.get(f"/recognition/peer/pairings/{pairing.pk}/sessions/add/").status_code == 404
    other_council = client_for(cf.officer(cf.council("E08000005")))
    assert other_council.get(f"/recognition/peer/pairings/{pairing.pk}/").status_code == 404
    from django.test import Client

    public = Client().get(f"/recognition/peer/pairings/{pairing.pk}/")
    assert public.status_code == 302 and "sign-in" in public["Location"] or public.status_code in (403, 404)


def test_a_session_before_the_start_or_without_a_note_is_named():
    w = pf.world()
    pairing = _pair(w)
    client = client_for(w.officer)
    url = f"/recognition/peer/pairings/{pairing.pk}/sessions/add/"
    early = page(
        client.post(url, {"held_on_day": "1", "held_on_month": "5", "held_on_year": "2026", "note": "Met"})
    )
    assert _errors(early) == ["Error: The date of the session must be on or after the start, 1 June 2026"]
    blank = page(
        client.post(url, {"held_on_day": "1", "held_on_month": "6", "held_on_year": "2026", "note": ""})
    )
    assert _errors(blank) == ["Error: Say what the session covered"]
    assert not PeerSession.objects.exists()


def test_the_pairing_page_shows_the_mentees_next_rating_and_findings_since():
    w = pf.world()
    pairing = _pair(w, starts_on=date(2026, 5, 1), review_on=date(2026, 9, 1))
    cf.rerate(w.mentee, rating="Requires improvement", rated_on=date(2026, 5, 20))
    outcome = peer_queries.outcome(pairing)
    assert (outcome.rating_before, outcome.ratings_since) == (
        "Inadequate",
        [(date(2026, 5, 20), "Requires improvement")],
    )
    assert outcome.improved is True and outcome.findings_since == 1
    soup = page(client_for(w.officer).get(f"/recognition/peer/pairings/{pairing.pk}/"))
    said = text(soup.select_one("#outcome"))
    assert "Requires improvement (20 May 2026)" in said
    assert "Yes: rated higher than at the start" in said


def test_each_side_finds_the_pairing_on_its_peer_support_page_and_an_outsider_does_not():
    w = pf.world()
    _pair(w)
    for person in (f.staff_of(w.mentee_org), f.manager_of(w.near_org), w.officer):
        pairings = page(client_for(person).get("/recognition/peer/")).select_one("#pairings")
        assert pairings is not None and "Elm House" in text(pairings) and "Oak House" in text(pairings)
    outsider = page(client_for(f.manager_of(w.far_org)).get("/recognition/peer/"))
    assert outsider.select_one("#pairings") is None
    assert "There are no pairings yet." in text(outsider)
