"""Every write of a discharge referral: each one transaction and one audit entry, ``now`` passed in.

The last bed (docs/discharge.md): accepting a request locks the referral's row and a ``BedLock`` row for
the location and bed type (``SELECT … FOR UPDATE``), then counts the beds still free (the latest return's
vacancies accepting admissions, less placements made since it). Two acceptances for the last bed wait for
each other; the second finds none left and is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from carewatch.capacity import queries as capacity_queries
from carewatch.capacity.vocabulary import BedType
from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.discharge import errors
from carewatch.discharge.models import BedLock, Delay, Placement, PlacementRequest, Referral
from carewatch.discharge.vocabulary import (
    DelayReason,
    Funding,
    Pathway,
    ReferralState,
    RequestState,
)
from carewatch.register.models import Location


@dataclass(frozen=True)
class ReferralInput:
    reference: str
    pathway: str
    funding: str
    search_from: str
    ready_on: date
    bed_type: str = ""
    dementia: bool = False
    nursing: bool = False
    bariatric: bool = False
    other_needs: str = ""


def response_hours() -> int:
    return int(settings.CAREWATCH_DISCHARGE_RESPONSE_HOURS)


def _check_coordinator(actor: User, organisation_id: int) -> None:
    if not actor.has_role(Role.DISCHARGE_COORDINATOR) or actor.organisation_id != organisation_id:
        raise errors.NotPermitted("Only a discharge coordinator of the referral's organisation can do this")


def check_referral(details: ReferralInput) -> list[tuple[str, str]]:
    """What is wrong with ``details``: (field, message) pairs, none when it may be saved."""
    problems: list[tuple[str, str]] = []
    if not details.reference.strip():
        problems.append(("reference", "Enter your team's reference for the referral"))
    if details.pathway not in Pathway.values:
        problems.append(("pathway", "Choose the discharge pathway"))
    if details.funding not in Funding.values:
        problems.append(("funding", "Choose who funds the care"))
    if not details.search_from.strip():
        problems.append(("search_from", "Enter a postcode, town or hospital postcode to search from"))
    if details.bed_type and details.bed_type not in BedType.values:
        problems.append(("bed_type", "Choose a bed type from the list"))
    has_needs = bool(
        details.bed_type
        or details.dementia
        or details.nursing
        or details.bariatric
        or details.other_needs.strip()
    )
    if not has_needs:
        problems.append(("needs", "Say what care the person needs: a bed type, or at least one need"))
    elif details.pathway in (Pathway.REHABILITATION, Pathway.CARE_HOME) and not details.bed_type:
        problems.append(("bed_type", "Choose the bed type the person needs: pathways 2 and 3 are bed-based"))
    return problems


def create_referral(
    *, organisation: Organisation, actor: User, details: ReferralInput, now: datetime
) -> Referral:
    if organisation.kind not in (OrganisationKind.COUNCIL, OrganisationKind.ICB):
        raise errors.NotPermitted("Referrals are made by a council's or an ICB's discharge team")
    _check_coordinator(actor, organisation.pk)
    problems = check_referral(details)
    if problems:
        field, message = problems[0]
        raise errors.InvalidInput(message, field=field)
    with transaction.atomic():
        if Referral.objects.filter(organisation=organisation, reference=details.reference.strip()).exists():
            raise errors.InvalidInput(
                "Your team already has a referral with this reference", field="reference"
            )
        referral = Referral.objects.create(
            organisation=organisation,
            created_by=actor,
            created_at=now,
            reference=details.reference.strip(),
            pathway=details.pathway,
            bed_type=details.bed_type,
            dementia=details.dementia,
            nursing=details.nursing,
            bariatric=details.bariatric,
            other_needs=details.other_needs.strip(),
            funding=details.funding,
            search_from=details.search_from.strip(),
            ready_on=details.ready_on,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="discharge.referral_created",
            object_type="referral",
            object_id=referral.pk,
            after={
                "reference": referral.reference,
                "pathway": referral.pathway,
                "bed_type": referral.bed_type,
            },
        )
    return referral


def _open(referral: Referral) -> None:
    if referral.state in (ReferralState.PLACED, ReferralState.CANCELLED):
        raise errors.TooLate(f"This referral is {ReferralState(referral.state).label.lower()}")


def send_requests(
    *, referral: Referral, actor: User, location_ids: Iterable[str], now: datetime
) -> list[PlacementRequest]:
    """Send the referral to each chosen service (those it was sent to before are left as they are)."""
    _check_coordinator(actor, referral.organisation_id)
    wanted = sorted(set(location_ids))
    if not wanted:
        raise errors.InvalidInput("Choose at least one service to send the referral to", field="locations")
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        _open(referral)
        # Pathways 2 and 3 go to care homes; pathway 1 (home with support) to home-care agencies.
        kind = {"home_care": True} if referral.pathway == Pathway.HOME else {"care_home": True}
        locations = list(capacity_queries.reporting_locations().filter(pk__in=wanted, **kind))
        if len(locations) != len(wanted):
            raise errors.InvalidInput(
                "One of the chosen services does not take placements", field="locations"
            )
        already = set(referral.requests.values_list("location_id", flat=True))
        due_by = now + timedelta(hours=response_hours())
        created = [
            PlacementRequest.objects.create(
                referral=referral, location=location, sent_at=now, sent_by=actor, due_by=due_by
            )
            for location in locations
            if location.pk not in already
        ]
        if referral.state == ReferralState.OPEN:
            referral.state = ReferralState.SENT
            referral.save(update_fields=["state"])
        audit.write(
            now=now,
            actor=actor,
            organisation=referral.organisation,
            action="discharge.requests_sent",
            object_type="referral",
            object_id=referral.pk,
            after={"locations": [r.location_id for r in created], "due_by": due_by.isoformat()},
        )
    return created


def _check_responder(actor: User | None, location: Location) -> None:
    if actor is None:
        return  # the demo generator and operators' commands (they pass a label for the audit trail)
    organisation = actor.organisation
    if (
        organisation is None
        or organisation.kind != OrganisationKind.PROVIDER
        or organisation.provider_id != location.provider_id
        or not actor.has_role(Role.PROVIDER_MANAGER)
    ):
        raise errors.NotPermitted("Only a manager of the provider that runs this service can answer")


def _still_open(request: PlacementRequest, now: datetime) -> None:
    if request.state != RequestState.WAITING:
        raise errors.TooLate(f"This request is already {RequestState(request.state).label.lower()}")
    if now > request.due_by:
        raise errors.TooLate(f"The time to answer ended at {request.due_by:%H:%M on %-d %B %Y}")


def beds_free(*, location: Location, bed_type: str, now: datetime) -> int:
    """Beds of ``bed_type`` accepting admissions in the location's latest return, less placements since it."""
    latest = capacity_queries.latest_return(location, as_of=now)
    if latest is None:
        return 0
    vacant = sum(b.vacant_accepting for b in latest.beds.all() if b.bed_type == bed_type and not b.closed)
    held = Placement.objects.filter(location=location, bed_type=bed_type, placed_at__gt=latest.reported_at)
    return vacant - held.count()


