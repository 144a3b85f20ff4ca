"""Every write of peer support (docs/recognition.md, "Peer support"): keyword-only, ``now`` passed in, one
transaction and one audit entry each (pairing with a case also adds the case's ladder action, which cases
audits itself); bad input raises ``errors.InvalidInput`` naming every field at fault, and nothing is saved.

volunteer_supporter (a provider manager) → pair (a council QA officer or manager) → log_session (either
side, or the council) → end_pairing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carewatch.cases import errors as case_errors
from carewatch.cases import services as case_services
from carewatch.cases.ladder import ActionKind
from carewatch.cases.models import Case
from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import peer_queries, peer_ranking
from carewatch.recognition.errors import InvalidInput, NotPermitted
from carewatch.recognition.peer_models import PeerPairing, PeerSession, PeerSupporter
from carewatch.register.models import Location

GOALS_LIMIT = 2000
NOTE_LIMIT = 2000


def volunteer_supporter(
    *,
    actor: User | None,
    location: Location,
    subjects: Sequence[str],
    now: datetime,
    organisation: Organisation | None = None,
    label: str | None = None,
) -> PeerSupporter:
    """A provider's manager volunteers one of its services as a peer supporter on chosen subjects (theme
    slugs). Refused, naming why, when the service is not eligible (``peer_queries.why_not_eligible``).
    From the command line (the demo) ``actor`` is None and ``organisation`` and ``label`` say whose and who."""
    if actor is None:
        if organisation is None or not label:
            raise NotPermitted("Say which provider volunteers, and who does it")
    else:
        organisation = actor.organisation
        if not actor.is_active or not actor.has_role(Role.PROVIDER_MANAGER):
            organisation = None
    if organisation is None or organisation.kind != OrganisationKind.PROVIDER:
        raise NotPermitted("Only a provider's manager can volunteer its services as peer supporters")
    if location.provider_id is None or location.provider_id != organisation.provider_id:
        raise InvalidInput([("location", f"{organisation.name} does not run {location.name}")])
    chosen = [slug for slug in peer_ranking.THEME_NAMES if slug in set(subjects)]
    unknown = sorted(set(subjects) - set(peer_ranking.THEME_NAMES))
    problems: list[tuple[str, str]] = []
    if unknown:
        problems.append(("subjects", "Choose subjects from the list"))
    elif not chosen:
        problems.append(("subjects", "Choose at least one subject you can support others with"))
    today = timezone.localdate(now)
    problems += [("location", reason) for reason in peer_queries.why_not_eligible(location, today=today)]
    if PeerSupporter.objects.filter(location=location, withdrawn_on__isnull=True).exists():
        problems.append(("location", f"{location.name} is already a peer supporter"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        supporter = PeerSupporter.objects.create(
            location=location,
            organisation=organisation,
            subjects=chosen,
            volunteered_on=today,
            volunteered_at=now,
            volunteered_by=actor,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            label=label,
            action="peer.supporter_volunteered",
            object_type="recognition.peersupporter",
            object_id=supporter.pk,
            after={"location": location.pk, "subjects": chosen},
        )
    return supporter


def withdraw_supporter(*, actor: User, supporter: PeerSupporter, now: datetime) -> PeerSupporter:
    """The provider's manager stops offering peer support (pairings already made carry on)."""
    if (
        not actor.is_active
        or actor.organisation_id != supporter.organisation_id
        or not actor.has_role(Role.PROVIDER_MANAGER)
    ):
        raise NotPermitted("Only the provider's manager can withdraw its peer support")
    if supporter.withdrawn_on is not None:
        return supporter
    with transaction.atomic():
        supporter.withdrawn_on = timezone.localdate(now)
        supporter.save(update_fields=["withdrawn_on"])
        audit.write(
            now=now,
            actor=actor,
            organisation=actor.organisation,
            action="peer.supporter_withdrawn",
            object_type="recognition.peersupporter",
            object_id=supporter.pk,
            after={"withdrawn_on": supporter.withdrawn_on.isoformat()},
        )
    return supporter


def require_council_qa(actor: User, what: str) -> None:
    """Refuse anyone but an active QA officer or manager of a council (offers_services uses it too)."""
    organisation = actor.organisation
    if (
        not actor.is_active
        or organisation is None
        or organisation.kind != OrganisationKind.COUNCIL
        or not actor.has_role(*peer_queries.COUNCIL_QA)
    ):
        raise NotPermitted(f"Only a council's QA officers and managers can {what}")


