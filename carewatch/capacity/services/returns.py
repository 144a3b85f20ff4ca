"""Capacity returns: a provider reports its beds, home care and staffing (docs/capacity.md, "Returns").

One rule set for every channel (the web form, a CSV upload, the API): :func:`check_figures` names each
field at fault, and :func:`submit_return` refuses what it finds. A return is history: each is a new
row, never changed; saving the same figures again is a return too (``unchanged``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db import transaction
from django.db.models import OuterRef, Subquery

from carewatch.capacity.errors import FileRefused, InvalidInput, NotPermitted, Problem
from carewatch.capacity.models import BedReturn, CapacityReturn
from carewatch.capacity.services.csvfiles import read_rows
from carewatch.capacity.vocabulary import BedType, Channel
from carewatch.core import audit
from carewatch.core.models import User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.register.models import Location

REPORTERS = (Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF)
STAFF_FIELDS = (
    "nurses_direct",
    "nurses_agency",
    "care_staff_direct",
    "care_staff_agency",
    "other_staff_direct",
    "other_staff_agency",
)


@dataclass(frozen=True)
class BedFigures:
    bed_type: str
    capacity: int
    occupied: int
    vacant_accepting: int
    vacant_not_accepting: int = 0
    not_accepting_reason: str = ""
    closed: bool = False


@dataclass(frozen=True)
class ReturnFigures:
    beds: tuple[BedFigures, ...] = ()
    nil: bool = False
    people_supported: int | None = None
    hours_per_week: Decimal | None = None
    accepting_packages: bool | None = None
    package_areas: str = ""
    bariatric: bool | None = None
    nurses_direct: int | None = None
    nurses_agency: int | None = None
    care_staff_direct: int | None = None
    care_staff_agency: int | None = None
    other_staff_direct: int | None = None
    other_staff_agency: int | None = None

    def key(self) -> tuple[object, ...]:
        """What must match for a return to be "unchanged" from the one before (plain tuples: a national
        file compares tens of thousands)."""
        beds = tuple(sorted((tuple(getattr(bed, name) for name in BED_FIELDS) for bed in self.beds), key=str))
        return (beds, tuple(str(getattr(self, name)) for name in RETURN_FIELDS))


BED_FIELDS = tuple(f.name for f in fields(BedFigures))
RETURN_FIELDS = tuple(f.name for f in fields(ReturnFigures) if f.name != "beds")


BED_LABELS: dict[str, str] = dict(BedType.choices)  # read once: a national file checks tens of thousands
MOST = 100_000  # no service has more beds, people or staff: a larger number is a typing slip
MOST_HOURS = 10_000_000
NUMBER_WORDS = {
    "capacity": "maximum capacity",
    "occupied": "occupied beds",
    "vacant_accepting": "vacant beds accepting admissions",
    "vacant_not_accepting": "vacant beds not accepting admissions",
}


def check_figures(figures: ReturnFigures) -> list[tuple[str, str]]:
    """Every problem with ``figures`` as (field, message); fields of a bed type are ``<bed_type>-<figure>``."""
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for bed in figures.beds:
        if bed.bed_type not in BED_LABELS:
            problems.append(("bed_type", f"{bed.bed_type} is not a bed type"))
            continue
        label = BED_LABELS[bed.bed_type]
        if bed.bed_type in seen:
            problems.append((f"{bed.bed_type}-capacity", f"{label}: give each bed type once"))
            continue
        seen.add(bed.bed_type)
        negative = False
        for name, words in NUMBER_WORDS.items():
            if getattr(bed, name) < 0:
                problems.append((f"{bed.bed_type}-{name}", f"{label}: {words} must be 0 or more"))
                negative = True
        for name, words in NUMBER_WORDS.items():
            if getattr(bed, name) > MOST:
                problems.append((f"{bed.bed_type}-{name}", f"{label}: {words} must be {MOST:,} or fewer"))
                negative = True
        if negative:
            continue
        if bed.occupied > bed.capacity:
            problems.append(
                (
                    f"{bed.bed_type}-occupied",
                    f"{label}: occupied beds cannot be more than the maximum capacity ({bed.capacity})",
                )
            )
            continue
        vacant = bed.capacity - bed.occupied
        if bed.vacant_accepting + bed.vacant_not_accepting != vacant:
            problems.append(
                (
                    f"{bed.bed_type}-vacant_accepting",
                    f"{label}: vacant beds accepting and not accepting admissions must add up to {vacant}"
                    " (maximum capacity less occupied beds)",
                )
            )
        if bed.closed and bed.vacant_accepting:
            problems.append(
                (f"{bed.bed_type}-vacant_accepting", f"{label}: a closed bed type cannot accept admissions")
            )
        if bed.vacant_not_accepting and not bed.not_accepting_reason.strip():
            problems.append(
                (
                    f"{bed.bed_type}-not_accepting_reason",
                    f"{label}: say why vacant beds are not accepting admissions",
                )
            )
    if figures.people_supported is not None and not 0 <= figures.people_supported <= MOST:
        problems.append(("people_supported", f"People supported must be between 0 and {MOST:,}"))
    if figures.hours_per_week is not None and not (
        figures.hours_per_week.is_finite() and 0 <= figures.hours_per_week <= MOST_HOURS
    ):
        problems.append(("hours_per_week", f"Hours of care a week must be between 0 and {MOST_HOURS:,}"))
    for name in STAFF_FIELDS:
        value = getattr(figures, name)
        if value is not None and not 0 <= value <= MOST:
            problems.append((name, f"{name.replace('_', ' ').capitalize()} must be between 0 and {MOST:,}"))
    if figures.nil:
        if any(bed.occupied for bed in figures.beds) or figures.people_supported:
            problems.append(
                (
                    "nil",
                    "A nil return means nobody is supported: occupied beds and people supported must be 0",
                )
            )
    elif not figures.beds and figures.people_supported is None:
        problems.append(
            (
                "nil",
                "Enter your beds or the people you support, or say that nobody is supported (a nil return)",
            )
        )
    return problems


def _check_reporter(actor: User | None, location: Location) -> None:
    if actor is None:
        return  # operators' commands and the demo generator (they pass a label)
    organisation = actor.organisation
    if (
        organisation is None
        or organisation.kind != OrganisationKind.PROVIDER
        or organisation.provider_id != location.provider_id
        or not actor.has_role(*REPORTERS)
    ):
        raise NotPermitted("Only the provider's own staff report its capacity", field="location")


def _check_location(location: Location) -> None:
    if not location.adult_social_care:
        raise InvalidInput(f"{location.name} is not an adult social care service", field="location")
    if not location.is_active:
        raise InvalidInput(
            f"{location.name} is not an active service (deregistered or dormant): it files no returns",
            field="location",
        )


def _previous_keys(location_ids: list[str]) -> dict[str, tuple[object, ...]]:
    """Each location's latest return as ``ReturnFigures.key()``: three queries for each 2,000 locations,
    rows read as plain values (a national file of every service)."""
    keys: dict[str, tuple[object, ...]] = {}
    for start in range(0, len(location_ids), SAVE_BATCH):
        chunk = location_ids[start : start + SAVE_BATCH]
        newest = CapacityReturn.objects.filter(location_id=OuterRef("pk")).order_by("-reported_at", "-id")
        ids = (
            Location.objects.filter(pk__in=chunk)
            .annotate(latest_id=Subquery(newest.values("id")[:1]))
            .filter(latest_id__isnull=False)
            .values_list("latest_id", flat=True)
        )
        returns = {
            row[0]: row[1:]
            for row in CapacityReturn.objects.filter(pk__in=list(ids)).values_list(
                "id", "location_id", *RETURN_FIELDS
            )
        }
        beds: dict[int, list[BedFigures]] = {}
        for return_id, *values in BedReturn.objects.filter(capacity_return_id__in=list(returns)).values_list(
            "capacity_return_id", *BED_FIELDS
        ):
            beds.setdefault(return_id, []).append(BedFigures(*values))
        for return_id, (location_id, *values) in returns.items():
            figures = ReturnFigures(
                beds=tuple(beds.get(return_id, ())), **dict(zip(RETURN_FIELDS, values, strict=True))
            )
            keys[location_id] = figures.key()
    return keys


SAVE_BATCH = 2000


def _save_many(
    checked: list[tuple[Location, ReturnFigures]], actor: User | None, label: str, channel: str, now: datetime
) -> list[CapacityReturn]:
    """A new return for each (location, figures), "unchanged" when the figures are those of the location's
    latest return: bulk inserts, so a national file of every service saves in seconds."""
    previous = _previous_keys([location.pk for location, _ in checked])
    reported_by_label = audit.actor_label(actor, fallback=label)
    created: list[CapacityReturn] = []
    for start in range(0, len(checked), SAVE_BATCH):
        chunk = checked[start : start + SAVE_BATCH]
        rows = []
        for location, figures in chunk:
            before = previous.get(location.pk)
            values = {f.name: getattr(figures, f.name) for f in fields(ReturnFigures) if f.name != "beds"}
            values["package_areas"] = (values["package_areas"] or "").strip()[:500]
            rows.append(
                CapacityReturn(
                    location=location,
                    reported_at=now,
                    reported_by=actor,
                    reported_by_label=reported_by_label,
                    channel=channel,
                    unchanged=before is not None and before == figures.key(),
                    **values,
                )
            )
        saved = CapacityReturn.objects.bulk_create(rows)
        BedReturn.objects.bulk_create(
            BedReturn(
                capacity_return_id=row.pk,
                bed_type=bed.bed_type,
                capacity=bed.capacity,
                occupied=bed.occupied,
                vacant_accepting=bed.vacant_accepting,
                vacant_not_accepting=bed.vacant_not_accepting,
                not_accepting_reason=bed.not_accepting_reason.strip()[:200],
                closed=bed.closed,
            )
            for row, (_location, figures) in zip(saved, chunk, strict=True)
            for bed in figures.beds
        )
        created += saved
    return created


def _save(
    location: Location, actor: User | None, label: str, figures: ReturnFigures, channel: str, now: datetime
) -> CapacityReturn:
    return _save_many([(location, figures)], actor, label, channel, now)[0]


def _audit_after(row: CapacityReturn, figures: ReturnFigures) -> dict[str, object]:
    return {
        "location": row.location_id,
        "channel": row.channel,
        "nil": row.nil,
        "unchanged": row.unchanged,
        "beds": {
            b.bed_type: [b.capacity, b.occupied, b.vacant_accepting, b.vacant_not_accepting]
            for b in figures.beds
        },
        "people_supported": row.people_supported,
        "bariatric": row.bariatric,
    }


def submit_return(
    *,
    location: Location,
    actor: User | None,
    figures: ReturnFigures,
    channel: str,
    now: datetime,
    label: str = "carewatch",
) -> CapacityReturn:
    """File one return for ``location``: refused (naming the field) unless the figures add up, the location
    is an active adult social care service and ``actor`` works for its provider."""
    if channel not in Channel.values:
        raise InvalidInput(f"{channel} is not a way to file a return", field="channel")
    _check_reporter(actor, location)
    _check_location(location)
    problems = check_figures(figures)
    if problems:
        name, message = problems[0]
        raise InvalidInput(message, field=name)
    with transaction.atomic():
        created = _save(location, actor, label, figures, channel, now)
        audit.write(
            now=now,
            actor=actor,
            organisation=actor.organisation if actor is not None else None,
            action="capacity.return_submitted",
            object_type="capacity_return",
            object_id=created.pk,
            after=_audit_after(created, figures),
            label=None if actor is not None else label,
        )
    return created


# --- CSV upload ------------------------------------------------------------------------------------

BED_COLUMNS = (
    "max_capacity",
    "occupied",
    "vacant_accepting",
    "vacant_not_accepting",
    "not_accepting_reason",
    "closed",
)
LOCATION_COLUMNS = (
    "nil",
    "people_supported",
    "hours_per_week",
    "accepting_packages",
    "package_areas",
    "bariatric",
    *STAFF_FIELDS,
)
RETURN_COLUMNS = ("location_id", "bed_type", *BED_COLUMNS, *LOCATION_COLUMNS)
YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0", ""}
BED_WORDS = {**{b: b for b in BedType.values}, **{label.lower(): value for value, label in BedType.choices}}


def _whole(
    value: str, line: int, name: str, problems: list[Problem], *, default: int | None = None
) -> int | None:
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        problems.append(Problem(line, name, f"{value} is not a whole number"))
        return default


def _yes_no(value: str, line: int, name: str, problems: list[Problem]) -> bool | None:
    word = value.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False if word else None
    problems.append(Problem(line, name, f"{value} is not yes or no"))
    return None


@dataclass(frozen=True)
class ReturnImport:
    returns: list[CapacityReturn]


def _group(
    rows: list[tuple[int, dict[str, str]]], problems: list[Problem]
) -> dict[str, tuple[int, ReturnFigures]]:
    """One :class:`ReturnFigures` per location in the file (its first line, the figures)."""
    beds: dict[str, list[BedFigures]] = {}
    location_values: dict[str, dict[str, object]] = {}
    first_line: dict[str, int] = {}
    for line, row in rows:
        location_id = row.get("location_id", "")
        if not location_id:
            problems.append(Problem(line, "location_id", "Enter the CQC location ID"))
            continue
        first_line.setdefault(location_id, line)
        bed_word = row.get("bed_type", "").strip().lower()
        if bed_word:
            bed_type = BED_WORDS.get(bed_word)
            if bed_type is None:
                problems.append(Problem(line, "bed_type", f"{row['bed_type']} is not a bed type"))
            else:
                before = len(problems)
                numbers = {
                    name: _whole(row.get(column, ""), line, column, problems, default=None)
                    for name, column in (
                        ("capacity", "max_capacity"),
                        ("occupied", "occupied"),
                        ("vacant_accepting", "vacant_accepting"),
                        ("vacant_not_accepting", "vacant_not_accepting"),
                    )
                }
                closed = _yes_no(row.get("closed", ""), line, "closed", problems)
                if len(problems) == before:
                    capacity, occupied = numbers["capacity"] or 0, numbers["occupied"] or 0
                    not_accepting = numbers["vacant_not_accepting"] or 0
                    if closed and numbers["vacant_not_accepting"] is None:
                        not_accepting = max(capacity - occupied, 0)
                    if numbers["vacant_accepting"] is None:  # worked out, as on the web form
                        numbers["vacant_accepting"] = max(capacity - occupied - not_accepting, 0)
                    numbers["vacant_not_accepting"] = not_accepting
                    bed = BedFigures(
                        bed_type=bed_type,
                        not_accepting_reason=row.get("not_accepting_reason", ""),
                        closed=bool(closed),
                        **{k: int(v or 0) for k, v in numbers.items()},
                    )
                    for name, message in check_figures(ReturnFigures(beds=(bed,), nil=True)):
                        if name != "nil":
                            problems.append(
                                Problem(
                                    line, name.split("-")[-1].replace("capacity", "max_capacity"), message
                                )
                            )
                    beds.setdefault(location_id, []).append(bed)
        values = location_values.setdefault(location_id, {})
        parsed: dict[str, object] = {}
        if row.get("nil", ""):
            parsed["nil"] = _yes_no(row["nil"], line, "nil", problems)
        if row.get("accepting_packages", ""):
            parsed["accepting_packages"] = _yes_no(
                row["accepting_packages"], line, "accepting_packages", problems
            )
        if row.get("bariatric", ""):
            parsed["bariatric"] = _yes_no(row["bariatric"], line, "bariatric", problems)
        if row.get("package_areas", ""):
            parsed["package_areas"] = row["package_areas"]
        if row.get("hours_per_week", ""):
            try:
                hours = Decimal(row["hours_per_week"])
            except InvalidOperation:
                hours = Decimal("NaN")
            if hours.is_finite():
                parsed["hours_per_week"] = hours
            else:
                problems.append(Problem(line, "hours_per_week", f"{row['hours_per_week']} is not a number"))
        for name in ("people_supported", *STAFF_FIELDS):
            if row.get(name, ""):
                parsed[name] = _whole(row[name], line, name, problems)
        for name, value in parsed.items():
            if name in values and values[name] != value:
                problems.append(
                    Problem(line, name, f"differs from the value on line {first_line[location_id]}")
                )
            values[name] = value
    result: dict[str, tuple[int, ReturnFigures]] = {}
    for location_id, line in first_line.items():
        values = location_values.get(location_id, {})
        result[location_id] = (
            line,
            ReturnFigures(beds=tuple(beds.get(location_id, [])), **values),  # type: ignore[arg-type]
        )
    return result


def import_returns(
    *, actor: User | None, file: IO[bytes] | bytes, now: datetime, label: str = "carewatch"
) -> ReturnImport:
    """A return for each location in a CSV file (one line per location and bed type; docs/capacity.md,
    "Return files"), all or none: every problem is named by line and field. ``actor`` None is an
    operator loading a file of many providers' returns (named by ``label``), as for ``submit_return``."""
    rows = read_rows(file, required=("location_id",), known=RETURN_COLUMNS)
    problems: list[Problem] = []
    grouped = _group(rows, problems)
    found = {loc.pk: loc for loc in Location.objects.filter(pk__in=list(grouped))}
    checked: list[tuple[Location, ReturnFigures]] = []
    for location_id, (line, figures) in grouped.items():
        location = found.get(location_id)
        if location is None:
            problems.append(
                Problem(line, "location_id", f"No location in the CQC register has the ID {location_id}")
            )
            continue
        try:
            _check_reporter(actor, location)
            _check_location(location)
        except (NotPermitted, InvalidInput) as error:
            problems.append(Problem(line, "location_id", error.message))
            continue
        # Each bed line was checked as it was read; here what concerns the location as a whole.
        for name, message in check_figures(figures):
            if "-" not in name or "once" in message:
                problems.append(Problem(line, name.split("-")[-1].replace("capacity", "bed_type"), message))
        checked.append((location, figures))
    if problems:
        raise FileRefused(sorted(problems, key=lambda p: p.line))
    with transaction.atomic():
        created = _save_many(checked, actor, label, Channel.CSV, now)
        audit.write(
            now=now,
            actor=actor,
            organisation=actor.organisation if actor is not None else None,
            action="capacity.returns_imported",
            object_type="capacity_return",
            object_id=",".join(str(row.pk) for row in created)[:100],
            after={"locations": [row.location_id for row in created]},
            label=None if actor is not None else label,
        )
    return ReturnImport(returns=created)
