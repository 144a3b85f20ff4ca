"""Find care near you: what a family sees when they search near a place."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.pages import page, text
from tests.register.finder_world import TODAY, build_world


@pytest.fixture
def world(db, monkeypatch):
    build_world()
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def results(soup) -> list[str]:
    return [a.text for a in soup.select("ol.carewatch-results h3 a")]


def errors(soup) -> list[str]:
    return [li.text.strip() for li in soup.select(".govuk-error-summary__list li")]


def test_the_empty_finder_asks_where_without_an_error(client, world):
    soup = page(client.get("/find/"))
    assert soup.h1.text == "Find care near you"
    assert not soup.select(".govuk-error-summary")
    assert soup.select_one("#id_within")["value"] == "10"


def test_a_search_ranks_by_distance_and_shows_what_a_family_needs_to_know(client, world):
    soup = page(client.get("/find/?near=Royton&within=5"))
    assert results(soup)[:2] == ["Damson Nursing Home", "Elm Residential Home"]
    assert "Royton Medical Centre" not in results(soup)  # not adult social care
    assert soup.select_one("#distance-source").text.startswith("Distances from the centre of Royton.")
    first = soup.select_one("ol.carewatch-results li")
    assert first.select_one("h3 a")["href"] == "/services/1-100000001/"
    words = text(first)
    assert "Less than 0.1 miles · Royton · Care home with nursing" in words
    assert "CQC rating: Good published 1 May 2025 · 40 beds" in words
    assert "Cares for: Dementia, Older people (65 and over)" in words
    second = text(soup.select("ol.carewatch-results li")[1])
    assert "0.2 miles · Royton · Care home without nursing" in second


def test_the_source_of_the_point_is_said(client, world):
    assert (
        text(page(client.get("/find/?near=OL1"))).count(
            "Distances from the centre of the OL1 postcode district"
        )
        == 1
    )
    assert "Distances from OL2 6AA." in text(page(client.get("/find/?near=ol2+6aa")))


def test_filters_narrow_the_results_and_each_option_shows_its_count(client, world):
    soup = page(client.get("/find/?near=Royton&within=5&type=nursing&need=dementia&rating=good"))
    assert results(soup) == ["Damson Nursing Home", "Alder House"]
    labels = {label["for"]: label.text.strip() for label in soup.select("label")}
    assert labels["id_type_0"] == "Care home with nursing (2)"
    assert (
        labels["id_type_1"] == "Care home without nursing (2)"
    )  # Alder House, Cedar Lodge: Elm is Requires improvement
    assert soup.select_one("#id_type_0").has_attr("checked")
    assert soup.select_one("#id_rating_good").has_attr("checked")
    safe = soup.select_one("#id_safe")
    assert [o.text for o in safe.select("option")][:3] == [
        "Any rating",
        "Outstanding (0)",
        "Good or Outstanding (1)",
    ]


def test_results_are_paged_with_shareable_links(client, world):
    soup = page(client.get("/find/?near=Royton&within=20"))
    assert len(results(soup)) == 8 and not soup.select(".govuk-pagination")
    from carewatch.public.views import finder as view

    original = view.PAGE_SIZE
    view.PAGE_SIZE = 3
    try:
        soup = page(client.get("/find/?near=Royton&within=20&page=2"))
    finally:
        view.PAGE_SIZE = original
    assert len(results(soup)) == 3
    assert soup.select_one("ol.carewatch-results")["start"] == "4"
    assert soup.select_one(".govuk-pagination__next a")["href"] == "?near=Royton&within=20&page=3"


@pytest.mark.parametrize(
    ("query", "message", "field_id"),
    [
        ("near=", "Enter a postcode, town or council", "id_near"),
        ("near=Atlantis", "We could not find Atlantis", "id_near"),
        ("near=OL1+9ZZ", "We could not find the postcode OL1 9ZZ. Try the postcode district OL1", "id_near"),
        ("near=" + "a" * 201, "Postcode, town or council must be 200 characters or fewer", "id_near"),
        ("near=Royton&within=99", "Distance must be between 1 and 50 miles", "id_within"),
        ("near=Royton&within=0", "Distance must be between 1 and 50 miles", "id_within"),
        ("near=Royton&type=castle", "Choose a type of care from the list", "id_type_0"),
        ("near=Royton&need=pets", "Choose a need from the list", "id_need_0"),
        ("near=Royton&safe=best", "Choose a rating for Safe from the list", "id_safe"),
    ],
)
def test_bad_input_gets_an_error_summary_naming_the_field_never_the_whole_register(
    client, world, query, message, field_id
):
    soup = page(client.get(f"/find/?{query}"))
    assert soup.title.text.startswith("Error: Find care near you")
    assert any(e.startswith(message) for e in errors(soup)), errors(soup)
    assert soup.select_one(".govuk-error-summary__list a")["href"] == f"#{field_id}"
    assert not results(soup)


def test_a_postcode_outside_england_says_carewatch_covers_england_and_names_the_regulator(client, world):
    soup = page(client.get("/find/?near=EH1+1YZ"))
    assert errors(soup) == [
        "EH1 1YZ is in Scotland. carewatch covers care services in England only: find care services in Scotland"
        " from the Care Inspectorate"
    ]
    assert soup.select_one("#regulator a")["href"] == "https://www.careinspectorate.com"


def test_a_page_past_the_last_says_so_and_links_to_the_first(client, world):
    soup = page(client.get("/find/?near=Royton&within=3&page=7"))
    assert errors(soup) == ["There is no page 7: the results have 1 page"]
    assert soup.find("a", string="Go to the first page of results")["href"] == "?near=Royton&within=3"


def test_holds_the_quality_mark_keeps_services_with_a_current_award_and_shows_the_badge(client, world):
    from carewatch.register.models import Location
    from tests.recognition import quality_mark_factories as qf

    damson = Location.objects.get(name="Damson Nursing Home")
    qf.awarded(damson, today=TODAY, now=timezone.now())

    soup = page(client.get("/find/?near=Royton&within=5"))
    label = soup.find("label", attrs={"for": "id_quality_mark"}).get_text(strip=True)
    assert label == "Holds the council’s quality mark (1)"

    soup = page(client.get("/find/?near=Royton&within=5&quality_mark=yes"))
    assert results(soup) == ["Damson Nursing Home"]
    assert not soup.select(".govuk-inset-text")  # no "not held yet" note
    badge = soup.select_one('ol.carewatch-results [data-badge="quality-mark"]')
    assert badge is not None and "Oldham Quality Mark: Gold" in badge.get_text()


def test_has_vacancies_keeps_care_homes_with_a_free_bed_in_a_return_not_out_of_date(client, world):
    from carewatch.register.models import Location
    from tests.capacity import given as capacity

    now = timezone.now()
    damson, elm = (
        Location.objects.get(name="Damson Nursing Home"),
        Location.objects.get(name="Elm Residential Home"),
    )
    alder = Location.objects.get(name="Alder House")
    capacity.a_return(damson, None, now - timedelta(days=2), capacity.beds(capacity=30, occupied=28))
    capacity.a_return(elm, None, now - timedelta(days=1), capacity.beds(capacity=20, occupied=20))  # full
    capacity.a_return(alder, None, now - timedelta(days=30), capacity.beds(capacity=20, occupied=10))  # old

    soup = page(client.get("/find/?near=Royton&within=5"))
    box = soup.select_one("#id_vacancies")
    assert box is not None and not box.has_attr("checked")
    assert soup.find("label", attrs={"for": "id_vacancies"}).get_text(strip=True) == "Has vacancies (1)"

    soup = page(client.get("/find/?near=Royton&within=5&vacancies=yes"))
    assert results(soup) == ["Damson Nursing Home"]
    assert soup.select_one("#id_vacancies").has_attr("checked")
    assert not soup.select(".govuk-inset-text")  # no "not held yet" note
    badge = soup.select_one('ol.carewatch-results [data-badge="vacancies"]')
    assert badge is not None and "Has vacancies" in badge.get_text()


def test_signed_the_commitment_keeps_the_services_of_employers_that_signed(client, world):
    from carewatch.core.models import Organisation
    from carewatch.core.roles import OrganisationKind
    from carewatch.register.models import Location, Provider
    from tests.recognition import factories as rf

    # Every service in the world is Acme's but Birch Court, which another company takes over.
    other = Provider.objects.create(id="1-200000002", name="Beech Care Ltd")
    Location.objects.filter(name="Birch Court Home Care").update(provider=other)
    acme = Organisation.objects.create(
        kind=OrganisationKind.PROVIDER, name="Acme Care Ltd", provider_id="1-200000001"
    )
    today = timezone.localdate()
    rf.signed(
        acme, rf.manager_of(acme), signed_on=today, due_on=today + timedelta(days=90), now=timezone.now()
    )

    everyone = results(page(client.get("/find/?near=Royton&within=5")))
    soup = page(client.get("/find/?near=Royton&within=5&commitment=yes"))
    signed = results(soup)
    assert "Birch Court Home Care" in everyone
    assert sorted(signed) == sorted(name for name in everyone if name != "Birch Court Home Care")
    label = soup.find("label", attrs={"for": "id_commitment"}).get_text(strip=True)
    assert label == f"Signed the Social Care Commitment ({len(signed)})"
    for item in soup.select("ol.carewatch-results > li"):
        assert "Signed the Social Care Commitment" in item.get_text()


def test_the_home_page_starts_with_find_care_near_you(client, world):
    soup = page(client.get("/"))
    form = soup.select("form")[0]
    assert form["action"] == "/find/"
    assert form.select_one("input[name=near]") and form.select_one("input[name=within]")


@pytest.fixture
def world_for_reading(transactional_db, monkeypatch):
    build_world()
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def test_the_finder_works_from_a_read_only_database(client, world_for_reading, read_only_database):
    soup = page(client.get("/find/?near=Royton&within=5&type=nursing"))
    assert results(soup) == ["Damson Nursing Home", "Alder House"]
