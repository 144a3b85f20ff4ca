"""Reading the risk signals for many services at once (a fixed number of queries, however many services).

Everything is read as it stood at the end of ``as_of``: the register's rating history, the registered
manager then (from the imports' undo log), and the council's own evidence (``risk_evidence``).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from carewatch.cases.models import Suspension
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind
from carewatch.planning import models, risk, risk_evidence
from carewatch.ratings import cqc
from carewatch.register import models as register


def active_on(as_of: date) -> Q:
    """Active adult social care services on ``as_of`` (registered, not dormant, adult social care)."""
    return Q(
        Q(registered_on__lte=as_of) | Q(registered_on__isnull=True),
        Q(deregistered_on__gt=as_of) | Q(deregistered_on__isnull=True),
        Q(dormant=False) | Q(dormant_from__gt=as_of),
        adult_social_care=True,
    )


def local_authority(name: str) -> register.LocalAuthority:
    """The current council called ``name`` (case ignored); ``LocalAuthority.DoesNotExist`` if none."""
    return register.LocalAuthority.objects.get(name__iexact=name.strip(), abolished_on__isnull=True)


def weights_in_force(*, organisation: Organisation | None, as_of: date) -> tuple[dict[str, float], int]:
    """The weights ``organisation`` used on ``as_of`` (any version made by the end of that day), and its
    version number; the defaults, version 0, before its first change or with no organisation."""
    if organisation is None:
        return dict(risk.DEFAULT_WEIGHTS), 0
    end = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    version = (
        models.WeightsVersion.objects.filter(organisation=organisation, created_at__lt=end)
        .order_by("-version")
        .first()
    )
    if version is None:
        return dict(risk.DEFAULT_WEIGHTS), 0
    # A signal added to the defaults after the version was saved takes its default weight.
    return {**risk.DEFAULT_WEIGHTS, **version.weights}, version.version


def weights_history(organisation: Organisation) -> list[models.WeightsVersion]:
    """Every version of the council's weights, newest first, with its author (for the weights page)."""
    return list(
        models.WeightsVersion.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-version")
    )


def council_of(local_authority: register.LocalAuthority) -> Organisation | None:
    """The council organisation for a local authority, if carewatch has one."""
    return Organisation.objects.filter(local_authority=local_authority).first()


AREA = "area"  # signals_as_at's default: the evidence of the councils of the area scored


def evidence_organisations(local_authority_codes: list[str] | None) -> QuerySet[Any] | None:
    """Whose evidence counts for an area: the council organisations of its local authorities (a council:
    its own; an ICB: its councils'); None (every council's) for England. Not evaluated: a subquery."""
    if local_authority_codes is None:
        return None
    return Organisation.objects.filter(
        kind=OrganisationKind.COUNCIL, local_authority_id__in=local_authority_codes
    ).values("id")


