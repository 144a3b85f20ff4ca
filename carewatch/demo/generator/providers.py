"""Who runs the services: national chains, regional groups, small local groups and single sites.

Each location is given a tier by its service family (:data:`TIER_SHARES`); chains then take their
share across England, groups within a region, small groups within a council, and every other
location gets a provider of its own. A provider's ``quality`` feeds its locations' ratings:
single-site individual owners somewhat worse, large chains a little better (docs/generator.md).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from carewatch.demo.generator import names as N
from carewatch.demo.generator._rand import choice, randint
from carewatch.demo.generator.entities import Location, Person, Provider

# family → (chain, regional group, small group, single) shares of its locations
TIER_SHARES = {
    "care_home": (0.06, 0.24, 0.17, 0.53),
    "home_care": (0.05, 0.13, 0.15, 0.67),
    "supported": (0.05, 0.30, 0.20, 0.45),
}
NHS_SHARE = 0.003  # of care homes and home care: run by an NHS trust
HSCA_START = date(2010, 10, 1)


class IdMaker:
    """Unique CQC-style ids: ``1-`` and 9–11 digits, longer for later registrations."""

    def __init__(self, rng) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, registered_on: date | None = None) -> str:
        while True:
            if registered_on is not None and registered_on < date(2014, 1, 1):
                digits = str(randint(self.rng, 100_000_000, 999_999_999))
            elif self.rng.random() < 0.4:
                digits = str(randint(self.rng, 1_000_000_000, 9_999_999_999))
            else:
                digits = str(randint(self.rng, 10_000_000_000, 19_999_999_999))
            candidate = f"1-{digits}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate

    def make_ods(self, prefix: str, length: int) -> str:
        """NHS bodies' ODS-style codes: a trust ``RT2``, its sites ``RT2X4``."""
        letters = "ABCDEFGHJKLMNPQRSTUVWXY0123456789"
        while True:
            candidate = prefix + "".join(choice(self.rng, letters) for _ in range(length - len(prefix)))
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate


def family_of(kind: str) -> str:
    if kind in ("residential", "nursing", "residential_hc", "nursing_hc"):
        return "care_home"
    if kind.startswith("home_care"):
        return "home_care"
    if kind in ("supported", "extra_care"):
        return "supported"
    return kind  # shared_lives, gp, dentist


