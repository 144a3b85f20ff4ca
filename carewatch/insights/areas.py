"""The areas a dashboard covers: England, a region, an ICB or a council (local authority).

An area is named in URLs and commands as ``level:code`` (``region:E12000002``, ``icb:E54000057``,
``la:E08000004``) or ``england``. A location belongs to the area of the location itself, never of
its provider (docs/methodology.md, "Market figures").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from carewatch.register import models as register

ENGLAND_CODE = "E92000001"
LEVELS = ("england", "region", "icb", "la")
LEVEL_LABELS = {"england": "Country", "region": "Region", "icb": "ICB", "la": "Council"}
SERVICES = ("care-homes", "home-care", "all")
SERVICE_LABELS = {"care-homes": "Care homes", "home-care": "Home care", "all": "All adult social care"}
LOCATION_FIELD = {"region": "region_id", "icb": "icb_id", "la": "local_authority_id"}


class UnknownArea(ValueError):
    """The area named does not exist."""


@dataclass(frozen=True)
class Area:
    level: str  # england, region, icb, la
    code: str
    name: str

    @property
    def key(self) -> str:
        return "england" if self.level == "england" else f"{self.level}:{self.code}"

    @property
    def label(self) -> str:
        return (
            self.name
            if self.level != "icb"
            else self.name.removeprefix("NHS ").removesuffix(" Integrated Care Board")
        )

    @property
    def kind_label(self) -> str:
        return LEVEL_LABELS[self.level]

    def location_filter(self, prefix: str = "") -> Q:
        """Locations in this area (``prefix`` for a related model: ``"location__"``)."""
        if self.level == "england":
            return Q()
        return Q(**{f"{prefix}{LOCATION_FIELD[self.level]}": self.code})

    def council_codes(self) -> list[str]:
        """The ONS codes of the councils in the area (for a council: itself)."""
        councils = register.LocalAuthority.objects.all()
        if self.level == "region":
            councils = councils.filter(region_id=self.code)
        elif self.level == "icb":
            councils = councils.filter(icb_id=self.code)
        elif self.level == "la":
            councils = councils.filter(code=self.code)
        return list(councils.order_by("code").values_list("code", flat=True))


ENGLAND = Area("england", ENGLAND_CODE, "England")


def parse(value: str | None) -> Area:
    """``england``, ``region:E12…``, ``icb:E54…``, ``la:E08…`` or a bare ONS code, as an Area."""
    text = (value or "").strip()
    if not text or text.lower() in ("england", ENGLAND_CODE.lower()):
        return ENGLAND
    level, _, code = text.partition(":")
    if not code:
        level, code = _level_of_code(text), text
    level, code = level.lower(), code.upper()
    return get(level, code)


def _level_of_code(code: str) -> str:
    prefix = code.upper()[:3]
    return {"E12": "region", "E54": "icb"}.get(prefix, "la")


def get(level: str, code: str) -> Area:
    if level == "england":
        return ENGLAND
    name: str | None
    if level == "region":
        name = register.Region.objects.filter(pk=code).values_list("name", flat=True).first()
    elif level == "icb":
        name = register.Icb.objects.filter(pk=code).values_list("name", flat=True).first()
    elif level == "la":
        name = register.LocalAuthority.objects.filter(pk=code).values_list("name", flat=True).first()
    else:
        raise UnknownArea(f"unknown area level {level!r}: choose england, region, icb or la")
    if name is None:
        raise UnknownArea(f"no {LEVEL_LABELS[level].lower()} with code {code}")
    return Area(level, code, name)


def find_council(name_or_code: str) -> Area:
    """A council by ONS code or name (case-insensitive; "Oldham" or "E08000004").

    A name is a current council's ("North Yorkshire" is the unitary, not the county abolished in
    2023); an abolished council is found by its code.
    """
    text = name_or_code.strip()
    current = register.LocalAuthority.objects.filter(abolished_on__isnull=True)
    found = (
        register.LocalAuthority.objects.filter(code__iexact=text).values_list("code", "name").first()
        or current.filter(name__iexact=text).values_list("code", "name").first()
    )
    if found is None:
        matches = list(
            current.filter(name__icontains=text).order_by("name", "code").values_list("code", "name")[:2]
        )
        if len(matches) != 1:
            raise UnknownArea(f"no single council matches {name_or_code!r}")
        found = matches[0]
    return Area("la", found[0], found[1])


def choices() -> dict[str, list[tuple[str, str]]]:
    """Every area by level, as (key, name), for the area picker."""
    return {
        "region": [
            (f"region:{c}", n)
            for c, n in register.Region.objects.order_by("name", "code").values_list("code", "name")
        ],
        "icb": [
            (f"icb:{c}", n.removeprefix("NHS ").removesuffix(" Integrated Care Board"))
            for c, n in register.Icb.objects.order_by("name", "code").values_list("code", "name")
        ],
        "la": [
            (f"la:{c}", n)
            for c, n in register.LocalAuthority.objects.filter(abolished_on__isnull=True)
            .order_by("name", "code")
            .values_list("code", "name")
        ],
    }


def service_filter(service: str, prefix: str = "") -> Q:
    if service == "care-homes":
        return Q(**{f"{prefix}care_home": True})
    if service == "home-care":
        return Q(**{f"{prefix}home_care": True})
    if service == "all":
        return Q()
    raise ValueError(f"unknown service {service!r}: choose one of {', '.join(SERVICES)}")