def signals_as_at(
    *,
    as_of: date,
    local_authority_codes: list[str] | None = None,
    location_ids: list[str] | None = None,
    organisations: QuerySet[Any] | list[int] | None | str = AREA,
) -> list[risk.Signals]:
    """The signals of every active adult social care service (in the councils given, or England).

    ``organisations``: whose own evidence (monitoring, cases) counts: by default the councils of the area
    (``evidence_organisations``); a list of organisation ids; None for every council's. Capacity returns
    are national and always count. A fixed number of queries however many services."""
    locations = register.Location.objects.filter(active_on(as_of))
    if local_authority_codes is not None:
        locations = locations.filter(local_authority_id__in=local_authority_codes)
    if location_ids is not None:
        locations = locations.filter(id__in=location_ids)
    owners: QuerySet[Any] | list[int] | None = (
        evidence_organisations(local_authority_codes) if isinstance(organisations, str) else organisations
    )
    rows = list(
        locations.values_list(
            "id",
            "name",
            "registered_on",
            "registered_manager",
            "provider_id",
            "local_authority_id",
            "care_home",
            "home_care",
        ).order_by("id")
    )
    provider_ids = {row[4] for row in rows if row[4]}
    provider_sizes = dict(
        register.Location.objects.filter(active_on(as_of), provider_id__in=provider_ids)
        .values("provider_id")
        .annotate(n=Count("id"))
        .values_list("provider_id", "n")
        .order_by("provider_id")
    )
    ratings: dict[str, list[risk.RatingAt]] = defaultdict(list)
    rating_rows = (
        register.Rating.objects.filter(location__in=locations, report_on__lte=as_of)
        .exclude(overall__in=["", cqc.INSPECTED_NOT_RATED])
        .values_list("location_id", "report_on", "overall", "inherited", *cqc.KEY_QUESTIONS)
        .order_by("location_id", "-report_on", "-is_current", "-id")
    )
    for location_id, report_on, overall, inherited, *questions in rating_rows.iterator(chunk_size=5000):
        ratings[location_id].append(
            risk.RatingAt(
                on=report_on,
                overall=overall,
                inherited=inherited,
                key_questions={
                    kq: value for kq, value in zip(cqc.KEY_QUESTIONS, questions, strict=True) if value
                },
            )
        )
    evidence: risk_evidence.Found = {}
    collecting: set[str] = set()
    if owners is None or not isinstance(owners, list) or owners:
        risk_evidence.monitoring_evidence(
            as_of=as_of, locations=locations, organisations=owners, evidence=evidence, collecting=collecting
        )
        risk_evidence.cases_evidence(
            as_of=as_of, locations=locations, organisations=owners, evidence=evidence
        )
    risk_evidence.capacity_evidence(
        as_of=as_of,
        locations=locations,
        reporting={row[0]: (row[5] or "", bool(row[6] or row[7])) for row in rows},
        evidence=evidence,
    )
    managers, changed = risk_evidence.managers_as_at(
        as_of=as_of, locations=locations, today_managers={row[0]: row[3] for row in rows}
    )
    # A council collects lived experience in a local authority when any service there had a response.
    areas_collecting = {row[5] for row in rows if row[0] in collecting}
    signals = []
    for location_id, name, registered_on, _, provider_id, area, _, _ in rows:
        found = evidence.get(location_id, {})
        if found.get("lived_experience_responses") is None and area in areas_collecting:
            found = {**found, "lived_experience_responses": 0}
        signals.append(
            risk.Signals(
                location_id=location_id,
                name=name,
                as_of=as_of,
                registered_on=registered_on,
                ratings=tuple(r for r in ratings.get(location_id, []) if r.overall in cqc.RATED),
                registered_manager_missing=not managers.get(location_id, "").strip(),
                registered_manager_changed_on=changed.get(location_id),
                provider_locations=provider_sizes.get(provider_id, 1),
                **found,  # the council's evidence (risk.CouncilEvidence's fields) as read
            )
        )
    return signals


def scores_as_at(
    *, as_of: date, local_authority_codes: list[str] | None = None, weights: dict[str, float] | None = None
) -> list[risk.Score]:
    """Every active service's score, highest first."""
    chosen = weights if weights is not None else risk.DEFAULT_WEIGHTS
    signals = signals_as_at(as_of=as_of, local_authority_codes=local_authority_codes)
    return risk.rank([risk.score(item, chosen) for item in signals])


@dataclass(frozen=True)
class RiskList:
    """What a council's or ICB's staff see: their area's services, highest score first."""

    area: str
    as_of: date
    weights_version: int
    scores: list[risk.Score]


