"""Reads of peer support (docs/recognition.md, "Peer support"): who may volunteer (the eligibility rule),
suggestions for a provider of concern, the pairings a person may read, and each pairing's outcome."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from carewatch.cases.models import Case
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring.models import Finding, Visit, VisitState
from carewatch.ratings import cqc
from carewatch.recognition import peer_ranking, quality_mark_queries
from carewatch.recognition.peer_models import PeerPairing, PeerSession, PeerSupporter
from carewatch.register.models import Location, Rating

FINDINGS_LOOKBACK_DAYS = 730
COUNCIL_QA = (Role.QA_OFFICER, Role.QA_MANAGER)


def eligible_ratings() -> tuple[str, ...]:
    """The CQC overall ratings a supporter may hold (``CAREWATCH_PEER_SUPPORTER_RATINGS``)."""
    return tuple(getattr(settings, "CAREWATCH_PEER_SUPPORTER_RATINGS", (cqc.OUTSTANDING, cqc.GOOD)))


def why_not_eligible(location: Location, *, today: date) -> list[str]:
    """Every reason a service may not volunteer as a peer supporter now (empty: it may)."""
    reasons = []
    rating = Rating.objects.filter(location=location, is_current=True).first()
    allowed = eligible_ratings()
    if rating is None or rating.overall not in allowed:
        said = f"rated {rating.overall}" if rating and rating.overall else "not rated"
        reasons.append(
            f"{location.name} is {said} by the CQC; a peer supporter must be rated " + " or ".join(allowed)
        )
    if getattr(settings, "CAREWATCH_PEER_SUPPORTER_NO_OPEN_CASE", True) and open_case_councils([location.pk]):
        reasons.append(f"{location.name} is in an open case on a council's ladder of intervention")
    if not location.is_active:
        reasons.append(f"{location.name} is not an active registered service")
    return reasons


def open_case_councils(location_ids: Iterable[str]) -> dict[str, list[str]]:
    """Of these services, those in an open case, with the councils' names."""
    found: dict[str, list[str]] = {}
    for location_id, council in (
        Case.objects.filter(is_open=True, case_locations__location_id__in=list(location_ids))
        .values_list("case_locations__location_id", "organisation__name")
        .order_by("case_locations__location_id", "organisation__name")
    ):
        found.setdefault(location_id, []).append(council)
    return found


def current_supporters() -> QuerySet[PeerSupporter]:
    return (
        PeerSupporter.objects.filter(withdrawn_on__isnull=True)
        .select_related("location", "organisation")
        .order_by("location__name", "pk")
    )


def supporters_of(organisation: Organisation) -> QuerySet[PeerSupporter]:
    """A provider organisation's volunteered services, current first."""
    return (
        PeerSupporter.objects.filter(organisation=organisation)
        .select_related("location")
        .order_by("withdrawn_on", "location__name", "pk")
    )


def provider_locations(organisation: Organisation | None) -> QuerySet[Location]:
    """The active services a provider organisation runs (what its manager may volunteer)."""
    if organisation is None or organisation.kind != OrganisationKind.PROVIDER or not organisation.provider_id:
        return Location.objects.none()
    return Location.objects.filter(provider_id=organisation.provider_id, is_active=True).order_by(
        "name", "pk"
    )


def kind_of(location: Location) -> str:
    if location.nursing:
        return "nursing home"
    if location.care_home:
        return "care home"
    if location.home_care:
        return "home care"
    return "other"


def finding_themes(location_ids: Iterable[str], *, today: date) -> dict[str, Counter[str]]:
    """The themes (default slugs) of each service's findings in the last 24 months."""
    since = today - timedelta(days=FINDINGS_LOOKBACK_DAYS)
    found: dict[str, Counter[str]] = {}
    for location_id, slug in (
        Finding.objects.filter(
            visit__location_id__in=list(location_ids), visit__visit_on__gte=since, theme__isnull=False
        )
        .values_list("visit__location_id", "theme__slug")
        .order_by("visit__location_id", "pk")
    ):
        found.setdefault(location_id, Counter())[slug] += 1
    return found


