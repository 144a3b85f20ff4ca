"""The CQC's monthly bulk files: HSCA_Active_Locations (ODS, XLSX, CSV), Latest_ratings, directory.

Rows are built once per location as typed values (str, int, float, date or None) and handed to
the format writers, which stream them: ODS through :mod:`ods_writer`, XLSX through XlsxWriter in
``constant_memory`` mode, CSV through the ``csv`` module (dates as ISO ``YYYY-MM-DD`` in the HSCA
CSV, ``DD/MM/YYYY`` in the directory, as on the CQC's site). Councils are named as they stood on
the file's date (:mod:`editions`); the directory can be written in an older edition.
Deactivated_Locations is written by :mod:`writers_closures`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from carewatch.demo.generator import editions
from carewatch.demo.generator import places as P
from carewatch.demo.generator import ratings as R
from carewatch.demo.generator.api_ratings import GP_AREAS
from carewatch.demo.generator.api_records import Context
from carewatch.demo.generator.ods_writer import OdsWriter
from carewatch.demo.generator.timeline import state_as_at
from carewatch.register import formats

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """``01 November 2026`` (no locale involved)."""
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def file_stem(day: date) -> str:
    """``01_November_2026``: how the CQC names its monthly files."""
    return long_date(day).replace(" ", "_")


def _registered(ctx: Context, when: date):
    for location in ctx.england.locations:
        if location.registered_at(when):
            yield location, state_as_at(location, when)


# --- HSCA_Active_Locations ----------------------------------------------------------------------
_ACTIVITY_INDEX = {name: i for i, name in enumerate(formats.REGULATED_ACTIVITIES)}
_SERVICE_INDEX = {name: i for i, (name, _) in enumerate(formats.SERVICE_TYPES)}
_BAND_INDEX = {name: i for i, name in enumerate(formats.SERVICE_USER_BANDS)}


def flag_cells(location) -> list:
    """The HSCA file's Y/blank flag columns for a location: regulated activities, service types, bands."""
    n_act, n_svc = len(formats.REGULATED_ACTIVITIES), len(formats.SERVICE_TYPES)
    flags: list = [None] * (n_act + n_svc + len(formats.SERVICE_USER_BANDS))
    for name in location.activities:
        flags[_ACTIVITY_INDEX[name]] = "Y"
    for name in location.service_types:
        flags[n_act + _SERVICE_INDEX[name]] = "Y"
    for name in location.specialisms:
        index = _BAND_INDEX.get(name)
        if index is not None:
            flags[n_act + n_svc + index] = "Y"
    return flags


def hsca_rows(ctx: Context, when: date) -> Iterator[list]:
    n_fixed = len(formats.HSCA_FIXED_COLUMNS)
    for location, state in _registered(ctx, when):
        provider = ctx.providers[location.provider_id]
        paddr = provider.postal_address
        pla = ctx.la[provider.la_code]
        addr = location.postal_address
        rating = state.rating
        ccg_code, ccg_name = ctx.ccg[location.la_code]
        sub_code, sub_name = ctx.sub_icb[location.la_code]
        overall = (
            rating.overall
            if rating
            else (R.NO_PUBLISHED_RATING if location.shows_no_published_rating else "")
        )
        fixed = [
            location.location_id,
            location.ods_code,
            location.name,
            location.also_known_as,
            location.registered_on,
            "Y" if state.dormant else "N",
            "Y" if location.care_home else "N",
            location.beds if location.care_home else None,
            location.location_type,
            location.directorate,
            location.inspection_category[1],
            overall,
            rating.published if rating else None,
            ("Y" if rating.inherited(location.location_id) else "N") if rating else "",
            ctx.region_name[location.region_code],
            P.NHS_REGIONS[location.region_code],
            editions.council_name(location.la_code, when, addr.town),
            ccg_code,
            ccg_name,
            sub_code,
            sub_name,
            addr.line1,
            addr.line2,
            addr.town,
            addr.county,
            addr.postcode,
            None,
            location.uprn,
            addr.lat,
            addr.lon,
            location.constituency,
            location.phone,
            location.website,
            location.manager.full_name if location.manager else "",
            provider.brand_id,
            provider.brand_name,
            provider.provider_id,
            provider.name,
            provider.registered_on,
            provider.companies_house,
            provider.charity,
            provider.type,
            "Primary medical services" if provider.tier == "primary" else "Adult social care",
            location.inspection_category[1],
            provider.ownership,
            provider.phone,
            provider.website,
            paddr.line1,
            paddr.line2,
            paddr.town,
            paddr.county,
            paddr.postcode,
            editions.council_name(provider.la_code, when, paddr.town),
            ctx.region_name[pla.region_code],
            paddr.lat,
            paddr.lon,
            provider.nominated.full_name if provider.nominated else "",
        ]
        assert len(fixed) == n_fixed
        yield fixed + flag_cells(location)


def readme_rows(when: date, title: str) -> list[list]:
    return [
        [title],
        [f"{formats.HSCA_README_AS_AT_PREFIX} {long_date(when)}"],
        ["Synthetic data written by carewatch generate: every name, address and rating is invented."],
        ["One row per location registered on that date, dormant ones included (Dormant (Y/N) = Y)."],
    ]


def write_hsca_csv(path: Path, ctx: Context, when: date) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(formats.hsca_columns())
        count = 0
        for row in hsca_rows(ctx, when):
            writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in row])
            count += 1
    return count


