"""Places a family types into the finder, offline: postcodes, towns and councils to a point.

Three parts (docs/finder.md):

- :func:`parse_postcode` reads a UK postcode, whole or in part (a unit ``OL1 6AB``, a sector
  ``OL1 6``, a district ``OL1``), and names its area (``OL``); no database.
- :func:`country_of_area` says which country a postcode's district is in when the district alone
  says it (``BT`` is Northern Ireland, ``EH`` Scotland, ``SY16`` Wales); districts that straddle a
  border (``SY10``, ``CH4``, ``HR3``, ``TD12`` …) are decided by the ONS Postcode Directory or the
  register where either knows the postcode, and are otherwise treated as England.
- :func:`resolve` turns text into a :class:`Place`: an exact point from the ONS Postcode Directory
  (``PostcodePoint``) when the council imported one, else a centroid of the register's own locations
  (the CQC gives every location a latitude and longitude): of the postcode unit, sector or district,
  of a town, or of a council's area. The :class:`Place` says which source answered.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass

from django.db.models import Q

from carewatch.register import models

EARTH_RADIUS_MILES = 3958.8

ENGLAND = "E92000001"
WALES = "W92000004"
SCOTLAND = "S92000003"
NORTHERN_IRELAND = "N92000002"
CHANNEL_ISLANDS = "L93000001"
ISLE_OF_MAN = "M83000003"
COUNTRY_NAMES = {
    ENGLAND: "England",
    WALES: "Wales",
    SCOTLAND: "Scotland",
    NORTHERN_IRELAND: "Northern Ireland",
    CHANNEL_ISLANDS: "the Channel Islands",
    ISLE_OF_MAN: "the Isle of Man",
}


@dataclass(frozen=True)
class Regulator:
    name: str
    url: str


REGULATORS = {
    SCOTLAND: Regulator("the Care Inspectorate", "https://www.careinspectorate.com"),
    WALES: Regulator("Care Inspectorate Wales (CIW)", "https://www.careinspectorate.wales"),
    NORTHERN_IRELAND: Regulator(
        "the Regulation and Quality Improvement Authority (RQIA)", "https://www.rqia.org.uk"
    ),
}

# Postcode areas wholly outside England.
_SCOTTISH_AREAS = frozenset(
    ["AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE"]
)  # TD is decided by district below
_WELSH_AREAS = frozenset(["CF", "LD", "LL", "NP", "SA"])
_OTHER_AREAS = {"BT": NORTHERN_IRELAND, "GY": CHANNEL_ISLANDS, "JE": CHANNEL_ISLANDS, "IM": ISLE_OF_MAN}
# Districts of border areas wholly on the other side of the border. The rest of SY, CH, HR and TD
# is English or straddles the border (SY10, SY13, SY14, CH4, HR2, HR3, HR5, TD12): those are
# treated as England unless the ONS Postcode Directory or the register knows the postcode.
_WELSH_DISTRICTS = frozenset([f"SY{n}" for n in range(15, 26)] + ["CH5", "CH6", "CH7", "CH8"])
_SCOTTISH_DISTRICTS = frozenset(f"TD{n}" for n in (*range(1, 12), 13, 14))

UNIT = "unit"
SECTOR = "sector"
DISTRICT = "district"

# Area (1-2 letters), district (digit, then a digit or letter), then the inward code: a digit and two letters.
_OUTWARD = r"(?P<area>[A-Z]{1,2})(?P<district>\d[A-Z\d]?)"
_UNIT = re.compile(_OUTWARD + r"\s*(?P<sector>\d)(?P<unit>[A-Z]{2})")
_SECTOR = re.compile(_OUTWARD + r"\s+(?P<sector>\d)")
_DISTRICT = re.compile(_OUTWARD)


@dataclass(frozen=True)
class Postcode:
    """A postcode as far as it was given: ``kind`` is ``unit``, ``sector`` or ``district``."""

    area: str  # OL
    outward: str  # OL1: the district
    inward: str  # 6AB for a unit, 6 for a sector, "" for a district
    kind: str

    @property
    def district(self) -> str:
        return self.outward

    @property
    def sector(self) -> str | None:
        return f"{self.outward} {self.inward[0]}" if self.inward else None

    @property
    def text(self) -> str:
        """As written on a letter: ``OL1 6AB``, ``OL1 6``, ``OL1``."""
        return f"{self.outward} {self.inward}".strip()

    @property
    def compact(self) -> str:
        """Upper case, no spaces: how ``Location.postcode_search`` keeps it."""
        return self.outward + self.inward


def normalise(text: str) -> str:
    """Upper case, spaces collapsed and trimmed."""
    return " ".join(text.upper().split())


def parse_postcode(text: str) -> Postcode | None:
    """``text`` as a postcode unit, sector or district, or None.

    A unit may be written without its space (``OL16AB`` is OL1 6AB: the inward code is always the last
    three characters). A sector needs its space (``OL1 6``): ``OL16`` is the OL16 district.
    """
    cleaned = normalise(text)
    if len(cleaned) > 9:  # the longest postcode, "SW1A 1AA", has 8 characters
        return None
    for kind, pattern in ((UNIT, _UNIT), (SECTOR, _SECTOR), (DISTRICT, _DISTRICT)):
        match = pattern.fullmatch(cleaned)
        if match:
            inward = {UNIT: lambda m: m["sector"] + m["unit"], SECTOR: lambda m: m["sector"]}.get(
                kind, lambda m: ""
            )(match)
            return Postcode(
                area=match["area"], outward=match["area"] + match["district"], inward=inward, kind=kind
            )
    return None


def country_of_area(postcode: Postcode) -> str | None:
    """The ONS country code a postcode's area or district alone decides, or None (England, or a
    district on a border: ask the ONS Postcode Directory or the register)."""
    if postcode.area in _OTHER_AREAS:
        return _OTHER_AREAS[postcode.area]
    if postcode.area in _SCOTTISH_AREAS or postcode.district in _SCOTTISH_DISTRICTS:
        return SCOTLAND
    if postcode.area in _WELSH_AREAS or postcode.district in _WELSH_DISTRICTS:
        return WALES
    return None


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in miles (a sphere of radius 3,958.8 miles)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


# --- resolving a place ---------------------------------------------------------------------------

ONSPD = "onspd"  # a point from the ONS Postcode Directory (import-postcodes)
REGISTER = "register"  # the middle of the register's locations there


@dataclass(frozen=True)
class Place:
    """Where distances are measured from, and words saying so."""

    latitude: float
    longitude: float
    kind: str  # unit, sector, district, town, council
    name: str  # OL1 6AB, OL1 6, OL1, Royton, Oldham
    source: str  # onspd or register

    @property
    def described(self) -> str:
        """ "Distances from OL1 6AB" / "from the centre of the OL1 postcode district" / "of Royton"."""
        if self.kind == UNIT:
            where = f"from {self.name}"
        elif self.kind == SECTOR:
            where = f"from the centre of the {self.name} postcode sector"
        elif self.kind == DISTRICT:
            where = f"from the centre of the {self.name} postcode district"
        elif self.kind == "council":
            where = f"from the centre of {self.name} council’s area"
        else:
            where = f"from the centre of {self.name}"
        return f"Distances {where}"

    @property
    def source_note(self) -> str:
        if self.source == ONSPD:
            return "The point comes from the ONS Postcode Directory."
        if self.kind == UNIT:
            return "The point is where the care services registered at this postcode are."
        return "The centre is the middle of the care services registered there, not an address."


class PlaceError(Exception):
    """Text the finder cannot turn into a place in England; ``str()`` is the message for people."""


ECHO_LIMIT = 24  # characters of the typed text a message repeats: a long word must not widen a phone's page


def _echo(text: str) -> str:
    return text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 1].rstrip() + "…"


class UnknownPlace(PlaceError):
    def __init__(self, text: str, suggestion: str = ""):
        self.text = text
        self.suggestion = suggestion  # a district to try instead, or ""
        if suggestion:
            message = f"We could not find the postcode {text}. Try the postcode district {suggestion}"
        else:
            echoed = _echo(text)
            stop = "" if echoed.endswith("…") else "."
            message = f"We could not find {echoed}{stop} Enter a postcode, or the name of a town or council in England"
        super().__init__(message)


class OutsideEngland(PlaceError):
    def __init__(self, text: str, country: str):
        self.text = text
        self.country = country
        self.regulator = REGULATORS.get(country)
        where = COUNTRY_NAMES.get(country, "")
        message = f"{text} is in {where}" if where else f"{text} is outside England"
        message += ". carewatch covers care services in England only"
        if self.regulator:
            message += f": find care services in {where} from {self.regulator.name}"
        super().__init__(message)


def _middle(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The median latitude and longitude: one mis-placed service does not move the centre."""
    if not points:
        return None
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def _register_points(condition: Q) -> list[tuple[float, float]]:
    rows = models.Location.objects.filter(condition, latitude__isnull=False, longitude__isnull=False)
    return [
        (lat, lon)
        for lat, lon in rows.values_list("latitude", "longitude")
        if lat is not None and lon is not None
    ]


