"""One location's life: registration, inspections, succession, deregistration.

Every function takes the model's single ``random.Random`` and a ``latent(location, shift)``
callable that draws an overall rating from the location's area, provider and service effects.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from carewatch.demo.generator import details as D
from carewatch.demo.generator import history as H
from carewatch.demo.generator import names as N
from carewatch.demo.generator import ratings as R
from carewatch.demo.generator._rand import randint, table, weighted
from carewatch.demo.generator.entities import Location
from carewatch.demo.generator.providers import HSCA_START, IdMaker, ProviderFactory, family_of

DORMANT_SHARE = 0.015
NEW_UNRATED_SHARE = 0.033  # registered in the last ~14 months, not yet inspected
IBNR_SHARE = 0.004  # first inspection "Inspected but not rated"
ASSESSED_SHARE = 0.022  # latest rating from a Single Assessment Framework assessment
PER_SERVICE_SHARE = 0.4  # multi-service locations last inspected since Feb 2025 and rated per service
CLOSURE_EFFECT = -0.35  # services that close were rated worse on average
_START_SHARE = {"care_home": 0.8, "home_care": 0.22, "gp": 0.85, "dentist": 0.6}
_REASONS = table({"New Provider": 45, "Legal Entity Change": 20, "Location Move": 35})
_GP_POPULATION_GROUPS = ("conditions", "mothers", "old", "population", "problems", "vulnerable")


def between(rng, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=randint(rng, 0, (end - start).days))


def _registration(rng, location: Location, latest: date) -> date:
    family = family_of(location.kind)
    if rng.random() < _START_SHARE.get(family, 0.3):
        return {"gp": date(2013, 4, 1), "dentist": date(2011, 4, 1)}.get(family, HSCA_START)
    return between(rng, HSCA_START, latest)


def _assign_id(ids: IdMaker, location: Location) -> None:
    if location.location_id.startswith("tmp"):
        location.location_id = ids.make(location.registered_on)


def close(rng, location: Location, ids: IdMaker, as_of: date, latent) -> None:
    location.deregistered_on = between(rng, date(2016, 11, 1), as_of - timedelta(days=1))
    never_rated = rng.random() < 0.25 or location.kind == "dentist"
    if never_rated:
        location.registered_on = location.deregistered_on - timedelta(days=randint(rng, 60, 600))
    else:
        location.registered_on = _registration(rng, location, location.deregistered_on - timedelta(days=400))
    _assign_id(ids, location)
    if not never_rated:
        location.reports = H.chain(
            rng,
            target=latent(location, CLOSURE_EFFECT),
            owner=location.location_id,
            earliest=location.registered_on + timedelta(days=60),
            latest=location.deregistered_on - timedelta(days=20),
        )
        _population_groups(rng, location)


def register(rng, location: Location, ids: IdMaker, as_of: date, latent, successor: bool) -> Location | None:
    """Dates and ratings for a location registered on ``as_of``; returns its predecessor, if any."""
    latest = as_of - timedelta(days=3)
    if location.kind == "dentist":
        location.registered_on = _registration(rng, location, as_of - timedelta(days=30))
        _assign_id(ids, location)
        return None
    roll = rng.random()
    if successor:
        return _successor(rng, location, ids, as_of, latent)
    if roll < NEW_UNRATED_SHARE:
        location.registered_on = as_of - timedelta(days=randint(rng, 10, 420))
        location.shows_no_published_rating = rng.random() < 0.5
        _assign_id(ids, location)
        return None
    if roll < NEW_UNRATED_SHARE + IBNR_SHARE:
        location.registered_on = as_of - timedelta(days=randint(rng, 200, 700))
        _assign_id(ids, location)
        on = between(rng, location.registered_on + timedelta(days=100), latest)
        location.reports = [
            H.single_report(rng, owner=location.location_id, on=on, overall=R.INSPECTED_NOT_RATED)
        ]
        return None
    location.registered_on = _registration(rng, location, as_of - timedelta(days=300))
    _assign_id(ids, location)
    owner = location.location_id
    earliest = location.registered_on + timedelta(days=60)
    target = latent(location)
    multi = len(location.service_types) > 1 and location.adult_social_care
    if multi and rng.random() < PER_SERVICE_SHARE:
        on = between(rng, max(H.PER_SERVICE_FROM, earliest + timedelta(days=120)), latest)
        before = H.previous_rating(rng, target)
        location.reports = H.chain(
            rng, target=before, owner=owner, earliest=earliest, latest=on - timedelta(days=120), max_reports=5
        )
        location.reports.append(
            H.per_service_report(rng, owner=owner, on=on, target=target, service_types=location.service_types)
        )
    elif location.adult_social_care and rng.random() < ASSESSED_SHARE:
        published = between(rng, max(H.SAF_FROM, earliest + timedelta(days=150)), latest)
        group = H.SERVICE_GROUPS.get(family_of(location.kind), H.SERVICE_GROUPS["community"])
        location.assessment = H.assessment(rng, target=target, published=published, group=group)
        before = H.previous_rating(rng, target)
        location.reports = H.chain(
            rng,
            target=before,
            owner=owner,
            earliest=earliest,
            latest=location.assessment.assessed - timedelta(days=30),
        )
    else:
        location.reports = H.chain(rng, target=target, owner=owner, earliest=earliest, latest=latest)
    _population_groups(rng, location)
    return None


def _successor(rng, location: Location, ids: IdMaker, as_of: date, latent) -> Location | None:
    """A location that took over from a predecessor, inheriting its rating until inspected itself."""
    latest = as_of - timedelta(days=3)
    registered_on = between(rng, date(2017, 1, 1), as_of - timedelta(days=30))
    predecessor = replace(location, reports=[], timeline=[], location_id=f"tmp-p{location.location_id}")
    predecessor.registered_on = (
        HSCA_START if rng.random() < 0.5 else between(rng, HSCA_START, registered_on - timedelta(days=700))
    )
    location.registered_on = registered_on
    _assign_id(ids, location)
    _assign_id(ids, predecessor)
    reports = H.chain(
        rng,
        target=latent(location),
        owner=location.location_id,
        earliest=predecessor.registered_on + timedelta(days=60),
        latest=latest,
    )
    if not reports or reports[0].published >= as_of - timedelta(days=40):
        # Nothing published early enough to inherit: an ordinary location after all.
        location.registered_on = predecessor.registered_on
        location.reports = reports
        return None
    if reports[0].published >= registered_on:
        moved = reports[0].published + timedelta(days=randint(rng, 20, 500))
        location.registered_on = min(moved, as_of - timedelta(days=10))
    for report in reports:
        if report.published < location.registered_on:
            report.organisation_id = predecessor.location_id
    location.reports = reports
    predecessor.reports = [r for r in reports if r.organisation_id == predecessor.location_id]
    predecessor.deregistered_on = location.registered_on
    location.predecessor_id = predecessor.location_id
    predecessor.successor_id = location.location_id
    reason = weighted(rng, *_REASONS)
    location.relationship_reason = predecessor.relationship_reason = reason
    return predecessor


def predecessor_provider(
    rng, factory: ProviderFactory, predecessor: Location, successor: Location, providers
) -> None:
    if rng.random() < 0.25:
        predecessor.name = D.location_name(rng, predecessor, predecessor.postal_address.town)
    if predecessor.relationship_reason == "Location Move":
        predecessor.address = replace(
            successor.postal_address,
            line1=f"{randint(rng, 1, 200)} {N.street(rng)}",
            postcode=successor.postal_address.postcode,
        )
        return  # same provider
    provider = factory.single(family_of(predecessor.kind), predecessor.la_code, predecessor.name, None)
    if predecessor.relationship_reason == "Legal Entity Change":
        successor_name = providers[successor.provider_id].name
        provider.name = (
            successor_name.replace("Limited", "Ltd")
            if "Limited" in successor_name
            else successor_name + " (2010)"
        )
        provider.ownership = "Organisation"
    predecessor.provider_id = provider.provider_id
    providers[provider.provider_id] = provider


def _population_groups(rng, location: Location) -> None:
    if location.kind != "gp":
        return
    for report in location.reports:
        report.population = {
            group: report.overall if rng.random() < 0.9 else H.previous_rating(rng, report.overall)
            for group in _GP_POPULATION_GROUPS
        }
