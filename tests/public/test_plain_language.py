"""The words a family reads on the choosing pages read at about age 9 (docs/public.md, "Plain language").

Measured with textstat's Flesch-Kincaid grade on the prose only: paragraphs, list items and headings,
not tables, service names or ids. The limit is US grade 5 (reading age about 10, UK Year 5), with most
prose at grade 4 or below: a grade is a school year, so reading age is about grade + 5, and an average
over short texts wobbles by about a grade, so the limit sits one grade above the target of age 9.
"""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from textstat.textstat import textstatistics

from carewatch.public import presenters
from carewatch.register import models as register
from tests.cases import factories as f
from tests.pages import page
from tests.public.test_service_page import home_with_history, report

pytestmark = pytest.mark.django_db

GRADE_LIMIT = 5.0
PROSE = "p, li, h1, h2, h3, legend, .govuk-hint"


def prose(soup: BeautifulSoup, *selectors: str) -> str:
    """The sentences inside ``selectors`` (tables and forms' hidden parts left out), one per block."""
    blocks: list[str] = []
    for selector in selectors:
        for container in soup.select(selector):
            for element in container.select(PROSE) if container.name not in ("p", "li") else [container]:
                if element.find_parent("table") or element.select(PROSE):
                    continue  # a table's cells, or a block whose own blocks are counted
                words = " ".join(element.get_text(" ").split())
                if words:
                    blocks.append(words if words[-1] in ".?!:" else words + ".")
    assert blocks, f"no prose found in {selectors}"
    return " ".join(blocks)


# British English syllables from Pyphen's en_GB dictionary (en_US would use the CMU dictionary, which in
# textstat 0.7.5 fails on a word it does not know).
_TEXTSTAT = textstatistics()
_TEXTSTAT.set_lang("en_GB")


def grade(words: str) -> float:
    return _TEXTSTAT.flesch_kincaid_grade(words)


def assert_plain(words: str) -> None:
    measured = grade(words)
    assert measured <= GRADE_LIMIT, f"Flesch-Kincaid grade {measured} > {GRADE_LIMIT}: {words}"


def test_the_measure_tells_plain_from_hard_words():
    assert grade("We will ring you. Come and see the home.") <= GRADE_LIMIT
    assert (
        grade(
            "Commissioners' contractual arrangements necessitate comprehensive organisational "
            "accountability notwithstanding jurisdictional considerations."
        )
        > GRADE_LIMIT
    )


def test_the_questions_to_ask_page_is_plain():
    soup = page(Client().get(reverse("public:questions_to_ask")))
    assert_plain(prose(soup, "main"))


@pytest.mark.parametrize("section", presenters.SECTIONS, ids=lambda section: section.slug)
def test_each_section_of_questions_is_plain_on_its_own(section):
    assert_plain(" ".join([section.intro, *section.questions, *section.look_for]))


def test_the_service_page_summary_and_questions_are_plain():
    home = home_with_history()
    soup = page(Client().get(reverse("public:location_detail", kwargs={"location_id": home.pk})))
    assert_plain(prose(soup, "#summary", "#questions-to-ask"))


@pytest.mark.parametrize(
    "case", ["not rated", "inherited", "several changes", "inspected not rated", "rated per service"]
)
def test_every_kind_of_summary_is_plain(case):
    from carewatch.register import queries, summaries

    home = f.location(rating="")
    if case == "inherited":
        report(home, date(2021, 4, 1), "Good", current=True, safe="Good")
        register.Rating.objects.filter(location=home).update(inherited=True)
    elif case == "several changes":
        report(home, date(2019, 1, 1), "Inadequate", safe="Inadequate", well_led="Inadequate")
        report(home, date(2021, 1, 1), "Requires improvement", safe="Requires improvement", well_led="Good")
        report(home, date(2024, 1, 1), "Good", current=True, safe="Good", well_led="Requires improvement")
    elif case == "inspected not rated":
        report(home, date(2024, 1, 1), "Inspected but not rated", current=True)
    elif case == "rated per service":
        rating = report(home, date(2025, 1, 1), "Not Rated", current=True)
        rating.services = [{"service": "Homecare agencies", "rating": "Good", "report_on": "2025-01-01"}]
        rating.save()
    sentences = summaries.plain_summary(queries.location_with_history(home.pk))
    assert_plain(" ".join(sentences))


def test_the_compare_page_is_plain():
    oak, birch = f.location(name="Oak House"), f.location(name="Birch Lodge")
    soup = page(Client().get(reverse("public:compare"), {"id": [oak.pk, birch.pk, "1-999999999"]}))
    assert_plain(prose(soup, "main > p", "#unknown-ids"))
    empty = page(Client().get(reverse("public:compare")))
    assert_plain(prose(empty, "main > p"))


def test_the_shortlist_page_is_plain():
    client = Client()
    empty = page(client.get(reverse("public:shortlist")))
    assert_plain(prose(empty, "main p"))
    for home in (f.location(name="Oak House"), f.location(name="Birch Lodge")):
        client.post(reverse("public:shortlist"), {"action": "add", "id": home.pk})
    listed = page(client.get(reverse("public:shortlist")))
    assert_plain(prose(listed, "#shortlist-intro", "#share-title", "#share-title + p"))


def test_the_open_data_introduction_is_plain():
    soup = page(Client().get(reverse("public:open_data")))
    words = prose(soup, "#open-data-intro") + " " + " ".join(d.description for d in presenters.DATASETS)
    assert_plain(words)


def test_the_finder_and_the_home_page_are_plain(transactional_db):
    from tests.register.finder_world import build_world

    build_world()
    home = page(Client().get(reverse("public:home")))
    assert_plain(prose(home, "main"))
    found = page(Client().get(reverse("public:find"), {"near": "Royton", "within": "5"}))
    assert_plain(prose(found, "main"))
    unknown = page(Client().get(reverse("public:find"), {"near": "Nowhere Town"}))
    assert_plain(prose(unknown, "main"))
