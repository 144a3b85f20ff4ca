"""The CQC's Deactivated_Locations file (ODS): one row per location whose registration has ended.

A ``README`` sheet says "CQC database as at …"; the ``Deactivated_Locations`` sheet has
``formats.deactivated_columns()``: the location as it stood on its last registered day (its last
rating then), the day its registration ended, its provider, and the HSCA file's flag columns.
Councils are named as they stood on the file's date, like the other files.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from carewatch.demo.generator import editions
from carewatch.demo.generator import places as P
from carewatch.demo.generator.api_records import Context
from carewatch.demo.generator.ods_writer import OdsWriter
from carewatch.demo.generator.timeline import state_as_at
from carewatch.demo.generator.writers_bulk import flag_cells, readme_rows, with_header
from carewatch.register import formats


def deactivated_rows(ctx: Context, when: date) -> Iterator[list]:
    """One row per location whose registration ended on or before ``when``, its last day's state."""
    n_fixed = len(formats.DEACTIVATED_FIXED_COLUMNS)
    for location in ctx.england.locations:
        ended = location.deregistered_on
        if ended is None or ended > when:
            continue
        state = state_as_at(location, ended - timedelta(days=1))
        rating = state.rating
        provider = ctx.providers[location.provider_id]
        addr = location.postal_address
        ccg_code, ccg_name = ctx.ccg[location.la_code]
        sub_code, sub_name = ctx.sub_icb[location.la_code]
        fixed = [
            location.location_id,
            location.ods_code,
            location.name,
            "Deregistered",
            location.registered_on,
            ended,
            "Y" if location.care_home else "N",
            location.beds if location.care_home else None,
            location.location_type,
            location.inspection_category[1],
            location.directorate,
            ctx.region_name[location.region_code],
            P.NHS_REGIONS[location.region_code],
            # As the register stood on the file's date, like the other files (docs/generator.md).
            editions.council_name(location.la_code, when, addr.town),
            ccg_code,
            ccg_name,
            sub_code,
            sub_name,
            location.constituency,
            addr.lat,
            addr.lon,
            addr.line1,
            addr.line2,
            addr.town,
            addr.county,
            addr.postcode,
            None,
            location.uprn,
            rating.overall if rating else "",
            rating.published if rating else None,
            ("Y" if rating.inherited(location.location_id) else "N") if rating else "",
            provider.brand_id,
            provider.brand_name,
            provider.charity,
            provider.companies_house,
            provider.provider_id,
            provider.name,
            provider.registered_on,
            provider.ownership,
        ]
        assert len(fixed) == n_fixed
        yield fixed + flag_cells(location)


def write_deactivated(path: Path, ctx: Context, when: date) -> int:
    header = list(formats.deactivated_columns())
    with OdsWriter(path) as ods:
        readme = readme_rows(when, "Deactivated locations")[:3]
        readme.append(
            ["One row per location whose registration ended on or before that date, with the day it ended."]
        )
        ods.write_sheet(formats.HSCA_README_SHEET, readme)
        count = ods.write_sheet(
            formats.DEACTIVATED_SHEETS[0], with_header(header, deactivated_rows(ctx, when)), len(header)
        )
    return count - 1