def write_hsca_ods(path: Path, ctx: Context, when: date) -> int:
    header = list(formats.hsca_columns())
    with OdsWriter(path) as ods:
        ods.write_sheet(formats.HSCA_README_SHEET, readme_rows(when, "HSCA Active Locations"))
        count = ods.write_sheet(formats.HSCA_SHEET, with_header(header, hsca_rows(ctx, when)), len(header))
    return count - 1


def write_hsca_xlsx(path: Path, ctx: Context, when: date) -> int:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties(
        {"created": datetime(when.year, when.month, when.day), "author": "carewatch generate"}
    )
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    readme = workbook.add_worksheet(formats.HSCA_README_SHEET)
    for r, row in enumerate(readme_rows(when, "HSCA Active Locations")):
        readme.write_string(r, 0, row[0])
    sheet = workbook.add_worksheet(formats.HSCA_SHEET)
    header = formats.hsca_columns()
    for c, name in enumerate(header):
        sheet.write_string(0, c, name)
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    count = 0
    for r, row in enumerate(hsca_rows(ctx, when), start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                write_string(r, c, value)
            elif kind is date:
                write_datetime(r, c, datetime(value.year, value.month, value.day), date_format)
            else:
                write_number(r, c, value)
        count += 1
    workbook.close()
    return count


def with_header(header: list, rows: Iterator[list]) -> Iterator[list]:
    yield header
    yield from rows


# --- Latest_ratings -----------------------------------------------------------------------------
def latest_ratings_rows(ctx: Context, when: date) -> Iterator[list]:
    for location, state in _registered(ctx, when):
        rating = state.rating
        if rating is None:
            continue
        provider = ctx.providers[location.provider_id]
        addr = location.postal_address
        ccg_code, ccg_name = ctx.ccg[location.la_code]
        url = formats.CQC_LOCATION_URL.format(location_id=location.location_id)
        front = [
            location.location_id,
            location.ods_code,
            location.name,
            "Y" if location.care_home else "N",
            addr.line1,
            addr.line2,
            addr.town,
            addr.postcode,
            editions.council_name(location.la_code, when, addr.town),
            ctx.region_name[location.region_code],
            P.NHS_REGIONS[location.region_code],
            ccg_code,
            ccg_name,
            location.inspection_category[1],
            location.location_type,
        ]
        back = [url, provider.provider_id, provider.name, provider.brand_id, provider.brand_name]

        location_id = location.location_id
        for group, domain, value, published, organisation_id in rating_entries(rating):
            inherited = "Y" if organisation_id != location_id else "N"
            yield [*front, group, domain, value, published, "Location", inherited, *back]


def rating_entries(rating) -> Iterator[tuple]:
    """(service / population group, domain, rating, publication date, organisation id) rows."""
    own = formats.LATEST_RATINGS_OVERALL_GROUP
    yield own, "Overall", rating.overall, rating.published, rating.organisation_id
    if rating.overall in R.RATED:
        for name in R.KEY_QUESTIONS:
            kq = rating.key_questions[name]
            yield own, name, kq.rating, kq.published, kq.organisation_id
    for service in rating.services:
        yield service.name, "Overall", service.rating, rating.published, rating.organisation_id
        for name in R.KEY_QUESTIONS:
            yield service.name, name, service.kqs[name], rating.published, rating.organisation_id
    for group, value in rating.population.items():
        yield GP_AREAS[group], "Overall", value, rating.published, rating.organisation_id


def write_latest_ratings(path: Path, ctx: Context, when: date) -> int:
    header = list(formats.LATEST_RATINGS_COLUMNS)
    with OdsWriter(path) as ods:
        ods.write_sheet(
            "README",
            [
                ["Latest ratings"],
                [f"Ratings as at {long_date(when)}"],
                ["Synthetic data written by carewatch generate."],
            ],
        )
        count = ods.write_sheet(
            formats.LATEST_RATINGS_LOCATIONS_SHEET,
            with_header(header, latest_ratings_rows(ctx, when)),
            len(header),
        )
    return count - 1


# --- CQC_directory.csv --------------------------------------------------------------------------
def write_directory(path: Path, ctx: Context, when: date, edition: str = editions.CURRENT) -> int:
    """CQC_directory.csv as the ``edition`` wrote it (``editions.DIRECTORY_EDITIONS``)."""
    layout = editions.directory_edition(edition)
    sep = formats.DIRECTORY_LIST_SEPARATOR
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        assert len(layout.preamble) == formats.DIRECTORY_PREAMBLE_ROWS
        for line in layout.preamble:
            writer.writerow([line.format(as_at_long=long_date(when), as_at_dmy=f"{when:%d/%m/%Y}", sep=sep)])
        writer.writerow(layout.columns)
        count = 0
        for location, state in _registered(ctx, when):
            addr = location.postal_address
            provider = ctx.providers[location.provider_id]
            rating = state.rating
            checked = datetime.combine(rating.published, datetime.min.time()) if rating else None
            writer.writerow(
                [
                    location.name,
                    location.also_known_as,
                    ", ".join(part for part in (addr.line1, addr.line2, addr.town, addr.county) if part),
                    addr.postcode,
                    location.phone,
                    location.website,
                    sep.join(location.service_types),
                    checked.strftime(layout.checked_format) if checked else "",
                    sep.join(location.specialisms),
                    provider.name,
                    editions.council_name(location.la_code, when, addr.town, edition),
                    editions.region_name(location.region_code, edition),
                    formats.CQC_LOCATION_URL.format(location_id=location.location_id),
                    location.location_id,
                    provider.provider_id,
                ]
            )
            count += 1
    return count