def _area_of(user: User, as_of: date) -> tuple[list[str], str, dict[str, float], int]:
    """The local authority codes a person's risk scores cover, the area's name, and the weights."""
    organisation = user.organisation
    if (
        organisation is not None
        and organisation.kind == OrganisationKind.COUNCIL
        and organisation.local_authority
    ):
        weights, version = weights_in_force(organisation=organisation, as_of=as_of)
        return [organisation.local_authority.code], organisation.local_authority.name, weights, version
    if organisation is not None and organisation.kind == OrganisationKind.ICB and organisation.icb:
        codes = list(
            register.LocalAuthority.objects.filter(icb=organisation.icb, abolished_on__isnull=True)
            .order_by("code")
            .values_list("code", flat=True)
        )
        return codes, organisation.icb.name, dict(risk.DEFAULT_WEIGHTS), 0
    return [], "", dict(risk.DEFAULT_WEIGHTS), 0


def location_score_for(user: User, location_id: str, *, as_of: date) -> risk.Score | None:
    """One service's score, for a council's or ICB's staff and only in their area; otherwise None."""
    codes, _, weights, _ = _area_of(user, as_of)
    if not codes:
        return None
    found = signals_as_at(as_of=as_of, local_authority_codes=codes, location_ids=[location_id])
    return risk.score(found[0], weights) if found else None


def register_version() -> int:
    """The id of the register's latest snapshot in force (0 before any import): every score reads only the
    register, so a score as at a date with given weights stays the same until the next import or undo."""
    return (
        register.Snapshot.objects.filter(undone_at__isnull=True)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
        or 0
    )


RISK_LIST_CACHE_SECONDS = 6 * 60 * 60


def cached_scores(
    *, as_of: date, local_authority_codes: list[str], weights: dict[str, float]
) -> list[risk.Score]:
    """``scores_as_at``, kept in the default cache under the register's version, the council evidence's
    version (``risk_evidence.evidence_version``), the date, the area and a digest of the weights: a new
    import, an undo, a new step in monitoring, cases or capacity, or a change of weights is a new key."""
    digest = hashlib.sha256(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:16]
    evidence = hashlib.sha256(risk_evidence.evidence_version().encode()).hexdigest()[:12]
    area = ",".join(sorted(local_authority_codes))
    key = f"planning:risk:{register_version()}:{evidence}:{as_of.isoformat()}:{area}:{digest}"
    found = cache.get(key)
    if found is None:
        found = scores_as_at(as_of=as_of, local_authority_codes=local_authority_codes, weights=weights)
        cache.set(key, found, RISK_LIST_CACHE_SECONDS)
    return list(found)


def risk_list_for(user: User, *, as_of: date) -> RiskList:
    """The risk scores of the person's area: their council's, or every council's in their ICB.

    Anyone else (a provider, a national body, no organisation) gets an empty list: the view refuses them
    before this is called, and this refuses them again."""
    codes, area, weights, version = _area_of(user, as_of)
    scores = cached_scores(as_of=as_of, local_authority_codes=codes, weights=weights) if codes else []
    return RiskList(area=area, as_of=as_of, weights_version=version, scores=scores)


def ratings_between(
    *, after: date, until: date, location_ids: list[str]
) -> dict[str, list[tuple[date, str]]]:
    """The overall ratings published after ``after`` up to ``until``, per location (one query)."""
    wanted = set(location_ids)
    found: dict[str, list[tuple[date, str]]] = defaultdict(list)
    rows = (
        register.Rating.objects.filter(report_on__gt=after, report_on__lte=until, overall__in=cqc.RATED)
        .values_list("location_id", "report_on", "overall")
        .order_by("location_id", "report_on", "id")
    )
    for location_id, report_on, overall in rows.iterator(chunk_size=5000):
        if location_id in wanted and report_on is not None:
            found[location_id].append((report_on, overall))
    return dict(found)


def suspensions_started_between(*, after: date, until: date, location_ids: list[str]) -> set[str]:
    """The services where any council suspended placements after ``after`` up to ``until`` (one query)."""
    wanted = set(location_ids)
    rows = Suspension.objects.filter(started_on__gt=after, started_on__lte=until).values_list(
        "location_id", flat=True
    )
    return {location_id for location_id in rows.order_by("location_id") if location_id in wanted}
