"""Findings carry a theme from the council's list: suggested by the text model, confirmed by an officer."""

import pytest

from carewatch.core.models import AuditEntry
from carewatch.monitoring import errors, queries, services, themes
from carewatch.monitoring.models import Finding, Theme
from tests.monitoring import factories as f
from tests.monitoring import given

NOW = given.VISITED_AT
MEDICINES = "MAR charts had gaps for three residents and the medicines trolley was left unlocked."


def test_the_labelled_set_has_at_least_300_findings_and_16_to_20_for_every_default_theme():
    rows = themes.labelled_findings()
    assert len(rows) >= 300
    counts = {slug: sum(1 for row in rows if row.theme == slug) for slug in themes.DEFAULT_THEME_SLUGS}
    assert all(16 <= n <= 20 for n in counts.values()), counts
    assert len({row.text for row in rows}) == len(rows)


def test_the_default_theme_list_has_the_19_themes_of_the_issue(world):
    names = [t.name for t in queries.themes_for(world.council)]
    assert len(names) == 19
    assert {
        "Medicines",
        "Safeguarding",
        "End of life care",
        "Recruitment checks",
        "Communication with families",
    } <= set(names)
    assert [t.slug for t in Theme.objects.filter(safeguarding=True)] == ["safeguarding"]


def test_suggestions_come_from_the_default_list_with_probabilities_that_sum_to_one():
    ranked = themes.suggest_theme(MEDICINES, limit=None)
    assert {slug for slug, _ in ranked} == set(themes.DEFAULT_THEME_SLUGS)
    assert sum(p for _, p in ranked) == pytest.approx(1.0)
    assert ranked == sorted(ranked, key=lambda pair: (-pair[1], pair[0]))
    assert themes.suggest_theme(MEDICINES)[0][0] == "medicines" and len(themes.suggest_theme(MEDICINES)) == 3
    assert themes.suggest_theme("   ") == []


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Two carers started work before their DBS checks came back.", "recruitment-checks"),
        ("No DNACPR or advance care plan for a resident receiving palliative care.", "end-of-life-care"),
        ("Staff seen wearing the same gloves between residents; sluice dirty.", "infection-control"),
    ],
)
def test_a_clear_finding_has_its_theme_among_the_top_three(text, theme):
    assert theme in [slug for slug, _ in themes.suggest_theme(text)]


def test_adding_a_finding_suggests_a_theme_from_the_councils_list_for_the_officer_to_confirm(world):
    visit = given.visit(world)
    finding = given.finding(world, visit, MEDICINES, question="CH-13")
    assert (finding.statement_id, finding.question.code) == (8, "CH-13")
    assert finding.suggested_theme.slug == "medicines" and finding.theme == finding.suggested_theme
    assert 0 < finding.suggestion_confidence <= 1
    assert finding.theme_confirmed_at is None

    records = Theme.objects.get(organisation__isnull=True, slug="records")
    confirmed = services.confirm_finding_theme(finding=finding, actor=world.officer, theme=records, now=NOW)
    assert (confirmed.theme, confirmed.theme_confirmed_by, confirmed.theme_confirmed_at) == (
        records,
        world.officer,
        NOW,
    )
    assert confirmed.suggested_theme.slug == "medicines"
    assert (
        AuditEntry.objects.filter(
            action="monitoring.finding_theme_confirmed", object_id=str(finding.pk)
        ).count()
        == 1
    )


def test_a_theme_the_officer_chooses_is_confirmed_at_once(world):
    finding = given.finding(world, given.visit(world), MEDICINES, theme="records")
    assert finding.theme.slug == "records" and finding.theme_confirmed_by == world.officer


def test_a_finding_needs_text_a_severity_and_a_statement(world):
    visit = given.visit(world)
    for options, field in (
        ({"text": " "}, "text"),
        ({"severity": "urgent"}, "severity"),
        ({"statement_id": 35}, "statement_id"),
    ):
        with pytest.raises(errors.InvalidInput) as refused:
            services.add_finding(
                visit=visit,
                actor=world.officer,
                now=NOW,
                **{"text": MEDICINES, "severity": "high", "statement_id": 8, **options},
            )
        assert refused.value.field == field
    with pytest.raises(errors.InvalidInput) as refused:
        given.finding(world, visit, question="HC-01")
    assert refused.value.field == "question"


def test_suggestions_follow_the_councils_edited_list(world):
    visit = given.visit(world)
    early = given.finding(world, visit, MEDICINES)
    medicines = Theme.objects.get(organisation__isnull=True, slug="medicines")
    renamed = services.rename_theme(
        organisation=world.council, actor=world.manager, theme=medicines, name="Medicines management", now=NOW
    )
    early.refresh_from_db()
    assert (
        early.theme == renamed and renamed.organisation == world.council
    )  # past findings move onto the council's copy

    assert queries.suggest_themes_for(organisation=world.council, text=MEDICINES)[0][0] == renamed
    services.retire_theme(organisation=world.council, actor=world.manager, theme=renamed, now=NOW)
    suggested = [
        theme for theme, _ in queries.suggest_themes_for(organisation=world.council, text=MEDICINES, limit=19)
    ]
    assert renamed not in suggested and all(t.organisation == world.council for t in suggested)

    own = services.add_theme(organisation=world.council, actor=world.manager, name="Oral health", now=NOW)
    assert own in queries.themes_for(world.council) and own not in suggested
    with pytest.raises(errors.InvalidInput):
        given.finding(world, visit, theme=medicines)
    assert given.finding(world, visit, "Mouth care not recorded", theme=own).theme == own


def test_another_councils_list_is_untouched_by_an_edit(world):
    rochdale = f.council("E08000005")
    services.add_theme(organisation=world.council, actor=world.manager, name="Oral health", now=NOW)
    assert len(queries.themes_for(rochdale)) == 19 and all(
        t.organisation is None for t in queries.themes_for(rochdale)
    )


def test_only_qa_managers_and_administrators_edit_the_theme_list(world):
    with pytest.raises(errors.NotPermitted):
        services.add_theme(organisation=world.council, actor=world.officer, name="Oral health", now=NOW)


def test_a_finding_is_removed_from_a_draft_only(world):
    visit = given.visit(world)
    finding = given.finding(world, visit)
    services.remove_finding(finding=finding, actor=world.officer, now=NOW)
    assert not Finding.objects.filter(pk=finding.pk).exists()
