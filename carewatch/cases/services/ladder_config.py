"""A council's ladder (versioned) and its calendar of extra bank holidays."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction

from carewatch.cases import errors, ladder, queries
from carewatch.cases.models import ExtraBankHoliday, LadderVersion, Level, Timescale
from carewatch.cases.services import checks
from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.working_days import DayUnit, england_and_wales

# --- the ladder and its calendar ----------------------------------------------------------------


def _validate_spec(spec: ladder.LadderSpec) -> None:
    codes = [level.code for level in spec.levels]
    if sorted(codes) != sorted(ladder.ORDER):
        raise errors.InvalidLadder(
            f"A ladder has exactly the levels {', '.join(ladder.ORDER)}", field="levels"
        )
    keys: list[str] = []
    for level in spec.levels:
        if not level.name.strip():
            raise errors.InvalidLadder(
                f"Enter a name for level {level.code}", field=f"level_{level.code}_name"
            )
        if not level.entry_criteria.strip():
            raise errors.InvalidLadder(
                f"Enter the entry criteria for level {level.code}", field=f"level_{level.code}_entry_criteria"
            )
        for timescale in level.timescales:
            if timescale.unit not in {unit.value for unit in DayUnit}:
                raise errors.InvalidLadder(
                    f"Unknown unit {timescale.unit}", field=f"timescale_{timescale.key}"
                )
            if timescale.number < 0:
                raise errors.InvalidLadder(
                    "A timescale cannot be negative", field=f"timescale_{timescale.key}"
                )
            keys.append(timescale.key)
    if len(keys) != len(set(keys)):
        raise errors.InvalidLadder("Each timescale appears once", field="timescales")
    missing = ladder.REQUIRED_TIMESCALES - set(keys)
    if missing:
        raise errors.InvalidLadder(
            f"These timescales are needed: {', '.join(sorted(missing))}", field="timescales"
        )
    if (
        spec.default_notice_limit < 1
        or spec.safeguarding_concerns_threshold < 1
        or spec.safeguarding_period_days < 1
    ):
        raise errors.InvalidLadder("Limits and periods are at least 1", field="settings")


def _create_version(
    *,
    organisation: Organisation,
    number: int,
    spec: ladder.LadderSpec,
    actor: User | None,
    note: str,
    now: datetime,
) -> LadderVersion:
    version = LadderVersion.objects.create(
        organisation=organisation,
        number=number,
        created_at=now,
        created_by=actor,
        note=note,
        default_notice_limit=spec.default_notice_limit,
        safeguarding_concerns_threshold=spec.safeguarding_concerns_threshold,
        safeguarding_period_days=spec.safeguarding_period_days,
    )
    for level_spec in spec.levels:
        level = Level.objects.create(
            ladder=version,
            code=level_spec.code,
            name=level_spec.name.strip(),
            entry_criteria=level_spec.entry_criteria.strip(),
            exit_criteria=level_spec.exit_criteria.strip(),
            standard_actions=list(level_spec.standard_actions),
        )
        Timescale.objects.bulk_create(
            Timescale(
                ladder=version,
                level=level,
                key=t.key,
                label=t.label,
                number=t.number,
                unit=t.unit,
                source=t.source,
            )
            for t in level_spec.timescales
        )
    return version


def ladder_for(organisation: Organisation, *, now: datetime) -> tuple[LadderVersion, bool]:
    """The council's current ladder, creating the default template (version 1) on first use."""
    current = queries.current_ladder(organisation)
    if current is not None:
        return current, False
    checks.require_council(organisation)
    try:
        with transaction.atomic():
            version = _create_version(
                organisation=organisation,
                number=1,
                spec=ladder.DEFAULT_TEMPLATE,
                actor=None,
                note="The default template (docs/ladder.md)",
                now=now,
            )
    except IntegrityError:  # someone else created it at the same moment
        created = queries.current_ladder(organisation)
        if created is None:  # never: the unique constraint refused a second version 1
            raise
        return created, False
    return version, True


def ensure_ladder(*, organisation: Organisation, now: datetime) -> LadderVersion:
    """The council's current ladder version; the default template becomes version 1 on first use."""
    with transaction.atomic():
        version, created = ladder_for(organisation, now=now)
        if created:
            audit.write(
                now=now,
                actor=None,
                organisation=organisation,
                action="ladder.default_created",
                object_type="ladder_version",
                object_id=version.pk,
                after={"number": version.number},
            )
    return version


def save_ladder(
    *, actor: User, organisation: Organisation, spec: ladder.LadderSpec, note: str = "", now: datetime
) -> LadderVersion:
    """Save ``spec`` as the council's next ladder version. Existing cases keep the version they opened under."""
    checks.require_council(organisation)
    checks.require_admin(actor, organisation)
    _validate_spec(spec)
    with transaction.atomic():
        current, _ = ladder_for(organisation, now=now)
        try:
            with transaction.atomic():
                version = _create_version(
                    organisation=organisation,
                    number=current.number + 1,
                    spec=spec,
                    actor=actor,
                    note=note.strip(),
                    now=now,
                )
        except IntegrityError as exc:
            raise errors.InvalidLadder(
                "Someone else saved the ladder at the same moment: check their changes, then save yours again"
            ) from exc
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="ladder.saved",
            object_type="ladder_version",
            object_id=version.pk,
            before={"number": current.number},
            after={"number": version.number, "note": version.note},
        )
    return version


def add_bank_holiday(
    *, actor: User, organisation: Organisation | None, falls_on: date, name: str, now: datetime
) -> ExtraBankHoliday:
    """Add a non-working day: for one council, or (``organisation=None``, system administrators) for all."""
    checks.require_admin(actor, organisation)
    name = checks.require_reason(name, field="name")
    if falls_on in england_and_wales():
        raise errors.InvalidLadder("That day is already an England and Wales bank holiday", field="falls_on")
    if falls_on.weekday() >= 5:
        raise errors.InvalidLadder("That day is a weekend day: it is never a working day", field="falls_on")
    if queries.holiday_exists(falls_on=falls_on, organisation=organisation):
        raise errors.InvalidLadder("That day has already been added", field="falls_on")
    with transaction.atomic():
        holiday = ExtraBankHoliday.objects.create(
            organisation=organisation, falls_on=falls_on, name=name, created_at=now, created_by=actor
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="calendar.holiday_added",
            object_type="extra_bank_holiday",
            object_id=holiday.pk,
            after={"falls_on": falls_on.isoformat(), "name": name},
        )
    return holiday