def services(
    locations: Iterable[Location],
    *,
    today: date,
    subjects: dict[str, list[str]] | None = None,
    with_themes: bool = False,
) -> dict[str, peer_ranking.Service]:
    """The ranking's facts about each service (its current CQC key questions, and optionally themes)."""
    chosen = list(locations)
    ids = [loc.pk for loc in chosen]
    ratings = {r.location_id: r for r in Rating.objects.filter(location_id__in=ids, is_current=True)}
    themes = finding_themes(ids, today=today) if with_themes else {}
    marks = quality_mark_queries.held_marks(ids, today=today)
    found = {}
    for loc in chosen:
        rating = ratings.get(loc.pk)
        held = marks.get(loc.pk)
        found[loc.pk] = peer_ranking.Service(
            location_id=loc.pk,
            name=loc.name,
            kind=kind_of(loc),
            latitude=loc.latitude,
            longitude=loc.longitude,
            key_questions={kq: getattr(rating, kq) for kq in cqc.KEY_QUESTIONS} if rating else {},
            themes=dict(themes.get(loc.pk, {})),
            subjects=tuple((subjects or {}).get(loc.pk, ())),
            quality_mark=f"{held[0].scheme}: {held[0].tier}" if held else "",
        )
    return found


@dataclass(frozen=True)
class Suggested:
    supporter: PeerSupporter
    suggestion: peer_ranking.Suggestion


def suggestions(mentee: Location, *, today: date, limit: int = 10) -> list[Suggested]:
    """Current peer supporters for this service, best first, with the reasons in words (never itself,
    nor a service of its own provider)."""
    supporters = [
        s
        for s in current_supporters()
        if s.location_id != mentee.pk
        and (mentee.provider_id is None or s.location.provider_id != mentee.provider_id)
    ]
    facts = services([mentee], today=today, with_themes=True)[mentee.pk]
    others = services(
        [s.location for s in supporters],
        today=today,
        subjects={s.location_id: s.subjects for s in supporters},
    )
    by_location = {s.location_id: s for s in supporters}
    ranked = peer_ranking.rank(facts, [others[s.location_id] for s in supporters])
    return [Suggested(by_location[r.supporter.location_id], r) for r in ranked[:limit]]


# --- pairings ------------------------------------------------------------------------------------


def pairings_visible_to(user: User) -> QuerySet[PeerPairing]:
    """The council's QA officers and managers read its pairings; a provider's people read the pairings
    where it supports or is supported; nobody else any."""
    organisation = user.organisation if user.is_active else None
    if organisation is None:
        return PeerPairing.objects.none()
    if organisation.kind == OrganisationKind.COUNCIL and user.has_role(*COUNCIL_QA):
        return PeerPairing.objects.filter(council=organisation)
    if organisation.kind == OrganisationKind.PROVIDER:
        mine = Q(supporter__organisation=organisation)
        if organisation.provider_id:
            mine |= Q(mentee__provider_id=organisation.provider_id)
        return PeerPairing.objects.filter(mine)
    return PeerPairing.objects.none()


def pairing_list(user: User) -> QuerySet[PeerPairing]:
    return (
        pairings_visible_to(user)
        .select_related("council", "mentee", "supporter__location")
        .order_by("ended_on", "-starts_on", "-pk")
    )


def pairing_for(user: User, pairing_id: int) -> PeerPairing:
    """One pairing the person may read (``DoesNotExist`` otherwise)."""
    return (
        pairings_visible_to(user)
        .select_related("council", "mentee", "supporter__location", "supporter__organisation", "case_action")
        .get(pk=pairing_id)
    )


def sessions_of(pairing: PeerPairing) -> QuerySet[PeerSession]:
    return pairing.sessions.select_related("logged_by__organisation").order_by("held_on", "pk")


