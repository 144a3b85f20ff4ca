"""Quality mark figures (issue 16) for the dashboard and the committee report: holders by tier on the
date, awards made and awards withdrawn (suspended) in the 12 months to it, and, for the council's own staff
only, the weekly payment premium for the holders (tier premium × registered beds).

Council records: shown only when the reader may read a council's records in the area; the table downloads
as CSV/XLSX with the dashboard's others (``presenters.panel_tables``).
"""

from __future__ import annotations

from datetime import date, timedelta

from carewatch.core import access
from carewatch.core.models import Organisation
from carewatch.core.tables import Table
from carewatch.insights import sources
from carewatch.insights.areas import Area
from carewatch.insights.presenters import Panel
from carewatch.recognition import quality_mark_queries

PERIOD_DAYS = 365
PANEL_ID = "quality-marks"
HEADING = "Quality mark holders"


def table(councils: list[Organisation], *, on: date, premium: bool) -> tuple[Table, str]:
    """The figures of these councils' schemes as one table, and a sentence summing them up."""
    since = on - timedelta(days=PERIOD_DAYS)
    found = quality_mark_queries.figures([c.pk for c in councils], since=since, until=on)
    columns = ["Quality mark", "Tier", "Holders", "Awarded in 12 months", "Withdrawn in 12 months"]
    if premium:
        columns.append("Premium a week (£)")
    rows: list[list[object]] = []
    for f in found:
        row: list[object] = [f.scheme, f.tier, f.holders, f.awarded, f.withdrawn]
        if premium:
            row.append(float(round(f.weekly_premium, 2)))
        rows.append(row)
    note = (
        "Services holding each tier on the date (awarded, in date, not suspended); awards decided and awards "
        "suspended (withdrawn) in the 12 months to the date."
        + (
            " Premium: the tier's premium a resident a week times registered beds, for holders."
            if premium
            else ""
        )
    )
    holders = sum(f.holders for f in found)
    sentence = (
        f"{holders} service{'s' if holders != 1 else ''} held a council quality mark on {on.day} {on:%B %Y}; "
        f"{sum(f.awarded for f in found)} awarded and {sum(f.withdrawn for f in found)} withdrawn in the 12 months "
        "before."
        if found
        else ""
    )
    return Table(PANEL_ID, "Council quality mark holders by tier", columns, rows, note), sentence


def panels(
    area: Area, *, owners: access.OwnerScope, reader_organisation_id: int | None, on: date
) -> list[Panel]:
    """The dashboard's quality mark panel, when the reader may read a council's records in ``area``."""
    if not (owners.national or owners.ids):
        return []
    councils = sources.councils_in(area, owners)
    if not councils:
        return []
    own = reader_organisation_id is not None and [c.pk for c in councils] == [reader_organisation_id]
    found, sentence = table(councils, on=on, premium=own)
    if not found.rows:  # no council here runs a quality mark: no panel
        return []
    return [Panel(PANEL_ID, HEADING, found, None, sentence, True)]
