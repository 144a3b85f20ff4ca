"""Shaping contracts, returns and vacancies for the pages and the CSV download. No writes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from carewatch.capacity import compliance, queries
from carewatch.capacity.models import CapacityReturn, Contract
from carewatch.capacity.services.contracts import CONTRACT_EDITORS
from carewatch.capacity.vocabulary import BedType, ContractKind, ReturnState
from carewatch.core.dates import long_date
from carewatch.core.tables import Table
from carewatch.core.working_days import england_and_wales

# The CSV download's columns: NHS Capacity Tracker names where known, else assumed (docs/capacity.md).
EXPORT_COLUMNS = [
    "CQC Location ID",
    "Location Name",
    "Local Authority",
    "Bed Type",
    "Maximum Capacity",
    "Occupied Beds",
    "Vacant Beds",
    "Vacant Beds Admittable",
    "Vacant Beds Non-Admittable",
    "Non-Admittable Reason",
    "Closed",
    "Last Updated",
    "Stale",
]


def can_edit_contracts(user: Any) -> bool:
    return bool(getattr(user, "has_role", None) and user.has_role(*CONTRACT_EDITORS))


def _in_force(contract: Contract, today: date) -> bool:
    return contract.starts_on <= today and (contract.ends_on is None or contract.ends_on >= today)


def contract_rows(contracts: Any, *, today: date) -> list[dict[str, Any]]:
    return [
        {
            "contract": c,
            "provider": c.provider.name or c.provider_id,
            "kind": ContractKind(c.kind).label,
            "dates": f"{long_date(c.starts_on)} to {long_date(c.ends_on) if c.ends_on else 'no end date'}",
            "locations": len(c.locations.all()) or "All the provider's",
            "in_force": _in_force(c, today),
        }
        for c in contracts
    ]


def contract_summary(contract: Contract, service_types: list[str], *, today: date) -> list[tuple[str, str]]:
    rows = [
        ("Provider", f"{contract.provider.name or contract.provider_id} ({contract.provider_id})"),
        ("Type", ContractKind(contract.kind).label),
        ("Starts", long_date(contract.starts_on)),
        ("Ends", long_date(contract.ends_on) if contract.ends_on else "No end date"),
        ("In force today", "Yes" if _in_force(contract, today) else "No"),
        ("Service types", ", ".join(service_types) or "Not stated"),
        (
            "People the council funds",
            str(contract.people_funded) if contract.people_funded is not None else "Not stated",
        ),
    ]
    if contract.ended_at is not None:
        rows.append(("Ended early because", contract.end_reason))
    return rows


def window_text(now: datetime) -> str:
    """This month's return window, in words; before it opens, that figures saved now do not count."""
    today = timezone.localdate(now)
    opens, due = compliance.window(compliance.Month.of(today), holidays=england_and_wales())
    text = f"This month's return is due between {long_date(opens)} and {long_date(due)}."
    if today < opens:
        text += (
            f" Figures saved before {long_date(opens)} do not count as this month's return: they update"
            " what discharge teams see."
        )
    return text


def saved_text(now: datetime) -> str:
    """What a return saved ``now`` does for this month's (docs/capacity.md, "Return compliance"): before the
    window it does not count, so the provider is told to save again; in it, it is the month's return."""
    today = timezone.localdate(now)
    month = compliance.Month.of(today)
    opens, due = compliance.window(month, holidays=england_and_wales())
    if today < opens:
        return (
            f"This does not count as {month}'s return: save your figures again between"
            f" {long_date(opens)} and {long_date(due)}"
        )
    if today <= due:
        return f"This is your {month} return"
    return ""  # after the window: the list shows whether the month's return is in, late or missed


def when(moment: datetime | None) -> str:
    if moment is None:
        return "Never"
    local = timezone.localtime(moment)
    return f"{long_date(local.date())} at {local:%H:%M}"


STATE_TAGS = {
    ReturnState.ON_TIME: ("Returned", "govuk-tag--green"),
    ReturnState.LATE: ("Returned late", "govuk-tag--yellow"),
    ReturnState.MISSED: ("Missed", "govuk-tag--red"),
    ReturnState.DUE: ("Due", "govuk-tag--blue"),
    ReturnState.NOT_YET: ("Not due yet", "govuk-tag--grey"),
}


def service_rows(locations: list[Any], *, now: datetime) -> list[dict[str, Any]]:
    """Each of the provider's services: when it last reported, stale or not, this month's return."""
    today = timezone.localdate(now)
    month = compliance.Month.of(today)
    holidays = england_and_wales()
    dates = queries.return_dates([loc.pk for loc in locations], since=month.first)
    rows = []
    for loc in locations:
        state = compliance.state_of(month, dates.get(loc.pk, []), today=today, holidays=holidays)
        text, colour = STATE_TAGS[state]
        rows.append(
            {
                "location": loc,
                "last": when(loc.last_reported_at),
                "stale": queries.is_stale(loc.last_reported_at, now=now),
                "state": text,
                "state_class": colour,
            }
        )
    return rows