def _register_postcode_condition(postcode: Postcode) -> Q:
    if postcode.kind == UNIT:
        return Q(postcode_search=postcode.compact)
    # The whole district OL1, not the start of OL10: the inward code follows (a digit, two letters).
    rest = r"[A-Z]{2}" if postcode.kind == SECTOR else r"\d[A-Z]{2}"
    return Q(
        postcode_search__startswith=postcode.compact, postcode_search__regex=f"^{postcode.compact}{rest}$"
    )


def _onspd_points(postcode: Postcode) -> list[models.PostcodePoint]:
    rows = models.PostcodePoint.objects
    if postcode.kind == UNIT:
        return list(rows.filter(postcode=postcode.text))
    return list(rows.filter(postcode__startswith=postcode.text + ("" if postcode.kind == SECTOR else " ")))


def _postcode_place(postcode: Postcode) -> Place:
    onspd = _onspd_points(postcode)
    countries = {point.country_code for point in onspd if point.country_code}
    if onspd and ENGLAND not in countries:
        raise OutsideEngland(postcode.text, countries.pop() if len(countries) == 1 else "")
    register = _register_points(_register_postcode_condition(postcode))
    if not onspd and not register:
        country = country_of_area(postcode)
        if country:
            raise OutsideEngland(postcode.text, country)
        suggestion = ""
        if postcode.kind != DISTRICT and _register_points(
            _register_postcode_condition(Postcode(postcode.area, postcode.outward, "", DISTRICT))
        ):
            suggestion = postcode.outward
        raise UnknownPlace(postcode.text, suggestion)
    if onspd:
        middle = _middle([(p.latitude, p.longitude) for p in onspd if p.country_code in ("", ENGLAND)])
        source = ONSPD
    else:
        middle = _middle(register)
        source = REGISTER
    assert middle is not None
    return Place(
        latitude=middle[0], longitude=middle[1], kind=postcode.kind, name=postcode.text, source=source
    )


