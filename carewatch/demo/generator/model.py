"""A synthetic England: every council's care services, their providers and ten years of ratings.

``build_england(seed, as_of, scale)`` is a pure function of its arguments (one ``random.Random``
seeded with ``seed``; no clock, no hash-order dependence). The counts, shares and effects it uses
are set out, with their sources, in docs/generator.md.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from carewatch.demo.generator import details as D
from carewatch.demo.generator import lifecycle as L
from carewatch.demo.generator import names as N
from carewatch.demo.generator import places as P
from carewatch.demo.generator import ratings as R
from carewatch.demo.generator import timeline as T
from carewatch.demo.generator._rand import choice, randint
from carewatch.demo.generator.entities import Location, Provider
from carewatch.demo.generator.providers import HSCA_START, IdMaker, ProviderFactory, assign, family_of
from carewatch.register.reference import Geography, LocalAuthority, geography, normalise_name

DEFAULT_AS_OF = date(2026, 11, 1)
# Registered locations at scale 1.0 (about 15,000 care homes and 10,000 home-care agencies).
TARGETS = {
    "residential": 9_800,
    "nursing": 5_000,
    "residential_hc": 150,
    "nursing_hc": 50,
    "home_care": 9_150,
    "home_care_sl": 500,
    "home_care_ec": 150,
    "supported": 2_300,
    "extra_care": 500,
    "shared_lives": 150,
    "gp": 650,
    "dentist": 300,
}
DEREGISTERED_SHARE = 0.15  # of every location generated, over the decade
SUCCESSOR_SHARE = 0.07  # registered locations that took over from a predecessor location
SERVICE_EFFECT = {  # care homes, nursing homes most, do worse than community services (CQC State of Care)
    "residential": -0.06,
    "residential_hc": -0.06,
    "nursing": -0.2,
    "nursing_hc": -0.2,
    "home_care": 0.08,
    "home_care_sl": 0.08,
    "home_care_ec": 0.08,
    "supported": 0.14,
    "extra_care": 0.14,
    "shared_lives": 0.35,
    "gp": 0.6,
}


_CLOSURE_FACTOR = {"home_care": 1.6, "care_home": 1.3}  # agencies open and close more often


@dataclass
class England:
    seed: int
    as_of: date
    scale: float
    geography: Geography
    local_authorities: tuple[LocalAuthority, ...]
    locations: list[Location]
    providers: list[Provider]
    area_name: str = ""
    area_query: str = ""  # e.g. "localAuthority=Oldham", for the API envelopes
    _by_id: dict[str, Location] = field(default_factory=dict, repr=False)

    def location(self, location_id: str) -> Location:
        if not self._by_id:
            self._by_id = {loc.location_id: loc for loc in self.locations}
        return self._by_id[location_id]

    def state_as_at(self, location: Location, when: date) -> T.LocationState:
        return T.state_as_at(location, when)

    def tallies(self, as_of: date | None = None, by: str = "la", service: str = "all") -> dict[str, T.Tally]:
        return T.tallies(self, as_of, by, service)

    def restrict(self, area: str) -> England:
        """Only the locations of one council or ICB (name or ONS code), and their providers."""
        las, label, query = resolve_area(self.geography, area)
        codes = {la.code for la in las}
        locations = [loc for loc in self.locations if loc.la_code in codes]
        wanted = {loc.provider_id for loc in locations}
        providers = [p for p in self.providers if p.provider_id in wanted]
        return replace(
            self,
            local_authorities=las,
            locations=locations,
            providers=providers,
            area_name=label,
            area_query=query,
        )


def resolve_area(geo: Geography, area: str) -> tuple[tuple[LocalAuthority, ...], str, str]:
    la = geo.resolve_local_authority(area)
    if la is not None:
        return (la,), la.name, f"localAuthority={la.name}"
    key = normalise_name(area)
    for icb in geo.icbs:
        short = normalise_name(icb.name.removeprefix("NHS ").removesuffix(" Integrated Care Board"))
        if area.strip().upper() == icb.code or key in (normalise_name(icb.name), short):
            return geo.local_authorities_in_icb(icb.code), icb.name, f"onspdIcbCode={icb.code}"
    raise ValueError(f"{area!r} is neither a local authority nor an ICB (name or ONS code)")


def _weight(kind: str, place: P.Place) -> float:
    family = family_of(kind)
    if family == "care_home":
        return place.population * place.care_home_factor
    if family == "home_care":
        return place.population * place.home_care_factor
    return float(place.population)


def build_england(
    seed: int = 1, as_of: date = DEFAULT_AS_OF, scale: float = 1.0, area: str | None = None
) -> England:
    rng = random.Random(seed)
    geo = geography()
    las = geo.local_authorities
    la_by_code = {la.code: la for la in las}
    places = {la.code: P.place_for(la.code, la.name, la.region_code) for la in las}
    region_effect = {r.code: rng.uniform(-0.22, 0.22) for r in geo.regions}
    area_effect = {la.code: region_effect[la.region_code] + rng.gauss(0, 0.14) for la in las}

    skeletons: list[Location] = []
    closing: set[int] = set()
    registered_total = sum(round(t * scale) for t in TARGETS.values())
    closures_total = round(
        registered_total * (DEREGISTERED_SHARE / (1 - DEREGISTERED_SHARE) - SUCCESSOR_SHARE)
    )
    closure_weights = {k: t * _CLOSURE_FACTOR.get(family_of(k), 1.0) for k, t in TARGETS.items()}
    closure_counts = dict(
        zip(TARGETS, P.allocate(closures_total, list(closure_weights.values())), strict=True)
    )
    for kind, target in TARGETS.items():
        weights = [_weight(kind, places[la.code]) * rng.uniform(0.8, 1.2) for la in las]
        for closes, total in ((False, round(target * scale)), (True, closure_counts[kind])):
            for la, count in zip(las, P.allocate(total, weights), strict=True):
                for _ in range(count):
                    location = Location(
                        location_id=f"tmp{len(skeletons):07d}",
                        kind=kind,
                        service_types=(),
                        la_code=la.code,
                        icb_code=la.icb_code,
                        region_code=la.region_code,
                    )
                    D.fill(rng, location)
                    town = choice(rng, places[la.code].towns)
                    location.name = D.location_name(rng, location, town)
                    location.address = D.address(rng, places[la.code], _county(la))
                    if closes:
                        closing.add(len(skeletons))
                    skeletons.append(location)

    ids = IdMaker(rng)
    factory = ProviderFactory(rng, ids, la_by_code)
    assign(rng, factory, skeletons, {la.code: la.name for la in las})
    providers = {p.provider_id: p for p in factory.providers}
    for location in skeletons:
        provider = providers[location.provider_id]
        if provider.tier == "chain":
            short = provider.brand_name.removeprefix("BRAND ")
            if family_of(location.kind) in ("home_care", "supported"):
                location.name = f"{short} {location.postal_address.town}"
            elif location.care_home:
                location.beds += randint(rng, 4, 14)

    asc = [i for i, loc in enumerate(skeletons) if loc.adult_social_care and i not in closing]
    center = sum(
        area_effect[skeletons[i].la_code]
        + providers[skeletons[i].provider_id].quality
        + SERVICE_EFFECT.get(skeletons[i].kind, 0.0)
        for i in asc
    ) / max(1, len(asc))

    def latent(location: Location, shift: float = 0.0) -> str:
        mu = area_effect[location.la_code] + providers[location.provider_id].quality
        mu += SERVICE_EFFECT.get(location.kind, 0.0) - center + shift
        return R.rating_from_latent(mu + rng.gauss(0, 1))

    all_locations: list[Location] = []
    for index, location in enumerate(skeletons):
        if index in closing:
            L.close(rng, location, ids, as_of, latent)
            all_locations.append(location)
            continue
        successor = (
            location.adult_social_care
            and location.location_id.startswith("tmp")
            and rng.random() < SUCCESSOR_SHARE
        )
        predecessor = L.register(rng, location, ids, as_of, latent, successor)
        all_locations.append(location)
        if (
            location.adult_social_care
            and location.registered_on < as_of - timedelta(days=400)
            and rng.random() < L.DORMANT_SHARE
        ):
            start = max(location.registered_on + timedelta(days=180), as_of - timedelta(days=3 * 365))
            location.dormant_from = L.between(rng, start, as_of - timedelta(days=1))
        if predecessor is not None:
            L.predecessor_provider(rng, factory, predecessor, location, providers)
            all_locations.append(predecessor)

    for location in all_locations:
        D.manager(rng, location, as_of)
        place = places[location.la_code]
        location.phone = P.phone(rng, place)
        location.uprn = str(randint(rng, 10**9, 10**12 - 1))
        location.constituency = location.postal_address.town + choice(
            rng, ("", "", " North", " South", " East", " West")
        )
        if location.adult_social_care and rng.random() < 0.5:
            location.ods_code = ids.make_ods("V", 5)
        provider = providers[location.provider_id]
        if provider.website and rng.random() < 0.8:
            location.website = provider.website
        elif rng.random() < 0.3:
            location.website = f"www.{N.slug(location.name)}.co.uk"
        if rng.random() < 0.03:
            location.also_known_as = (
                location.name.split()[0] + " " + choice(rng, ("Care", "House", "Services"))
            )
        T.build_timeline(location)

    _finish_providers(rng, factory.providers, all_locations, places, la_by_code)
    all_locations.sort(key=lambda loc: loc.location_id)
    used_providers = sorted((p for p in factory.providers if p.location_ids), key=lambda p: p.provider_id)
    england = England(seed, as_of, scale, geo, las, all_locations, used_providers)
    return england.restrict(area) if area else england


def _county(la: LocalAuthority) -> str:
    return D.county_for(la.code, la.name, la.icb_code, la.region_code)


def _finish_providers(rng, providers: list[Provider], locations: list[Location], places, la_by_code) -> None:
    by_provider: dict[str, list[Location]] = {}
    for location in locations:
        by_provider.setdefault(location.provider_id, []).append(location)
    for provider in providers:
        members = sorted(by_provider.get(provider.provider_id, []), key=lambda loc: loc.location_id)
        provider.location_ids = [loc.location_id for loc in members]
        if not members:
            continue
        if provider.la_code not in la_by_code or provider.tier != "chain":
            provider.la_code = members[0].la_code
        la = la_by_code[provider.la_code]
        place = places[la.code]
        provider.address = D.address(rng, place, _county(la))
        provider.phone = P.phone(rng, place)
        first = min(loc.registered_on for loc in members)
        provider.registered_on = HSCA_START if provider.tier in ("chain", "council") else first
        ended = [loc.deregistered_on for loc in members if loc.deregistered_on]
        if len(ended) == len(members):
            provider.deregistered_on = max(ended)
