"""Dashboard panels from capacity and discharge (issue 15): the "in contract" split, vacancies by bed
type and occupancy, capacity return compliance, and discharge placements, time to place and delays.

Council records, like the case and visit panels (``presenters._private``): shown only when the reader
may read a council's records in the area; each panel's table downloads as CSV/XLSX with the others.
"""

from __future__ import annotations

from carewatch.capacity.figures import BedTypeFigures, Compliance
from carewatch.core.tables import Table
from carewatch.discharge.figures import DischargeFigures
from carewatch.insights import commissioning, sources
from carewatch.insights.commissioning import ContractSplit
from carewatch.insights.presenters import Panel
from carewatch.insights.queries.dashboard import Dashboard


def panels(board: Dashboard) -> list[Panel]:
    private = board.private
    if private is None:
        return []
    found = [] if isinstance(private.contracts, sources.NoData) else [contracts_panel(private.contracts)]
    return [
        *found,
        vacancies_panel(private.vacancies),
        compliance_panel(private.compliance),
        discharge_panel(private.discharge),
    ]


def _none(panel_id: str, heading: str, caption: str, columns: list[str], reason: str) -> Panel:
    return Panel(panel_id, heading, Table(panel_id, caption, columns), None, "", True, reason)


def contracts_panel(split: ContractSplit) -> Panel:
    rows: list[list[object]] = [
        ["In contract", split.in_contract, split.in_contract_ri, split.in_contract_inadequate],
        [
            "Not in contract",
            split.not_in_contract,
            split.not_in_contract_ri,
            split.not_in_contract_inadequate,
        ],
    ]
    return Panel(
        "contracts",
        "Services in contract",
        Table(
            "contracts",
            f"Active {commissioning.SERVICE_WORDS[split.service][1]}: in contract with {split.council} or not",
            ["Contract", "Services", "Requires improvement", "Inadequate"],
            rows,
            "Active adult social care services in the council's area on the date; in contract: under a contract "
            "of the council in force on the date (only the council's own staff see this).",
        ),
        None,
        split.sentence,
        True,
    )


def vacancies_panel(found: list[BedTypeFigures] | sources.NoData) -> Panel:
    heading, caption = "Vacancies by bed type", "Beds by type in the latest capacity returns"
    columns = [
        "Bed type",
        "Capacity",
        "Occupied",
        "Occupancy, %",
        "Vacant, accepting",
        "Vacant, not accepting",
    ]
    if isinstance(found, sources.NoData):
        return _none("vacancies", heading, caption, columns, found.reason)
    reported = [f for f in found if f.capacity]
    if not reported:
        return _none(
            "vacancies", heading, caption, columns, "no capacity return from a care home in the area yet"
        )
    rows: list[list[object]] = [
        [f.label, f.capacity, f.occupied, f.occupancy_pct, f.vacant_accepting, f.vacant_not_accepting]
        for f in reported
    ]
    capacity = sum(f.capacity for f in reported)
    occupied = sum(f.occupied for f in reported)
    accepting = sum(f.vacant_accepting for f in reported)
    summary = (
        f"{accepting:,} beds free and accepting admissions; {occupied:,} of {capacity:,} beds occupied "
        f"({100 * occupied / capacity:.1f}%), in each care home's latest return on the date."
    )
    note = "Each care home's latest capacity return on or before the date, out of date or not (docs/capacity.md)."
    return Panel("vacancies", heading, Table("vacancies", caption, columns, rows, note), None, summary, True)


def compliance_panel(found: Compliance | sources.NoData) -> Panel:
    heading, caption = "Capacity return compliance", "Monthly capacity returns"
    if isinstance(found, sources.NoData):
        return _none("compliance", heading, caption, ["Measure", "Value"], found.reason)
    rows: list[list[object]] = [
        ["Services that report (care homes and home care)", found.locations],
        ["Returned in the window", found.on_time],
        ["Late (after the window, same month)", found.late],
        ["Missed", found.missed],
        ["Not due yet or window open", found.due],
        ["Returned in the window, %", found.pct_on_time],
    ]
    summary = (
        f"{found.on_time:,} of {found.locations:,} services returned {found.month} in the window (8th to 14th or "
        f"the next working day); {found.late:,} late, {found.missed:,} missed."
    )
    return Panel(
        "compliance",
        heading,
        Table("compliance", f"{caption}, {found.month}", ["Measure", "Value"], rows),
        None,
        summary,
        True,
    )


def discharge_panel(found: DischargeFigures | sources.NoData) -> Panel:
    heading, caption = "Hospital discharge", "Discharge referrals and placements"
    if isinstance(found, sources.NoData):
        return _none("discharge", heading, caption, ["Measure", "Value"], found.reason)
    rows: list[list[object]] = [
        ["Referrals made in the 12 months", found.referrals],
        ["Placements in the 12 months", found.placements],
        ["Median days from ready to leave to placement", found.median_days_to_place],
    ]
    rows += [[f"Placed in {band}", n] for band, n in found.by_band.items()]
    rows += [[f"Still waiting on the date, {band}", n] for band, n in found.waiting_by_band.items()]
    rows += [[f"Delays: {reason}", n] for reason, n in found.delays_by_reason.items()]
    median = "not known yet" if found.median_days_to_place is None else f"{found.median_days_to_place:g} days"
    summary = (
        f"{found.placements:,} placements from {found.referrals:,} referrals in the 12 months; median time from "
        f"ready to leave to placement {median}."
    )
    note = "Days fall in the bands NHS England publishes discharge delays in (docs/discharge.md)."
    return Panel(
        "discharge",
        heading,
        Table("discharge", caption, ["Measure", "Value"], rows, note),
        None,
        summary,
        True,
    )