def _lock(location: Location, bed_type: str) -> None:
    try:
        with transaction.atomic():
            BedLock.objects.get_or_create(location=location, bed_type=bed_type)
    except IntegrityError:
        pass  # created by the other acceptance at the same moment: it exists now
    BedLock.objects.select_for_update().get(location=location, bed_type=bed_type)


def accept_request(
    *, request: PlacementRequest, actor: User | None, now: datetime, label: str | None = None
) -> Placement:
    """The provider accepts: the first acceptance is the placement, the bed is held, the other requests
    are closed (their providers read "placed elsewhere" on their page)."""
    _check_responder(actor, request.location)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=request.referral_id)
        request = (
            PlacementRequest.objects.select_for_update(of=("self",))
            .select_related("location")
            .get(pk=request.pk)
        )
        _still_open(request, now)
        _open(referral)
        if referral.bed_type:
            _lock(request.location, referral.bed_type)
            if beds_free(location=request.location, bed_type=referral.bed_type, now=now) <= 0:
                raise errors.NoBedLeft(
                    f"{request.location.name} has no {BedType(referral.bed_type).label.lower()} bed left: "
                    "another referral took the last one. Update your vacancies if that is wrong"
                )
        request.state = RequestState.ACCEPTED
        request.responded_at = now
        request.responded_by = actor
        request.save(update_fields=["state", "responded_at", "responded_by"])
        placement = Placement.objects.create(
            referral=referral,
            request=request,
            location=request.location,
            bed_type=referral.bed_type,
            placed_at=now,
        )
        closed = list(
            referral.requests.filter(state=RequestState.WAITING)
            .exclude(pk=request.pk)
            .values_list("pk", flat=True)
        )
        PlacementRequest.objects.filter(pk__in=closed).update(state=RequestState.CLOSED, closed_at=now)
        referral.state = ReferralState.PLACED
        referral.save(update_fields=["state"])
        audit.write(
            now=now,
            actor=actor,
            organisation=referral.organisation,
            action="discharge.placed",
            label=label,
            object_type="referral",
            object_id=referral.pk,
            after={"location": request.location_id, "bed_type": referral.bed_type, "closed_requests": closed},
        )
    return placement


