"""Where things are: population weights, postcode areas, coordinates and towns per local authority.

The geography itself (which councils exist, their ICB and region) comes from
``carewatch.register.reference``; this module only adds what a synthetic register needs to look
plausible. Populations are rounded 2021 census figures (thousands), coordinates approximate council
centres, postcode areas and dialling codes the main ones used there. A council missing from the
table (the reference table may grow) falls back to a weight from its ONS code type and a point
inside its region.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
from dataclasses import dataclass
from importlib import resources

from carewatch.demo.generator._rand import choice, randint
from carewatch.demo.generator._rand import digits as random_digits

_TABLE_FILE = (
    "places.csv"  # la_code, population (thousands), postcode districts, lat, lon, towns, dialling code
)


@functools.cache
def _la_table() -> dict[str, tuple[int, str, float, float, str, str]]:
    """The per-council table: postcode districts like "OL1-9 M35" (OL1 … OL9 and M35), towns ";"-separated."""
    text = resources.files(__package__).joinpath(_TABLE_FILE).read_text(encoding="utf-8")
    table = {}
    for row in csv.DictReader(io.StringIO(text)):
        table[row["la_code"]] = (
            int(row["population_thousands"]),
            row["postcode_districts"],
            float(row["lat"]),
            float(row["lon"]),
            row["towns"],
            row["dialling_code"],
        )
    return table


# Councils whose older population makes care homes relatively more common (coast and shires) and
# London, where they are relatively rare and home care makes up the difference.
_CARE_HOME_FACTOR = {
    "E06000027": 1.5,  # Torbay
    "E10000011": 1.35,  # East Sussex
    "E10000008": 1.3,  # Devon
    "E06000059": 1.3,  # Dorset
    "E06000046": 1.35,  # Isle of Wight
    "E06000052": 1.25,  # Cornwall
    "E06000066": 1.25,  # Somerset
    "E10000019": 1.25,  # Lincolnshire
    "E10000020": 1.2,  # Norfolk
    "E06000065": 1.2,  # North Yorkshire
    "E06000009": 1.4,  # Blackpool
    "E10000032": 1.2,  # West Sussex
    "E06000058": 1.25,  # Bournemouth, Christchurch and Poole
    "E06000033": 1.2,  # Southend-on-Sea
    "E06000064": 1.2,  # Westmorland and Furness
}
_LONDON_CARE_HOME_FACTOR = 0.55
_LONDON_HOME_CARE_FACTOR = 1.15

# A rough box per region (south, north, west, east) for councils not in the table.
REGION_BOXES: dict[str, tuple[float, float, float, float]] = {
    "E12000001": (54.45, 55.75, -2.60, -1.20),
    "E12000002": (53.05, 54.95, -3.40, -2.00),
    "E12000003": (53.35, 54.55, -2.30, -0.10),
    "E12000004": (52.15, 53.50, -1.90, 0.30),
    "E12000005": (51.95, 53.15, -3.10, -1.30),
    "E12000006": (51.50, 52.95, -0.70, 1.70),
    "E12000007": (51.30, 51.68, -0.50, 0.30),
    "E12000008": (50.60, 52.10, -1.90, 1.40),
    "E12000009": (49.90, 52.10, -5.70, -1.50),
}
_REGION_POSTCODE_FALLBACK = {
    "E12000001": "NE",
    "E12000002": "M",
    "E12000003": "LS",
    "E12000004": "NG",
    "E12000005": "B",
    "E12000006": "CB",
    "E12000007": "SE",
    "E12000008": "RG",
    "E12000009": "EX",
}
NHS_REGIONS = {
    "E12000001": "North East and Yorkshire",
    "E12000002": "North West",
    "E12000003": "North East and Yorkshire",
    "E12000004": "Midlands",
    "E12000005": "Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}
_TYPE_WEIGHT = {"E06": 250, "E08": 300, "E09": 270, "E10": 800}  # thousands, when not in the table


def stable_fraction(*parts: object) -> float:
    """A number in [0, 1) that depends only on ``parts`` (not on the seed or Python's hash salt)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class Place:
    """What the generator knows about one council beyond the reference table."""

    code: str
    population: int  # thousands
    districts: tuple[tuple[str, int, int], ...]  # (postcode area, first district, last district)
    lat: float
    lon: float
    spread: float  # degrees: how far locations scatter around the centre
    towns: tuple[str, ...]
    dialling_code: str
    care_home_factor: float
    home_care_factor: float


def _parse_districts(spec: str) -> tuple[tuple[str, int, int], ...]:
    out = []
    for token in spec.split():
        letters = "".join(ch for ch in token if ch.isalpha())
        rest = token[len(letters) :]
        if not rest:
            out.append((letters, 1, 35))
        elif "-" in rest:
            low, high = rest.split("-")
            out.append((letters, int(low), int(high)))
        else:
            out.append((letters, int(rest), int(rest)))
    return tuple(out)


def place_for(code: str, name: str, region_code: str) -> Place:
    """The :class:`Place` for a council: from the table, or a deterministic stand-in."""
    row = _la_table().get(code)
    london = region_code == "E12000007"
    if row is not None:
        population, districts, lat, lon, towns, dialling = row
    else:
        population = int(_TYPE_WEIGHT.get(code[:3], 250) * (0.7 + 0.6 * stable_fraction("pop", code)))
        south, north, west, east = REGION_BOXES.get(region_code, (51.0, 53.5, -2.5, 0.5))
        lat = south + (north - south) * (0.2 + 0.6 * stable_fraction("lat", code))
        lon = west + (east - west) * (0.2 + 0.6 * stable_fraction("lon", code))
        districts = _REGION_POSTCODE_FALLBACK.get(region_code, "NN")
        towns = ""
        dialling = "01" + str(200 + int(800 * stable_fraction("dial", code)))
    town_list = tuple(t for t in towns.split(";") if t) or (name.split(",")[0],)
    county = code.startswith("E10") or population > 450
    spread = 0.012 if london else (0.22 if county else 0.045)
    care_home_factor = _CARE_HOME_FACTOR.get(code, _LONDON_CARE_HOME_FACTOR if london else 1.0)
    # Councils differ for reasons no table records: a stable ±15 % per council.
    jitter = 0.85 + 0.3 * stable_fraction("size", code)
    return Place(
        code=code,
        population=max(1, int(population * jitter)) if code != "E09000001" else population,
        districts=_parse_districts(districts),
        lat=lat,
        lon=lon,
        spread=spread,
        towns=town_list,
        dialling_code=dialling,
        care_home_factor=care_home_factor,
        home_care_factor=_LONDON_HOME_CARE_FACTOR if london else 1.0,
    )


_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng, place: Place) -> str:
    """A plausible postcode in one of the council's districts: ``OL4 2SF``."""
    area, low, high = choice(rng, place.districts)
    district = randint(rng, low, high)
    return (
        f"{area}{district} {randint(rng, 1, 9)}{choice(rng, _INWARD_LETTERS)}{choice(rng, _INWARD_LETTERS)}"
    )


def coordinates(rng, place: Place) -> tuple[float, float]:
    """A point near the council's centre, kept inside England's rough bounds."""
    lat = place.lat + rng.gauss(0, place.spread)
    lon = place.lon + rng.gauss(0, place.spread * 1.6)
    return round(min(55.8, max(49.9, lat)), 6), round(min(1.76, max(-6.4, lon)), 6)


def phone(rng, place: Place) -> str:
    code = place.dialling_code
    digits = 11 - len(code)
    return code + str(randint(rng, 2, 8)) + random_digits(rng, digits - 1)


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder, stable)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    counts = [int(r) for r in raw]
    short = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[:short]:
        counts[i] += 1
    return counts