def history_rows(returns: list[CapacityReturn]) -> list[dict[str, Any]]:
    rows = []
    for row in returns:
        beds = list(row.beds.all())
        rows.append(
            {
                "when": when(row.reported_at),
                "by": row.reported_by_label,
                "channel": row.get_channel_display(),
                "nil": row.nil,
                "unchanged": row.unchanged,
                "capacity": sum(b.capacity for b in beds),
                "occupied": sum(b.occupied for b in beds),
                "accepting": sum(b.vacant_accepting for b in beds),
                "not_accepting": sum(b.vacant_not_accepting for b in beds),
                "people_supported": row.people_supported,
                "beds": [
                    f"{BedType(b.bed_type).label}: {b.occupied} of {b.capacity} occupied, {b.vacant_accepting} free"
                    + (
                        f", {b.vacant_not_accepting} not accepting ({b.not_accepting_reason})"
                        if b.vacant_not_accepting
                        else ""
                    )
                    + (" (closed)" if b.closed else "")
                    for b in beds
                ],
            }
        )
    return rows


def vacancy_rows(rows: list[queries.VacancyRow]) -> list[dict[str, Any]]:
    return [
        {
            "location": row.location,
            "reported": when(row.reported_at),
            "never": row.reported_at is None,
            "stale": row.stale,
            "nil": row.nil,
            "capacity": row.capacity,
            "occupied": row.occupied,
            "accepting": row.vacant_accepting,
            "not_accepting": row.vacant_not_accepting,
            "occupancy": f"{100 * row.occupancy:.0f}%" if row.occupancy is not None else "–",
            "beds": [
                (BedType(b.bed_type).label, b.vacant_accepting, b.closed)
                for b in row.beds
                if b.vacant_accepting or b.closed
            ],
        }
        for row in rows
    ]


def totals(rows: list[queries.VacancyRow]) -> dict[str, int]:
    return {
        "homes": len(rows),
        "accepting": sum(row.vacant_accepting for row in rows),
        "stale": sum(1 for row in rows if row.stale),
    }


def vacancy_table(rows: list[queries.VacancyRow], *, now: datetime) -> Table:
    """One line per care home and bed type of its latest return (a home with no return: one line)."""
    table = Table(
        name="vacancies",
        caption="Vacancies by care home and bed type",
        columns=list(EXPORT_COLUMNS),
        note=f"Stale: the latest return is more than {queries.stale_days()} days old. Downloaded {long_date(timezone.localdate(now))}.",
    )
    for row in rows:
        loc = row.location
        updated = timezone.localtime(row.reported_at).strftime("%Y-%m-%d %H:%M") if row.reported_at else ""
        base = [loc.pk, loc.name, loc.local_authority.name if loc.local_authority else ""]
        if not row.beds:
            table.rows.append([*base, "", "", "", "", "", "", "", "", updated, "Yes" if row.stale else "No"])
        for bed in row.beds:
            table.rows.append(
                [
                    *base,
                    BedType(bed.bed_type).label,
                    bed.capacity,
                    bed.occupied,
                    bed.capacity - bed.occupied,
                    bed.vacant_accepting,
                    bed.vacant_not_accepting,
                    bed.not_accepting_reason,
                    "Yes" if bed.closed else "No",
                    updated,
                    "Yes" if row.stale else "No",
                ]
            )
    return table


def download_query(query: QueryDict) -> str:
    kept = query.copy()
    kept.pop("page", None)
    kept["download"], kept["format"] = "vacancies", "csv"
    return kept.urlencode()


# The bed types a home with no earlier return starts with (the rest are under "Other bed types").
FIRST_BED_TYPES = (BedType.GENERAL_RESIDENTIAL, BedType.DEMENTIA_RESIDENTIAL)
FIRST_NURSING_BED_TYPES = (BedType.GENERAL_NURSING, BedType.DEMENTIA_NURSING)


def bed_sections(form: Any, *, location: Any, previous: CapacityReturn | None) -> tuple[list[Any], list[Any]]:
    """The bed types shown open (those reported last time, or typed in, or the usual ones for a new home)
    and the others, folded away."""
    groups = form.bed_groups()
    if not groups:
        return [], []
    used = {bed.bed_type for bed in previous.beds.all()} if previous is not None else set()
    if form.is_bound:
        used |= {
            g["value"] for g in groups if g["errors"] or any(f.value() not in (None, "") for f in g["fields"])
        }
    if not used:
        used = set(FIRST_NURSING_BED_TYPES if location.nursing else FIRST_BED_TYPES)
    return [g for g in groups if g["value"] in used], [g for g in groups if g["value"] not in used]


STAFF_LABELS = (
    ("Registered nurses", "nurses"),
    ("Care staff", "care_staff"),
    ("Other staff (not giving care)", "other_staff"),
)


def staff_groups(form: Any) -> list[dict[str, Any]]:
    return [
        {"label": label, "fields": [form[f"{stem}_direct"], form[f"{stem}_agency"]]}
        for label, stem in STAFF_LABELS
    ]
