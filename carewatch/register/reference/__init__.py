"""England's care geography: local authorities, Integrated Care Boards and regions.

The table lives in ``geography.csv`` next to this file: one row per English local
authority with adult social care responsibility (county councils, unitary
authorities, metropolitan boroughs, London boroughs, the City of London and the
Isles of Scilly) as they stand from April 2023, each with the ICB covering most of
its population and its ONS region.

Names are matched exactly after normalisation (case, whitespace, punctuation and
"&"/"and"), against the ONS name and the listed aliases, or by ONS code. There is
no fuzzy matching: a name that is not in the table resolves to ``None`` so that the
caller reports it rather than guesses.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources

__all__ = [
    "Geography",
    "Icb",
    "LocalAuthority",
    "Region",
    "geography",
    "load_geography",
    "normalise_name",
]

CSV_NAME = "geography.csv"
CSV_HEADER = ("la_code", "la_name", "aliases", "icb_code", "icb_name", "region_code", "region_name")
ALIAS_SEPARATOR = "|"

LA_CODE = re.compile(r"E(06|08|09|10)\d{6}")
ICB_CODE = re.compile(r"E54\d{6}")
REGION_CODE = re.compile(r"E12\d{6}")
_ANY_ONS_CODE = re.compile(r"[A-Z]\d{8}")


@dataclass(frozen=True)
class Region:
    code: str
    name: str


@dataclass(frozen=True)
class Icb:
    code: str
    name: str
    region_code: str


@dataclass(frozen=True)
class LocalAuthority:
    code: str
    name: str
    aliases: tuple[str, ...]
    icb_code: str
    region_code: str

    @property
    def names(self) -> tuple[str, ...]:
        """The ONS name followed by every alias."""
        return (self.name, *self.aliases)


def normalise_name(text: str) -> str:
    """The key two spellings of one name share: "St. Helens" -> "st helens", "Telford & Wrekin" -> "telford and wrekin".

    Accents are dropped, case is folded, "&" reads as "and", apostrophes vanish and any
    other run of punctuation or whitespace becomes one space.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = ascii_text.casefold().replace("&", " and ")
    folded = re.sub(r"['`]", "", folded)
    return re.sub(r"[^0-9a-z]+", " ", folded).strip()


@dataclass(frozen=True)
class Geography:
    regions: tuple[Region, ...]
    icbs: tuple[Icb, ...]
    local_authorities: tuple[LocalAuthority, ...]

    _regions_by_code: dict[str, Region] = field(init=False, repr=False, compare=False)
    _icbs_by_code: dict[str, Icb] = field(init=False, repr=False, compare=False)
    _las_by_code: dict[str, LocalAuthority] = field(init=False, repr=False, compare=False)
    _las_by_key: dict[str, LocalAuthority] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        las_by_key: dict[str, LocalAuthority] = {}
        for la in self.local_authorities:
            for spelling in la.names:
                key = normalise_name(spelling)
                if not key:
                    raise ValueError(f"{la.code} {la.name}: empty name or alias {spelling!r}")
                other = las_by_key.setdefault(key, la)
                if other is not la:
                    # One spelling for two councils: resolving it would be a guess.
                    raise ValueError(
                        f"{spelling!r} names both {other.code} {other.name} and {la.code} {la.name}"
                    )
        object.__setattr__(self, "_las_by_key", las_by_key)
        object.__setattr__(self, "_regions_by_code", _unique_by_code(self.regions, "region"))
        object.__setattr__(self, "_icbs_by_code", _unique_by_code(self.icbs, "ICB"))
        object.__setattr__(self, "_las_by_code", _unique_by_code(self.local_authorities, "local authority"))

    def resolve_local_authority(self, name: str) -> LocalAuthority | None:
        """The local authority a CQC-style name or an ONS code stands for, or None when unknown.

        Only exact matches after :func:`normalise_name` count; nothing is guessed.
        """
        if not name or not name.strip():
            return None
        stripped = name.strip()
        if _ANY_ONS_CODE.fullmatch(stripped.upper()):
            return self._las_by_code.get(stripped.upper())
        return self._las_by_key.get(normalise_name(stripped))

    def local_authority(self, code: str) -> LocalAuthority:
        return self._las_by_code[code]

    def icb(self, code: str) -> Icb:
        return self._icbs_by_code[code]

    def region(self, code: str) -> Region:
        return self._regions_by_code[code]

    def local_authorities_in_icb(self, code: str) -> tuple[LocalAuthority, ...]:
        self.icb(code)  # KeyError for a code not in the table, rather than an empty answer
        return tuple(la for la in self.local_authorities if la.icb_code == code)

    def local_authorities_in_region(self, code: str) -> tuple[LocalAuthority, ...]:
        self.region(code)
        return tuple(la for la in self.local_authorities if la.region_code == code)