def may_log_session(user: User, pairing: PeerPairing) -> bool:
    """Either side's provider people, or the council's QA officers and managers."""
    organisation = user.organisation
    if not user.is_active or organisation is None or pairing.ended_on is not None:
        return False
    if organisation.pk == pairing.council_id:
        return user.has_role(*COUNCIL_QA)
    if organisation.kind != OrganisationKind.PROVIDER:
        return False
    return organisation.pk == pairing.supporter.organisation_id or (
        organisation.provider_id is not None and organisation.provider_id == pairing.mentee.provider_id
    )


def locations_of_concern(council: Organisation) -> QuerySet[Location]:
    """Services in the council's open cases (the providers of concern an officer may pair)."""
    return Location.objects.filter(
        pk__in=Case.objects.filter(organisation=council, is_open=True).values("case_locations__location_id")
    ).order_by("name", "pk")


# --- the outcome ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    rating_before: str  # the CQC overall rating in force when the pairing started ("" when none)
    rating_before_on: date | None
    ratings_since: list[tuple[date | None, str]]  # CQC reports published since the start
    local_since: list[tuple[date, int | None]]  # the council's visits since the start: (date, rating 1–4)
    findings_before: int  # findings in the year before the start
    findings_since: int
    improved: bool | None  # the latest CQC overall since the start beats the one before (None: no news)


RATING_ORDER = {cqc.INADEQUATE: 1, cqc.REQUIRES_IMPROVEMENT: 2, cqc.GOOD: 3, cqc.OUTSTANDING: 4}


def outcome(pairing: PeerPairing) -> Outcome:
    """The mentee's ratings and findings before the pairing started and since."""
    start = pairing.starts_on
    mentee = pairing.mentee_id
    before = (
        Rating.objects.filter(location_id=mentee, report_on__lt=start)
        .exclude(overall="")
        .order_by("-report_on", "-pk")
        .first()
    )
    since = list(
        Rating.objects.filter(location_id=mentee, report_on__gte=start)
        .exclude(overall="")
        .order_by("report_on", "pk")
        .values_list("report_on", "overall")
    )
    local = [
        (visit_on, rating)
        for visit_on, rating in Visit.objects.filter(
            location_id=mentee, visit_on__gte=start, organisation_id=pairing.council_id
        )
        .exclude(status__in=[VisitState.SCHEDULED, VisitState.CANCELLED])
        .order_by("visit_on", "pk")
        .values_list("visit_on", "overall_rating")
    ]
    findings = Finding.objects.filter(visit__location_id=mentee)
    improved = None
    if before is not None and since:
        improved = RATING_ORDER.get(since[-1][1], 0) > RATING_ORDER.get(before.overall, 0)
    return Outcome(
        rating_before=before.overall if before else "",
        rating_before_on=before.report_on if before else None,
        ratings_since=since,
        local_since=local,
        findings_before=findings.filter(
            visit__visit_on__lt=start, visit__visit_on__gte=start - timedelta(days=365)
        ).count(),
        findings_since=findings.filter(visit__visit_on__gte=start).count(),
        improved=improved,
    )


def open_case_of(council: Organisation, location: Location) -> Case | None:
    """The council's open case about this service, if any (the one a pairing may add its action to)."""
    return (
        Case.objects.filter(organisation=council, is_open=True, case_locations__location=location)
        .order_by("pk")
        .first()
    )


def location_or_none(location_id: str) -> Location | None:
    """A service by its CQC location ID (None when there is none)."""
    return Location.objects.filter(pk=location_id.strip()).first() if location_id.strip() else None


def location_in_area(council: Organisation | None, location_id: str) -> Location | None:
    """A service in the council's area by its CQC location ID (None otherwise, or with no council)."""
    if council is None or not council.local_authority_id:
        return None
    location = location_or_none(location_id)
    return (
        location
        if location is not None and location.local_authority_id == council.local_authority_id
        else None
    )
