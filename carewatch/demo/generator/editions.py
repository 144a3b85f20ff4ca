"""Councils and regions as a file of a given date names them, and the editions of CQC_directory.csv.

The synthetic England is built on today's councils. A file as at an earlier date names each
location's council as it stood on that date (North Northamptonshire and West Northamptonshire were
Northamptonshire before April 2021), in every edition, so that carewatch's reference table reads the
name back on the file's date. The 2016 edition of CQC_directory.csv is written as CQC published it
in November 2016: "Local Authority" with a capital A, "Date of latest check" as ``16/11/2015 -
00:00``, another preamble, and councils and regions spelt as CQC spelt them then.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from carewatch.register import formats
from carewatch.register.reference import LocalAuthority, geography, normalise_name

CURRENT = "current"


@dataclass(frozen=True)
class DirectoryEdition:
    name: str
    columns: tuple[str, ...]
    preamble: tuple[str, ...]  # str.format templates: {as_at_long}, {as_at_dmy}, {sep}
    checked_format: str  # strftime format of "Date of latest check"
    council_spellings: Mapping[str, str]  # ONS code → the name as CQC wrote it (else the ONS name)
    region_spellings: Mapping[str, str]  # E12 code → the name as CQC wrote it (else the ONS name)


DIRECTORY_EDITIONS: dict[str, DirectoryEdition] = {
    CURRENT: DirectoryEdition(
        name=CURRENT,
        columns=formats.DIRECTORY_COLUMNS,
        preamble=(
            "Care Quality Commission: directory of registered health and social care services",
            "Data as at {as_at_long}",
            "Synthetic data written by carewatch generate: every name, address and rating is invented.",
            "List values are separated by {sep}",
        ),
        checked_format="%d/%m/%Y",
        council_spellings={},
        region_spellings={},
    ),
    "2016": DirectoryEdition(
        name="2016",
        columns=formats.DIRECTORY_COLUMNS_2016,
        preamble=(
            "CQC care directory - care services registered with the Care Quality Commission in England",
            "Information correct as at {as_at_dmy}",
            "Synthetic data written by carewatch generate (2016 edition): every name, address and rating"
            " is invented.",
            "Where a service has more than one service type or specialism they are separated by {sep}",
        ),
        checked_format="%d/%m/%Y - %H:%M",
        # From the real 2016 file (issue 12): Bath & N E Somerset, Corporation of London. "&" for
        # "and" in the other councils' names is carewatch's assumption.
        council_spellings={
            "E06000022": "Bath & N E Somerset",
            "E09000001": "Corporation of London",
            "E06000003": "Redcar & Cleveland",
            "E06000020": "Telford & Wrekin",
            "E06000040": "Windsor & Maidenhead",
            "E06000043": "Brighton & Hove",
            "E09000002": "Barking & Dagenham",
            "E09000013": "Hammersmith & Fulham",
            "E09000020": "Kensington & Chelsea",
        },
        # From the real 2016 file (issue 12).
        region_spellings={"E12000006": "East", "E12000003": "Yorkshire & Humberside"},
    ),
}
EDITIONS = tuple(DIRECTORY_EDITIONS)


def directory_edition(name: str) -> DirectoryEdition:
    try:
        return DIRECTORY_EDITIONS[name]
    except KeyError:
        raise ValueError(f"unknown edition {name!r}: choose from {', '.join(EDITIONS)}") from None


@functools.lru_cache(maxsize=4096)
def council_on(code: str, on: date, town: str = "") -> LocalAuthority:
    """The council that held the area of today's council ``code`` on ``on``.

    Before a reorganisation a location is in the council its area belonged to. Where that was one of
    several (Bournemouth, Christchurch and Poole came from Bournemouth, Poole and part of Dorset), the
    one named after the location's town, else the one that was split (Christchurch was in Dorset).
    """
    geo = geography()
    la = geo.local_authority(code)
    if la.exists_on(on):
        return la
    candidates: list[LocalAuthority] = []
    for former in geo.former_local_authorities:
        if code in former.successor_codes:
            found = former if former.exists_on(on) else council_on(former.code, on, town)
            if found not in candidates:
                candidates.append(found)
    if len(candidates) > 1:
        named = [c for c in candidates if normalise_name(c.name) == normalise_name(town)]
        split = [c for c in candidates if len(c.successor_codes) > 1]
        candidates = named or split
    if len(candidates) != 1:
        raise ValueError(f"cannot tell which council held the area of {la.label} ({town}) on {on}")
    return candidates[0]


@functools.lru_cache(maxsize=8192)
def council_name(code: str, on: date, town: str = "", edition: str = CURRENT) -> str:
    """The name a file as at ``on`` gives the council of a location in today's council ``code``.

    Checked against carewatch's reference table: the name must read back, on ``on``, as that council.
    """
    la = council_on(code, on, town)
    name = directory_edition(edition).council_spellings.get(la.code, la.name)
    found = geography().resolve_local_authority(name, on=on)
    if found is None or found.code != la.code:
        raise ValueError(f"{name!r} would not be read back as {la.label} on {on}")
    return name


@functools.lru_cache(maxsize=64)
def region_name(code: str, edition: str = CURRENT) -> str:
    """A region's name as the edition writes it, checked to read back as that region."""
    geo = geography()
    name = directory_edition(edition).region_spellings.get(code, geo.region(code).name)
    found = geo.resolve_region(name)
    if found is None or found.code != code:
        raise ValueError(f"region {name!r} would not be read back as {code}")
    return name