class ProviderFactory:
    def __init__(self, rng, ids: IdMaker, las_by_code) -> None:
        self.rng = rng
        self.ids = ids
        self.las = las_by_code
        self.providers: list[Provider] = []
        self.by_id: dict[str, Provider] = {}
        self.brand_counter = 100

    def _new(self, name: str, ownership: str, tier: str, quality: float, la_code: str, **extra) -> Provider:
        rng = self.rng
        provider = Provider(
            provider_id=extra.pop("provider_id", None) or self.ids.make(extra.pop("since", None)),
            name=name,
            ownership=ownership,
            tier=tier,
            type=extra.pop("type", "Social Care Org"),
            quality=quality,
            la_code=la_code,
            **extra,
        )
        if ownership == "Organisation" and tier not in ("council", "nhs"):
            provider.companies_house = f"{randint(rng, 1_000_000, 16_999_999):08d}"
            if rng.random() < 0.1:
                provider.charity = str(randint(rng, 200_000, 1_199_999))
                provider.quality += 0.1
        if ownership in ("Organisation", "NHS Body"):
            provider.nominated = Person(*N.person(rng))
        self.providers.append(provider)
        self.by_id[provider.provider_id] = provider
        return provider

    def brand(self, short: str) -> tuple[str, str]:
        self.brand_counter += randint(self.rng, 1, 40)
        return f"BD{self.brand_counter}", f"BRAND {short}"

    def chain(self, full: str, short: str) -> Provider:
        rng = self.rng
        la_code = choice(rng, list(self.las))
        brand_id, brand_name = self.brand(short)
        return self._new(
            N.company_name(rng, full),
            "Organisation",
            "chain",
            0.1 + rng.gauss(0, 0.06),
            la_code,
            brand_id=brand_id,
            brand_name=brand_name,
            website=f"www.{N.slug(short)}.co.uk",
            since=HSCA_START,
        )

    def group(self, family: str, la_code: str) -> Provider:
        rng = self.rng
        stem = choice(rng, N.COMBINED if rng.random() < 0.5 else N.AGENCY_STEMS)
        word = {
            "care_home": ("Care Group", "Healthcare", "Care Homes"),
            "home_care": ("Homecare", "Care Services"),
        }
        name = f"{stem} {choice(rng, word.get(family, ('Support', 'Living', 'Care and Support')))}"
        provider = self._new(
            N.company_name(rng, name),
            "Organisation",
            "group",
            rng.gauss(0, 0.14),
            la_code,
            website=f"www.{N.slug(name)}.co.uk",
            since=HSCA_START if rng.random() < 0.6 else None,
        )
        if rng.random() < 0.25:
            provider.brand_id, provider.brand_name = self.brand(stem)
        return provider

    def small(self, family: str, la_code: str, first_name: str) -> Provider:
        rng = self.rng
        roll = rng.random()
        if roll < 0.88:
            return self._new(
                N.company_name(rng, first_name.split(" Care Home")[0].split(" Nursing Home")[0]),
                "Organisation",
                "small",
                rng.gauss(-0.03, 0.18),
                la_code,
            )
        if roll < 0.96:
            return self._new(
                N.partnership_provider_name(rng), "Partnership", "small", rng.gauss(-0.1, 0.2), la_code
            )
        return self._new(
            N.individual_provider_name(rng), "Individual", "small", rng.gauss(-0.15, 0.2), la_code
        )

    def single(self, family: str, la_code: str, location_name: str, since: date | None) -> Provider:
        rng = self.rng
        individual, partnership = {"care_home": (0.2, 0.12), "home_care": (0.06, 0.04)}.get(
            family, (0.05, 0.05)
        )
        roll = rng.random()
        if roll < individual:
            return self._new(
                N.individual_provider_name(rng), "Individual", "single", rng.gauss(-0.28, 0.22), la_code
            )
        if roll < individual + partnership:
            return self._new(
                N.partnership_provider_name(rng), "Partnership", "single", rng.gauss(-0.15, 0.22), la_code
            )
        stem = location_name.split(" Care Home")[0].split(" Nursing Home")[0].split(" (")[0]
        return self._new(N.company_name(rng, stem), "Organisation", "single", rng.gauss(-0.04, 0.22), la_code)

    def council(self, la_code: str, la_name: str) -> Provider:
        name = la_name.split(",")[0]
        return self._new(f"{name} Council", "Organisation", "council", self.rng.gauss(0.1, 0.1), la_code)

    def nhs_trust(self, la_code: str, town: str) -> Provider:
        rng = self.rng
        name = f"{town} {choice(rng, ('Community Healthcare', 'Health and Care', 'Integrated Care'))} NHS Foundation Trust"
        return self._new(
            name,
            "NHS Body",
            "nhs",
            rng.gauss(0.05, 0.1),
            la_code,
            provider_id=self.ids.make_ods("R", 3),
            type="NHS Healthcare Organisation",
        )

    def primary(self, kind: str, la_code: str, location_name: str) -> Provider:
        rng = self.rng
        if kind == "gp":
            title, given, family = N.person(rng)
            name = (
                f"Dr {given.split()[0][0]} {family} and Partners"
                if rng.random() < 0.6
                else f"The {location_name}"
            )
            return self._new(
                name, "Partnership", "primary", rng.gauss(0.5, 0.2), la_code, type="Primary Medical Services"
            )
        stem = location_name.replace(" Dental Practice", "").replace(" Dental Care", "")
        if rng.random() < 0.6:
            return self._new(
                N.company_name(rng, stem + " Dental"),
                "Organisation",
                "primary",
                0.4,
                la_code,
                type="Primary Dental Care",
            )
        return self._new(
            N.individual_provider_name(rng), "Individual", "primary", 0.4, la_code, type="Primary Dental Care"
        )