def resolve(text: str) -> Place:
    """The point to measure from for ``text``: a postcode (unit, sector or district), a town or a council.

    Raises :class:`OutsideEngland` for a postcode in Scotland, Wales, Northern Ireland, the Channel
    Islands or the Isle of Man, and :class:`UnknownPlace` otherwise (suggesting the district of an
    unknown full postcode when carewatch knows the district).
    """
    typed = normalise(text)
    if not typed:
        raise UnknownPlace(text)
    postcode = parse_postcode(typed)
    if postcode is not None:
        return _postcode_place(postcode)
    town = _middle(_register_points(Q(town__iexact=typed)))
    if town is not None:
        name = (
            models.Location.objects.filter(town__iexact=typed)
            .order_by("town")
            .values_list("town", flat=True)
            .first()
        )
        return Place(
            latitude=town[0], longitude=town[1], kind="town", name=name or typed.title(), source=REGISTER
        )
    council = (
        models.LocalAuthority.objects.filter(name__iexact=typed, abolished_on__isnull=True)
        .order_by("code")
        .first()
    )
    if council is not None:
        middle = _middle(_register_points(Q(local_authority=council)))
        if middle is not None:
            return Place(
                latitude=middle[0], longitude=middle[1], kind="council", name=council.name, source=REGISTER
            )
    raise UnknownPlace(text.strip())


def bounding_box(latitude: float, longitude: float, miles: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) in degrees around a point: every point within ``miles`` is inside.

    A degree of latitude is 69.09 miles everywhere; a degree of longitude shrinks with the cosine of
    the latitude, taken at the box's edge nearer the pole so the box is never too narrow.
    """
    per_degree = math.pi * EARTH_RADIUS_MILES / 180
    dlat = miles / per_degree
    far = min(89.9, abs(latitude) + dlat)
    dlon = miles / (per_degree * math.cos(math.radians(far)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon
