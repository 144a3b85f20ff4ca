"""Each council configures its ladder; editing saves a new version and never rewrites existing cases."""

from dataclasses import replace
from datetime import date

import pytest

from carewatch.cases import errors, ladder, queries, services
from carewatch.cases.models import LadderVersion, Level
from carewatch.core.models import AuditEntry
from tests.cases import factories as f
from tests.cases import given

NOW = given.OPENED_AT


def edited(spec: ladder.LadderSpec, code: str, **changes) -> ladder.LadderSpec:
    levels = tuple(replace(level, **changes) if level.code == code else level for level in spec.levels)
    return replace(spec, levels=levels)


def with_timescale(
    spec: ladder.LadderSpec, key: str, number: int, unit: str | None = None
) -> ladder.LadderSpec:
    levels = []
    for level in spec.levels:
        timescales = tuple(
            replace(t, number=number, unit=unit or t.unit) if t.key == key else t for t in level.timescales
        )
        levels.append(replace(level, timescales=timescales))
    return replace(spec, levels=tuple(levels))


def test_the_default_template_becomes_version_1_on_first_use(world):
    assert queries.current_ladder(world.council) is None
    version = services.ensure_ladder(organisation=world.council, now=NOW)
    assert (version.number, version.created_by) == (1, None)
    assert [level.code for level in version.levels.order_by("id")] == list(ladder.ORDER[:4]) + ["R", "4", "5"]
    assert queries.level_of(given.open_case(world), "4").name == "Suspension of new placements (embargo)"
    assert queries.ladder_spec(version) == ladder.DEFAULT_TEMPLATE
    assert services.ensure_ladder(organisation=world.council, now=NOW) == version
    assert AuditEntry.objects.filter(action="ladder.default_created").count() == 1


def test_the_default_timescales_are_the_sourced_ones(world):
    version = services.ensure_ladder(organisation=world.council, now=NOW)
    timescales = {t.key: (t.number, t.unit, t.source) for t in version.timescales.all()}
    assert timescales[ladder.ACTION_PLAN_DUE] == (14, "calendar", "Norfolk PAMMS")
    assert timescales[ladder.SUSPENSION_LETTER_DUE] == (7, "working", "Hertfordshire")
    assert timescales[ladder.SUSPENSION_REVIEW] == (28, "calendar", "Hertfordshire")
    assert timescales[ladder.SUSPENSION_APPEAL] == (5, "working", "Hertfordshire")
    assert timescales[ladder.REINSPECTION_DUE] == (6, "months", "CQC special measures")
    assert version.default_notice_limit == 5


def test_a_council_editing_its_ladder_does_not_change_an_existing_cases_levels(world):
    case = given.open_case(world, level="2")
    spec = queries.ladder_spec(queries.current_ladder(world.council))
    spec = edited(spec, "2", name="Quality support", entry_criteria="Two or more amber indicators")
    spec = with_timescale(spec, ladder.ACTION_PLAN_DUE, 21)
    v2 = services.save_ladder(
        actor=world.admin, organisation=world.council, spec=spec, note="Renamed level 2", now=NOW
    )

    case.refresh_from_db()
    assert case.ladder.number == 1
    assert queries.level_of(case).name == "Enhanced monitoring / quality support"
    action = services.add_action(
        actor=world.officer, case=case, kind="action_plan", owner=world.officer, now=NOW
    )
    assert action.due_on == date(2026, 3, 16)  # 14 days, from version 1

    newer = given.open_case(world, level="2", locations=[f.location(world.council)])
    assert newer.ladder == v2
    assert queries.level_of(newer).name == "Quality support"
    later = services.add_action(
        actor=world.officer, case=newer, kind="action_plan", owner=world.officer, now=NOW
    )
    assert later.due_on == date(2026, 3, 23)  # 21 days, from version 2


def test_saved_versions_are_never_changed(world):
    version = services.ensure_ladder(organisation=world.council, now=NOW)
    level = Level.objects.filter(ladder=version).first()
    level.name = "Changed in place"
    with pytest.raises(PermissionError):
        level.save()
    with pytest.raises(PermissionError):
        LadderVersion.objects.get(pk=version.pk).delete()