def tier_for(rng, location: Location) -> str:
    family = family_of(location.kind)
    if family in ("care_home", "home_care") and rng.random() < NHS_SHARE:
        return "nhs"
    if family == "shared_lives":
        return "council" if rng.random() < 0.7 else "single"
    if family in ("gp", "dentist"):
        return "primary"
    chain, group, small, _ = TIER_SHARES[family]
    roll = rng.random()
    if roll < chain:
        return "chain"
    if roll < chain + group:
        return "group"
    if roll < chain + group + small:
        return "small"
    return "single"


def split_sizes(rng, total: int, low: int, high: int, skew: float) -> list[int]:
    """Sizes between ``low`` and ``high`` (most near ``low``) that add up to ``total``."""
    sizes: list[int] = []
    left = total
    while left > 0:
        size = min(left, low + int((high - low + 1) * rng.random() ** skew))
        sizes.append(size)
        left -= size
    if len(sizes) > 1 and sizes[-1] < low:
        last = sizes.pop()
        sizes[-1] += last
    return sizes


def assign(rng, factory: ProviderFactory, locations: list[Location], la_names: dict[str, str]) -> None:
    """Give every location in ``locations`` (predecessors excluded) a provider."""
    pools: dict[tuple, list[Location]] = defaultdict(list)
    for location in locations:
        tier = tier_for(rng, location)
        family = family_of(location.kind)
        if tier == "chain":
            pools[("chain", family)].append(location)
        elif tier == "group":
            pools[("group", family, location.region_code)].append(location)
        elif tier == "small":
            pools[("small", family, location.la_code)].append(location)
        elif tier == "nhs":
            pools[("nhs", location.region_code)].append(location)
        elif tier == "council":
            pools[("council", location.la_code)].append(location)
        else:
            pools[(tier, location.location_id)].append(location)

    def attach(provider: Provider, members: list[Location]) -> None:
        for member in members:
            member.provider_id = provider.provider_id
            provider.location_ids.append(member.location_id)

    for key in sorted(pools, key=str):
        members = pools[key]
        tier = key[0]
        if tier == "chain":
            chains = [(full, short) for full, short, fam in N.CHAIN_NAMES if fam == key[1]]
            weights = [rng.uniform(0.3, 1.0) for _ in chains]
            start = 0
            for (full, short), weight in zip(chains, weights, strict=True):
                count = round(len(members) * weight / sum(weights))
                part = members[start : start + count] if (full, short) != chains[-1] else members[start:]
                start += len(part)
                if part:
                    attach(factory.chain(full, short), part)
        elif tier == "group":
            start = 0
            for size in split_sizes(rng, len(members), 5, 40, 2.2):
                part = members[start : start + size]
                start += size
                attach(factory.group(key[1], part[0].la_code), part)
        elif tier == "small":
            start = 0
            for size in split_sizes(rng, len(members), 2, 4, 1.5):
                part = members[start : start + size]
                start += size
                attach(factory.small(key[1], part[0].la_code, part[0].name or N.house_name(rng)), part)
        elif tier == "nhs":
            start = 0
            for size in split_sizes(rng, len(members), 1, 6, 1.0):
                part = members[start : start + size]
                start += size
                trust = factory.nhs_trust(part[0].la_code, la_names[part[0].la_code].split(",")[0])
                for member in part:
                    member.location_id = factory.ids.make_ods(trust.provider_id, 5)
                    member.location_type = "NHS Healthcare Organisation"
                attach(trust, part)
        elif tier == "council":
            attach(factory.council(key[1], la_names[key[1]]), members)
        elif tier == "primary":
            location = members[0]
            attach(factory.primary(location.kind, location.la_code, location.name), members)
        else:
            location = members[0]
            attach(factory.single(family_of(location.kind), location.la_code, location.name, None), members)