def _unique_by_code(items, kind: str) -> dict:
    by_code = {}
    for item in items:
        if item.code in by_code:
            raise ValueError(f"duplicate {kind} code {item.code}")
        by_code[item.code] = item
    return by_code


def load_geography(text: str) -> Geography:
    """Build a :class:`Geography` from the CSV text, checking it as it goes."""
    reader = csv.reader(io.StringIO(text))
    header = tuple(next(reader, ()))
    if header != CSV_HEADER:
        raise ValueError(f"{CSV_NAME}: header {header!r}, expected {CSV_HEADER!r}")

    region_names: dict[str, str] = {}
    icb_names: dict[str, str] = {}
    icb_region_votes: dict[str, Counter[str]] = defaultdict(Counter)
    local_authorities: list[LocalAuthority] = []
    for line_no, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(CSV_HEADER):
            raise ValueError(f"{CSV_NAME}:{line_no}: {len(row)} fields, expected {len(CSV_HEADER)}")
        la_code, la_name, aliases, icb_code, icb_name, region_code, region_name = (v.strip() for v in row)
        for value, pattern in ((la_code, LA_CODE), (icb_code, ICB_CODE), (region_code, REGION_CODE)):
            if not pattern.fullmatch(value):
                raise ValueError(f"{CSV_NAME}:{line_no}: malformed code {value!r}")
        for code, name, seen in ((icb_code, icb_name, icb_names), (region_code, region_name, region_names)):
            if seen.setdefault(code, name) != name:
                raise ValueError(f"{CSV_NAME}:{line_no}: {code} is named both {seen[code]!r} and {name!r}")
        local_authorities.append(
            LocalAuthority(
                code=la_code,
                name=la_name,
                aliases=tuple(a.strip() for a in aliases.split(ALIAS_SEPARATOR) if a.strip()),
                icb_code=icb_code,
                region_code=region_code,
            )
        )
        icb_region_votes[icb_code][region_code] += 1

    # An ICB belongs to the region of its local authorities. Two ICBs straddle a regional
    # border, and take the region of most of their LAs:
    #   - NHS North East and North Cumbria (E54000050): twelve North East LAs and
    #     Cumberland, which is in the North West -> North East;
    #   - NHS Bedfordshire, Luton and Milton Keynes (E54000024): Bedford, Central
    #     Bedfordshire and Luton in the East of England, Milton Keynes in the South East
    #     -> East of England.
    # A tie would leave no majority, so it is an error in the table.
    icbs = []
    for code in sorted(icb_names):
        (first, first_count), *rest = icb_region_votes[code].most_common()
        if rest and rest[0][1] == first_count:
            raise ValueError(f"{CSV_NAME}: {code} has no majority region: {dict(icb_region_votes[code])}")
        icbs.append(Icb(code=code, name=icb_names[code], region_code=first))

    return Geography(
        regions=tuple(Region(code=code, name=region_names[code]) for code in sorted(region_names)),
        icbs=tuple(icbs),
        local_authorities=tuple(local_authorities),
    )


@functools.cache
def geography() -> Geography:
    """The table shipped with carewatch, loaded once."""
    text = resources.files(__name__).joinpath(CSV_NAME).read_text(encoding="utf-8")
    return load_geography(text)
