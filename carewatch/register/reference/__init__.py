"""England's care geography: local authorities, Integrated Care Boards and regions, over time.

The table lives in ``geography.csv`` next to this file: one row per English local
authority with adult social care responsibility (county councils, unitary
authorities, metropolitan boroughs, London boroughs, the City of London and the
Isles of Scilly) since 2014, each with the ICB covering most of its population and
its ONS region. A council created in a reorganisation has ``created_on``; one that
was abolished has ``abolished_on`` (the first day it no longer existed, the day its
successors took over) and ``successor_codes``. An abolished council takes the ICB
and region of its successors (docs/methodology.md, "Geography over time").

Names are matched exactly after normalisation (case, whitespace, punctuation and
"&"/"and"), against the ONS name and the listed aliases, or by ONS code; failing
that, against a "loose" form that drops what CQC's files add or leave out around a
name ("City of", "County Council", "London Borough of", "Bristol, City of", "N E",
"Herts"). There is no fuzzy matching: a name that is not in the table, that could be
two councils, or whose council did not exist on the date asked about resolves to
``None`` so that the caller reports it (:meth:`Geography.unresolved_reason`) rather
than guesses.

A name is read as at a date (``on``): "North Yorkshire" in 2016 is the county
council, in 2024 the unitary. Without a date it is read as the table stands now.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from carewatch.register.reference.names import REGION_ALIASES, loose_name, normalise_name, region_key

__all__ = [
    "Geography",
    "Icb",
    "LocalAuthority",
    "Region",
    "current_successors",
    "geography",
    "load_geography",
    "normalise_name",
]

CSV_NAME = "geography.csv"
CSV_HEADER = (
    "la_code",
    "la_name",
    "aliases",
    "icb_code",
    "icb_name",
    "region_code",
    "region_name",
    "created_on",
    "abolished_on",
    "successor_codes",
)
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
    created_on: date | None = None  # None: existed throughout the table's time (since 2014)
    abolished_on: date | None = None  # the first day it no longer existed
    successor_codes: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The ONS name followed by every alias."""
        return (self.name, *self.aliases)

    def exists_on(self, on: date | None) -> bool:
        """Whether the council existed on ``on`` (None: whether it exists now)."""
        if on is None:
            return self.abolished_on is None
        started = self.created_on is None or self.created_on <= on
        return started and (self.abolished_on is None or on < self.abolished_on)

    def overlaps(self, other: LocalAuthority) -> bool:
        """Whether the two councils ever existed at the same time."""
        return (
            other.abolished_on is None or self.created_on is None or self.created_on < other.abolished_on
        ) and (self.abolished_on is None or other.created_on is None or other.created_on < self.abolished_on)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Geography:
    regions: tuple[Region, ...]
    icbs: tuple[Icb, ...]
    local_authorities: tuple[LocalAuthority, ...]  # the councils as they stand now
    former_local_authorities: tuple[LocalAuthority, ...] = ()  # abolished since 2014

    _regions_by_code: dict[str, Region] = field(init=False, repr=False, compare=False)
    _regions_by_key: dict[str, Region] = field(init=False, repr=False, compare=False)
    _icbs_by_code: dict[str, Icb] = field(init=False, repr=False, compare=False)
    _las_by_code: dict[str, LocalAuthority] = field(init=False, repr=False, compare=False)
    _las_by_key: dict[str, tuple[LocalAuthority, ...]] = field(init=False, repr=False, compare=False)
    _las_by_loose_key: dict[str, tuple[LocalAuthority, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if any(la.abolished_on is not None for la in self.local_authorities):
            raise ValueError("an abolished council is listed among the current ones")
        if any(la.abolished_on is None for la in self.former_local_authorities):
            raise ValueError("a current council is listed among the former ones")
        las_by_code = _unique_by_code(self.all_local_authorities, "local authority")
        regions_by_code = _unique_by_code(self.regions, "region")
        regions_by_key: dict[str, Region] = {}
        for region in self.regions:
            for spelling in (region.name, *REGION_ALIASES.get(region.code, ())):
                if regions_by_key.setdefault(region_key(spelling), region) is not region:
                    raise ValueError(f"region name {spelling!r} names two regions")
        las_by_key: dict[str, list[LocalAuthority]] = defaultdict(list)
        las_by_loose_key: dict[str, list[LocalAuthority]] = defaultdict(list)
        for la in self.all_local_authorities:
            for code in la.successor_codes:
                successor = las_by_code.get(code)
                if successor is None or la.abolished_on is None or not successor.exists_on(la.abolished_on):
                    raise ValueError(f"{la.label}: successor {code} did not exist when it was abolished")
            if la.abolished_on is not None and not la.successor_codes:
                raise ValueError(f"{la.label}: abolished, but no successor named")
            for spelling in la.names:
                key = normalise_name(spelling)
                if not key:
                    raise ValueError(f"{la.code} {la.name}: empty name or alias {spelling!r}")
                for other in las_by_key[key]:
                    if other is not la and other.overlaps(la):
                        # One spelling for two councils at once: resolving it would be a guess.
                        raise ValueError(
                            f"{spelling!r} names both {other.code} {other.name} and {la.code} {la.name}"
                        )
                if la not in las_by_key[key]:
                    las_by_key[key].append(la)
                loose = loose_name(spelling)
                # A region's name is never read as a council's ("London" is not the City of London).
                if loose and loose not in regions_by_key and la not in las_by_loose_key[loose]:
                    las_by_loose_key[loose].append(la)
        object.__setattr__(self, "_las_by_key", {k: tuple(v) for k, v in las_by_key.items()})
        object.__setattr__(self, "_las_by_loose_key", {k: tuple(v) for k, v in las_by_loose_key.items()})
        object.__setattr__(self, "_regions_by_code", regions_by_code)
        object.__setattr__(self, "_regions_by_key", regions_by_key)
        object.__setattr__(self, "_icbs_by_code", _unique_by_code(self.icbs, "ICB"))
        object.__setattr__(self, "_las_by_code", las_by_code)

    @property
    def all_local_authorities(self) -> tuple[LocalAuthority, ...]:
        """Current councils, then those abolished since 2014."""
        return (*self.local_authorities, *self.former_local_authorities)

    def resolve_local_authority(self, name: str, on: date | None = None) -> LocalAuthority | None:
        """The local authority a CQC-style name or an ONS code stands for on ``on``, or None.

        ``on`` is the date the name was written (a snapshot's date); None reads it as the
        table stands now. An ONS code names its council whatever the date. Nothing is guessed:
        see :meth:`unresolved_reason` for why a name gives None.
        """
        return self._resolve(name, on)[0]

    def unresolved_reason(self, name: str, on: date | None = None) -> str:
        """Why ``name`` does not resolve on ``on``, in a sentence; "" when it does."""
        return self._resolve(name, on)[1]

    def _resolve(self, name: str, on: date | None) -> tuple[LocalAuthority | None, str]:
        stripped = (name or "").strip()
        if not stripped:
            return None, "no local authority name"
        if _ANY_ONS_CODE.fullmatch(stripped.upper()):
            found = self._las_by_code.get(stripped.upper())
            return found, "" if found else "not a code in carewatch's reference table; not guessed"
        candidates = self._las_by_key.get(normalise_name(stripped)) or self._las_by_loose_key.get(
            loose_name(stripped), ()
        )
        if not candidates:
            return None, "not in carewatch's reference table; not guessed"
        existing = [la for la in candidates if la.exists_on(on)]
        if len(existing) == 1:
            return existing[0], ""
        when = "now" if on is None else f"on {_long_date(on)}"
        if existing:
            names = " or ".join(la.label for la in existing)
            return None, f"could be {names} {when}; not guessed"
        gone = {
            la: la.abolished_on
            for la in candidates
            if la.abolished_on is not None and (on is None or la.abolished_on <= on)
        }
        if gone:
            successors = _unique(s for la in gone for s in self._successors_on(la, on))
            if len(successors) == 1:
                # The whole area went into one council: the name still places a service.
                return successors[0], ""
            abolished = "; ".join(
                f"{la.label} was abolished on {_long_date(day)}" for la, day in gone.items()
            )
            now = " and ".join(s.label for s in successors)
            return None, (
                f"{abolished}; its area is now {now}, and which of them a service is in "
                "cannot be read from the name; not guessed"
            )
        later = min(candidates, key=lambda la: la.created_on or date.min)
        return None, (
            f"{later.label} was created on {_long_date(later.created_on or date.min)}, "
            f"after this date ({_long_date(on or date.min)}); not guessed"
        )

    def _successors_on(self, la: LocalAuthority, on: date | None) -> list[LocalAuthority]:
        """The councils that held ``la``'s area on ``on`` (itself while it existed)."""
        if la.exists_on(on) or not la.successor_codes:
            return [la]
        return _unique(
            s for code in la.successor_codes for s in self._successors_on(self._las_by_code[code], on)
        )

    def current_successors(self, code: str) -> list[str]:
        """The ONS codes of the current councils that hold ``code``'s area, sorted (itself if current)."""
        return sorted(la.code for la in self._successors_on(self.local_authority(code), None))

    def resolve_region(self, name: str) -> Region | None:
        """The region a CQC-style region name ("East", "Yorkshire & Humberside") or E12 code stands for."""
        stripped = (name or "").strip()
        if REGION_CODE.fullmatch(stripped.upper()):
            return self._regions_by_code.get(stripped.upper())
        key = region_key(stripped)
        return self._regions_by_key.get(key) if key else None

    def local_authority(self, code: str) -> LocalAuthority:
        """A current or former council by ONS code (KeyError when unknown)."""
        return self._las_by_code[code]

    def icb(self, code: str) -> Icb:
        return self._icbs_by_code[code]

    def region(self, code: str) -> Region:
        return self._regions_by_code[code]

    def local_authorities_in_icb(self, code: str) -> tuple[LocalAuthority, ...]:
        """The current councils in the ICB."""
        self.icb(code)  # KeyError for a code not in the table, rather than an empty answer
        return tuple(la for la in self.local_authorities if la.icb_code == code)

    def local_authorities_in_region(self, code: str) -> tuple[LocalAuthority, ...]:
        """The current councils in the region."""
        self.region(code)
        return tuple(la for la in self.local_authorities if la.region_code == code)


def _unique(items: Iterable[LocalAuthority]) -> list[LocalAuthority]:
    return list(dict.fromkeys(items))


def _unique_by_code(items, kind: str) -> dict:
    by_code = {}
    for item in items:
        if item.code in by_code:
            raise ValueError(f"duplicate {kind} code {item.code}")
        by_code[item.code] = item
    return by_code


def _parse_date(value: str, line_no: int) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{CSV_NAME}:{line_no}: malformed date {value!r} (expected YYYY-MM-DD)") from None


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
        values = [v.strip() for v in row]
        la_code, la_name, aliases, icb_code, icb_name, region_code, region_name = values[:7]
        created_on, abolished_on = (_parse_date(v, line_no) for v in values[7:9])
        successor_codes = tuple(c.strip() for c in values[9].split(ALIAS_SEPARATOR) if c.strip())
        for value, pattern in (
            (la_code, LA_CODE),
            (icb_code, ICB_CODE),
            (region_code, REGION_CODE),
            *((code, LA_CODE) for code in successor_codes),
        ):
            if not pattern.fullmatch(value):
                raise ValueError(f"{CSV_NAME}:{line_no}: malformed code {value!r}")
        if created_on and abolished_on and created_on >= abolished_on:
            raise ValueError(
                f"{CSV_NAME}:{line_no}: created on {created_on}, not before abolished on {abolished_on}"
            )
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
                created_on=created_on,
                abolished_on=abolished_on,
                successor_codes=successor_codes,
            )
        )
        if abolished_on is None:
            icb_region_votes[icb_code][region_code] += 1

    # An ICB belongs to the region of its (current) local authorities. Two ICBs straddle a
    # regional border, and take the region of most of their LAs:
    #   - NHS North East and North Cumbria (E54000050): twelve North East LAs and
    #     Cumberland, which is in the North West -> North East;
    #   - NHS Bedfordshire, Luton and Milton Keynes (E54000024): Bedford, Central
    #     Bedfordshire and Luton in the East of England, Milton Keynes in the South East
    #     -> East of England.
    # A tie would leave no majority, so it is an error in the table.
    icbs = []
    for code in sorted(icb_names):
        if not icb_region_votes[code]:
            raise ValueError(f"{CSV_NAME}: {code} has no current local authority")
        (first, first_count), *rest = icb_region_votes[code].most_common()
        if rest and rest[0][1] == first_count:
            raise ValueError(f"{CSV_NAME}: {code} has no majority region: {dict(icb_region_votes[code])}")
        icbs.append(Icb(code=code, name=icb_names[code], region_code=first))

    return Geography(
        regions=tuple(Region(code=code, name=region_names[code]) for code in sorted(region_names)),
        icbs=tuple(icbs),
        local_authorities=tuple(la for la in local_authorities if la.abolished_on is None),
        former_local_authorities=tuple(la for la in local_authorities if la.abolished_on is not None),
    )


@functools.cache
def geography() -> Geography:
    """The table shipped with carewatch, loaded once."""
    text = resources.files(__name__).joinpath(CSV_NAME).read_text(encoding="utf-8")
    return load_geography(text)


def current_successors(code: str) -> list[str]:
    """The current councils holding the area of council ``code`` (itself when current), sorted.

    The successor rule for figures over time (docs/methodology.md, "Geography over time"): an
    abolished council's figures belong to its successors' combined line; they are never split
    between two successors.
    """
    return geography().current_successors(code)
