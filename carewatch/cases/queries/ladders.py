"""Reads of a council's ladder: its versions, levels and timescales, its calendar, and the deadlines they give."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from carewatch.cases import errors, ladder
from carewatch.cases.models import Case, ExtraBankHoliday, LadderVersion, Level, Timescale
from carewatch.core.models import Organisation
from carewatch.core.working_days import Holidays, add_days, england_and_wales, holidays_with


def holidays_for(organisation: Organisation | None) -> Holidays:
    """England and Wales bank holidays plus those added for everyone and for ``organisation``."""
    extra = ExtraBankHoliday.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
    return holidays_with(
        england_and_wales(), extra.order_by("falls_on", "id").values_list("falls_on", "name")
    )


def holiday_exists(*, falls_on: date, organisation: Organisation | None) -> bool:
    """Whether that day was already added (for ``organisation``, or for everyone when it is None)."""
    return ExtraBankHoliday.objects.filter(falls_on=falls_on, organisation=organisation).exists()


def current_ladder(organisation: Organisation) -> LadderVersion | None:
    """The council's latest ladder version (None before first use)."""
    return LadderVersion.objects.filter(organisation=organisation).order_by("-number").first()


def ladder_versions(organisation: Organisation) -> QuerySet[LadderVersion]:
    return (
        LadderVersion.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-number")
    )


def ladder_spec(version: LadderVersion) -> ladder.LadderSpec:
    """A saved version as a spec, for an edit form to start from (``services.save_ladder`` takes it back)."""
    levels = version.levels.prefetch_related("timescales")
    by_code = {level.code: level for level in levels}
    return ladder.LadderSpec(
        levels=tuple(
            ladder.LevelSpec(
                code=code,
                name=by_code[code].name,
                entry_criteria=by_code[code].entry_criteria,
                standard_actions=tuple(by_code[code].standard_actions),
                exit_criteria=by_code[code].exit_criteria,
                timescales=tuple(
                    ladder.TimescaleSpec(
                        key=t.key, label=t.label, number=t.number, unit=t.unit, source=t.source
                    )
                    for t in sorted(by_code[code].timescales.all(), key=lambda t: t.id)
                ),
            )
            for code in ladder.ORDER
        ),
        default_notice_limit=version.default_notice_limit,
        safeguarding_concerns_threshold=version.safeguarding_concerns_threshold,
        safeguarding_period_days=version.safeguarding_period_days,
    )


def timescale(ladder_id: int, key: str) -> Timescale:
    try:
        return Timescale.objects.get(ladder_id=ladder_id, key=key)
    except Timescale.DoesNotExist as exc:
        raise errors.InvalidLadder(f"The ladder has no timescale {key}") from exc


def deadline(case: Case, key: str, start: date) -> date:
    """``start`` plus the case's ladder timescale ``key``, counted in the council's calendar."""
    row = timescale(case.ladder_id, key)
    return add_days(start, row.number, row.unit, holidays=holidays_for(case.organisation))


def appeal_until(case: Case, *, letter_on: date) -> date:
    """The last day the provider may appeal against a suspension: the ``suspension_appeal`` timescale
    (5 working days by default, Hertfordshire) counted from ``letter_on``, the date of the suspension
    letter. The one rule (docs/ladder.md, "Deadlines and their sources"): the suspension stores it, the
    case page shows it and the letter says it. ``letter_on`` is the day the letter is issued or recorded
    as sent; until then, the day it is due."""
    return deadline(case, ladder.SUSPENSION_APPEAL, letter_on)


def level_of(case: Case, code: str | None = None) -> Level:
    """The :class:`~carewatch.cases.models.Level` row (name, criteria) from the ladder the case opened under."""
    return case.ladder.levels.get(code=code or case.level)
