"""What insights reads from the ladder of intervention: the cases panel, the commissioner's case
measures and the committee report's case columns, each only for the councils the reader may see."""

from datetime import date

import pytest

from carewatch.cases import figures, services
from carewatch.cases.models import Suspension
from carewatch.core import access
from carewatch.insights import areas, commissioner, presenters, reports, sources
from carewatch.insights.queries import dashboard
from tests.cases import factories as f

OLDHAM = areas.Area("la", "E08000004", "Oldham")
ON = date(2026, 3, 31)


def at(y, m, d):
    return f.at(y, m, d, 11)


@pytest.fixture
def ladder(db):
    """Oldham: case A (home1) opened at 1, suspended at 4, stepped down and closed; case B (home2)
    opened at 4 with its letter sent late; a plan done on time. Rochdale: one case at 3."""
    oldham = f.council()
    manager = f.manager(oldham)
    home1, home2 = (
        f.location(oldham, name="Oak House"),
        f.location(oldham, name="Elm House", rating="Inadequate"),
    )
    a = services.open_case(
        actor=manager, organisation=oldham, locations=[home1], level="1", reason="r", now=at(2025, 4, 1)
    )
    services.escalate_case(actor=manager, case=a, level="4", reason="r", seen_revision=1, now=at(2025, 5, 1))
    services.de_escalate_case(
        actor=manager, case=a, level="1", reason="r", seen_revision=2, now=at(2025, 7, 1)
    )
    services.close_case(actor=manager, case=a, reason="r", seen_revision=3, now=at(2025, 8, 1))
    b = services.open_case(
        actor=manager, organisation=oldham, locations=[home2], level="4", reason="r", now=at(2025, 10, 1)
    )
    letter = Suspension.objects.get(case=b)
    services.record_suspension_letter_sent(
        actor=manager, suspension=letter, sent_on=date(2025, 10, 30), now=at(2025, 10, 30)
    )
    action = services.add_action(
        actor=manager,
        case=b,
        kind="action_plan",
        owner=manager,
        due_on=date(2025, 11, 14),
        now=at(2025, 10, 2),
    )
    services.complete_action(actor=manager, action=action, done_on=date(2025, 11, 10), now=at(2025, 11, 10))
    rochdale = f.council("E08000005")
    services.open_case(
        actor=f.manager(rochdale),
        organisation=rochdale,
        locations=[f.location(rochdale)],
        level="3",
        reason="r",
        now=at(2025, 9, 1),
    )
    return oldham, rochdale, home1, home2


def test_the_cases_panel_adds_up_the_councils_the_reader_may_see(ladder):
    oldham, rochdale, _, _ = ladder
    panel = sources.case_panel(OLDHAM, on=ON, owners=access.OwnerScope.of([oldham.pk]))
    assert panel.as_dict() == {
        "councils": [oldham.name],
        "by_level": {"0": 0, "1": 0, "2": 0, "3": 0, "R": 0, "4": 1, "5": 0},
        "open_cases": 1,
        "opened_in_12_months": 2,
        "closed_in_12_months": 1,
        "escalated_in_12_months": 1,
        "stepped_down_in_12_months": 1,
        "suspensions_in_force": 1,
        "suspensions_started_in_12_months": 2,
    }
    assert isinstance(
        sources.case_panel(OLDHAM, on=ON, owners=access.OwnerScope.of([rochdale.pk])), sources.NoData
    )


def test_the_commissioner_case_measures_per_council(ladder):
    oldham, rochdale, _, _ = ladder
    assert dict(figures.improvement_days(on=ON, owners=access.NATIONAL)) == {oldham.pk: [122]}
    # five actions (a letter and a review for each suspension, and the plan) and the two suspension letters
    # were due; only the plan was done on time (a letter sent late, a suspension lifted before its review)
    assert figures.timeliness(on=ON, owners=access.NATIONAL) == {oldham.pk: (1, 7)}
    assert figures.timeliness(on=ON, owners=access.OwnerScope.of([rochdale.pk])) == {}
    rating = commissioner.rating_for(OLDHAM, as_of=ON, today=date(2026, 11, 2))
    measures = {m.spec.key: m for m in rating.measures}
    assert (measures["improvement_speed"].value, measures["improvement_speed"].base) == (122.0, 1)
    assert measures["timeliness"].detail == "1 of 7 on time"


def test_the_committee_report_shows_each_services_path_and_open_case(ladder):
    oldham, rochdale, home1, home2 = ladder
    paths = figures.ladder_path([home1.pk, home2.pk], owners=access.OwnerScope.of([oldham.pk]), until=ON)
    assert [(s.decision, s.level) for s in paths[home1.pk]] == [
        ("opened", "1"),
        ("escalated", "4"),
        ("de escalated", "1"),
        ("closed", ""),
    ]
    assert [s.on for s in paths[home2.pk]] == [date(2025, 10, 1)]
    assert figures.ladder_path([home1.pk], owners=access.OwnerScope.of([rochdale.pk]), until=ON) == {}
    report = reports.build(
        OLDHAM,
        date_from=date(2025, 4, 1),
        date_to=ON,
        today=date(2026, 11, 2),
        owners=access.OwnerScope.of([oldham.pk]),
    )
    concern = {row[0]: row for row in report.tables["concern"].rows}
    assert concern["Elm House"][5:] == ["4", "Yes"]
    inadequate = {row[0]: row for row in report.tables["inadequate"].rows}
    assert inadequate["Elm House"][3] == "1 October 2025 opened to level 4"
    assert report.tables["cases"].rows[-1] == ["Suspensions started in the period", 2]


def test_whose_records_a_dashboard_or_report_may_show_is_always_said():
    """No default opens access: leaving ``owners`` out is an error, not "every council"."""
    with pytest.raises(TypeError, match="owners"):
        dashboard.build(OLDHAM, service="all", as_of=None, today=ON)
    with pytest.raises(TypeError, match="owners"):
        reports.build(OLDHAM, date_from=date(2025, 4, 1), date_to=ON, today=ON)


def test_one_case_and_one_suspension_are_counted_in_the_singular(ladder):
    oldham, _, _, _ = ladder
    owners = access.OwnerScope.of([oldham.pk])
    report = reports.build(
        OLDHAM, date_from=date(2025, 9, 1), date_to=ON, today=date(2026, 11, 2), owners=owners
    )
    [cases] = [section for section in report.sections if section.id == "cases"]
    assert cases.intro == "1 case open at the end of the period; 1 opened and 0 closed in it."

    private = dashboard.Private(
        councils=[oldham.name],
        cases=sources.case_panel(OLDHAM, on=ON, owners=owners),
        visits=sources.NoData("none"),
        findings=sources.NoData("none"),
    )
    [panel, *_] = presenters._private(private)
    assert panel.summary.startswith(
        "1 open case on the ladder of intervention; 1 suspension of new placements in force"
    )