def decline_request(
    *, request: PlacementRequest, actor: User | None, reason: str, now: datetime, label: str | None = None
) -> PlacementRequest:
    _check_responder(actor, request.location)
    if not reason.strip():
        raise errors.InvalidInput("Say why you cannot take this person", field="reason")
    with transaction.atomic():
        request = PlacementRequest.objects.select_for_update().select_related("referral").get(pk=request.pk)
        _still_open(request, now)
        request.state = RequestState.DECLINED
        request.responded_at = now
        request.responded_by = actor
        request.decline_reason = reason.strip()
        request.save(update_fields=["state", "responded_at", "responded_by", "decline_reason"])
        audit.write(
            now=now,
            actor=actor,
            organisation=request.referral.organisation,
            action="discharge.request_declined",
            label=label,
            object_type="placement_request",
            object_id=request.pk,
            after={"reason": request.decline_reason},
        )
    return request


def record_delay(*, referral: Referral, actor: User, reason: str, note: str = "", now: datetime) -> Delay:
    _check_coordinator(actor, referral.organisation_id)
    if reason not in DelayReason.values:
        raise errors.InvalidInput("Choose the reason for the delay", field="reason")
    if reason == DelayReason.OTHER and not note.strip():
        raise errors.InvalidInput("Say what the other reason is", field="note")
    with transaction.atomic():
        delay = Delay.objects.create(
            referral=referral, reason=reason, note=note.strip(), recorded_at=now, recorded_by=actor
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=referral.organisation,
            action="discharge.delay_recorded",
            object_type="referral",
            object_id=referral.pk,
            after={"reason": reason, "note": delay.note},
        )
    return delay


def cancel_referral(*, referral: Referral, actor: User, reason: str, now: datetime) -> Referral:
    """Cancel an unplaced referral; requests still waiting are withdrawn (their providers see so)."""
    _check_coordinator(actor, referral.organisation_id)
    if not reason.strip():
        raise errors.InvalidInput("Say why the referral is cancelled", field="reason")
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        _open(referral)
        withdrawn = list(referral.requests.filter(state=RequestState.WAITING).values_list("pk", flat=True))
        PlacementRequest.objects.filter(pk__in=withdrawn).update(state=RequestState.WITHDRAWN, closed_at=now)
        referral.state = ReferralState.CANCELLED
        referral.cancelled_at = now
        referral.cancel_reason = reason.strip()
        referral.save(update_fields=["state", "cancelled_at", "cancel_reason"])
        audit.write(
            now=now,
            actor=actor,
            organisation=referral.organisation,
            action="discharge.referral_cancelled",
            object_type="referral",
            object_id=referral.pk,
            after={"reason": referral.cancel_reason, "withdrawn_requests": withdrawn},
        )
    return referral