def pair(
    *,
    actor: User,
    mentee: Location,
    supporter: PeerSupporter,
    goals: str,
    starts_on: date | None,
    review_on: date | None,
    now: datetime,
    case: Case | None = None,
) -> PeerPairing:
    """Pair a provider of concern with a peer supporter, with goals, a start and a review date. With
    ``case`` (the council's open case about the mentee) the case gains the ladder action "peer support",
    due on the review date, whose details link back to this pairing."""
    require_council_qa(actor, "pair providers for peer support")
    council = actor.organisation
    assert council is not None
    problems: list[tuple[str, str]] = []
    if supporter.location_id == mentee.pk or (
        mentee.provider_id is not None and supporter.location.provider_id == mentee.provider_id
    ):
        problems.append(("supporter", "A provider cannot be paired with itself: choose another supporter"))
    elif supporter.withdrawn_on is not None:
        problems.append(("supporter", f"{supporter.location.name} no longer offers peer support"))
    if council.local_authority_id is None or mentee.local_authority_id != council.local_authority_id:
        problems.append(("mentee", f"{mentee.name} is not in {council.name}'s area"))
    text = goals.strip()
    if not text:
        problems.append(("goals", "Enter the goals of the peer support"))
    elif len(text) > GOALS_LIMIT:
        problems.append(("goals", f"The goals must be {GOALS_LIMIT} characters or fewer"))
    if starts_on is None:
        problems.append(("starts_on", "Enter the date the peer support starts"))
    if review_on is None:
        problems.append(("review_on", "Enter the date the peer support is reviewed"))
    elif starts_on is not None and review_on <= starts_on:
        problems.append(("review_on", "The review date must be after the start date"))
    if case is not None and (
        case.organisation_id != council.pk
        or not case.is_open
        or not case.case_locations.filter(location=mentee).exists()
    ):
        problems.append(("case", f"Choose an open case of {council.name} about {mentee.name}"))
    if problems:
        raise InvalidInput(problems)
    assert starts_on is not None and review_on is not None
    with transaction.atomic():
        pairing = PeerPairing.objects.create(
            council=council,
            supporter=supporter,
            mentee=mentee,
            goals=text,
            starts_on=starts_on,
            review_on=review_on,
            created_at=now,
            created_by=actor,
        )
        if case is not None:
            link = reverse("recognition:peer_pairing", kwargs={"pairing_id": pairing.pk})
            try:
                action = case_services.add_action(
                    actor=actor,
                    case=case,
                    kind=ActionKind.PEER_SUPPORT,
                    owner=actor,
                    due_on=review_on,
                    now=now,
                    title=f"Peer support from {supporter.location.name}",
                    peer_provider=supporter.location.provider,
                    details={"link": {"href": link, "text": "See the peer support pairing"}},
                )
            except case_errors.CaseError as error:
                raise InvalidInput([("case", error.message)]) from error
            pairing.case_action = action
            pairing.save(update_fields=["case_action"])
        audit.write(
            now=now,
            actor=actor,
            organisation=council,
            action="peer.paired",
            object_type="recognition.peerpairing",
            object_id=pairing.pk,
            after={
                "mentee": mentee.pk,
                "supporter": supporter.location_id,
                "starts_on": starts_on.isoformat(),
                "review_on": review_on.isoformat(),
                "case_action": pairing.case_action_id,
            },
        )
    return pairing


def log_session(
    *, actor: User, pairing: PeerPairing, held_on: date | None, note: str, now: datetime
) -> PeerSession:
    """Either side of the pair (their provider people) or the council logs a session."""
    if not peer_queries.may_log_session(actor, pairing):
        raise NotPermitted("Only the two providers in the pairing and the council can log its sessions")
    problems: list[tuple[str, str]] = []
    today = timezone.localdate(now)
    if held_on is None:
        problems.append(("held_on", "Enter the date of the session"))
    elif held_on > today:
        problems.append(("held_on", "The date of the session must be today or in the past"))
    elif held_on < pairing.starts_on:
        problems.append(
            (
                "held_on",
                f"The date of the session must be on or after the start, {pairing.starts_on:%-d %B %Y}",
            )
        )
    text = note.strip()
    if not text:
        problems.append(("note", "Say what the session covered"))
    elif len(text) > NOTE_LIMIT:
        problems.append(("note", f"The note must be {NOTE_LIMIT} characters or fewer"))
    if problems:
        raise InvalidInput(problems)
    assert held_on is not None
    with transaction.atomic():
        session = PeerSession.objects.create(
            pairing=pairing, held_on=held_on, note=text, logged_at=now, logged_by=actor
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=actor.organisation,
            action="peer.session_logged",
            object_type="recognition.peerpairing",
            object_id=pairing.pk,
            after={"session": session.pk, "held_on": held_on.isoformat()},
        )
    return session