def test_only_the_councils_administrator_edits_the_ladder(world):
    spec = ladder.DEFAULT_TEMPLATE
    with pytest.raises(errors.NotPermitted):
        services.save_ladder(actor=world.manager, organisation=world.council, spec=spec, now=NOW)
    rochdale = f.council("E08000005")
    with pytest.raises(errors.NotPermitted):
        services.save_ladder(actor=f.admin(rochdale), organisation=world.council, spec=spec, now=NOW)


def test_a_ladder_with_a_level_or_a_required_timescale_missing_is_refused(world):
    spec = ladder.DEFAULT_TEMPLATE
    without_five = replace(spec, levels=tuple(level for level in spec.levels if level.code != "5"))
    with pytest.raises(errors.InvalidLadder, match="exactly the levels"):
        services.save_ladder(actor=world.admin, organisation=world.council, spec=without_five, now=NOW)
    no_letter = edited(spec, "4", timescales=())
    with pytest.raises(errors.InvalidLadder, match="suspension_letter_due"):
        services.save_ladder(actor=world.admin, organisation=world.council, spec=no_letter, now=NOW)
    with pytest.raises(errors.InvalidLadder, match="name"):
        services.save_ladder(
            actor=world.admin, organisation=world.council, spec=edited(spec, "1", name=" "), now=NOW
        )


def test_the_trigger_settings_are_configurable(world):
    spec = replace(
        ladder.DEFAULT_TEMPLATE,
        safeguarding_concerns_threshold=5,
        safeguarding_period_days=30,
        default_notice_limit=3,
    )
    version = services.save_ladder(actor=world.admin, organisation=world.council, spec=spec, now=NOW)
    assert (version.number, version.safeguarding_concerns_threshold, version.safeguarding_period_days) == (
        2,
        5,
        30,
    )
    assert version.default_notice_limit == 3


# --- the calendar the ladder counts working days with ------------------------------------------------


def test_a_council_closure_day_moves_that_councils_working_day_deadlines_only(world):
    services.add_bank_holiday(
        actor=world.admin,
        organisation=world.council,
        falls_on=date(2026, 3, 4),
        name="Council closure day",
        now=NOW,
    )
    assert date(2026, 3, 4) in queries.holidays_for(world.council)
    rochdale = f.council("E08000005")
    assert date(2026, 3, 4) not in queries.holidays_for(rochdale)
    case = given.open_case(world, level="4")  # Monday 2 March
    assert case.suspensions.get().letter_due_on == date(
        2026, 3, 12
    )  # 7 working days, one lost to the closure


def test_a_system_administrator_adds_a_new_bank_holiday_for_everyone(world):
    root = f.person(None, name="Root Admin")
    root.is_superuser = True
    root.save()
    services.add_bank_holiday(
        actor=root, organisation=None, falls_on=date(2029, 6, 1), name="A new one-off holiday", now=NOW
    )
    rochdale = f.council("E08000005")
    assert date(2029, 6, 1) in queries.holidays_for(rochdale)
    with pytest.raises(errors.NotPermitted):
        services.add_bank_holiday(
            actor=world.admin, organisation=None, falls_on=date(2029, 6, 4), name="x", now=NOW
        )


def test_a_bank_holiday_already_listed_or_on_a_weekend_is_refused(world):
    with pytest.raises(errors.InvalidLadder, match="already an England and Wales bank holiday"):
        services.add_bank_holiday(
            actor=world.admin, organisation=world.council, falls_on=date(2026, 12, 25), name="x", now=NOW
        )
    with pytest.raises(errors.InvalidLadder, match="weekend"):
        services.add_bank_holiday(
            actor=world.admin, organisation=world.council, falls_on=date(2026, 3, 7), name="x", now=NOW
        )
    services.add_bank_holiday(
        actor=world.admin, organisation=world.council, falls_on=date(2026, 3, 4), name="x", now=NOW
    )
    with pytest.raises(errors.InvalidLadder, match="already been added"):
        services.add_bank_holiday(
            actor=world.admin, organisation=world.council, falls_on=date(2026, 3, 4), name="y", now=NOW
        )
