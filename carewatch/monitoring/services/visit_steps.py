"""Helpers shared by the visit, report and action-plan services: locking, status rows, refusals, rating,
scheduling a visit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.monitoring import errors, frameworks, lifecycle, queries
from carewatch.monitoring.models import Framework, FrameworkVersion, Visit, VisitState, VisitStatus
from carewatch.monitoring.services.checks import OFFICERS
from carewatch.register.models import Location


def locked_visit(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update()
        .select_related("organisation", "location", "framework_version")
        .get(pk=visit.pk)
    )


def move_visit(
    visit: Visit,
    action: str,
    *,
    actor: User | None,
    now: datetime,
    note: str = "",
    due_on: date | None = None,
) -> str:
    """Insert the status row for ``action`` (the table decides where it leads) and copy it onto the visit."""
    target = lifecycle.next_visit_state(visit.status, action)
    if target is None:
        raise errors.WrongState(refusal(visit.status, action), state=visit.status, action=action)
    sequence = VisitStatus.objects.filter(visit=visit).count() + 1
    VisitStatus.objects.create(
        visit=visit,
        sequence=sequence,
        status=target,
        at=now,
        by=actor,
        actor_label=audit.actor_label(actor),
        note=note,
        due_on=due_on,
    )
    visit.status = target
    return target


_STATE_WORDS: dict[str, str] = {
    VisitState.SCHEDULED: "has not been carried out yet",
    VisitState.DRAFT: "is still a draft",
    VisitState.SENT: "is with the provider for factual-accuracy comments",
    VisitState.ACCEPTED: "has been accepted by the provider",
    VisitState.DISPUTED: "is disputed by the provider",
    VisitState.REVIEWED: "has had its dispute reviewed",
    VisitState.PUBLISHED: "is published",
    VisitState.CANCELLED: "was cancelled",
}
_ACTION_WORDS: dict[str, str] = {
    lifecycle.START: "start it",
    lifecycle.RESCHEDULE: "reschedule it",
    lifecycle.CANCEL: "cancel it",
    lifecycle.SEND: "send it to the provider",
    lifecycle.ACCEPT: "accept it",
    lifecycle.DISPUTE: "dispute it",
    lifecycle.REVIEW: "review a dispute",
    lifecycle.PUBLISH: "publish it",
    "edit": "change its answers or findings",
    "comment": "comment on it",
}


def refusal(state: str, action: str) -> str:
    return (
        f"This visit report {_STATE_WORDS.get(state, state)}: you cannot {_ACTION_WORDS.get(action, action)}"
    )


def require_state(visit: Visit, states: Iterable[str], action: str) -> None:
    if visit.status not in set(states):
        raise errors.WrongState(refusal(visit.status, action), state=visit.status, action=action)


def checked_officers(organisation: Organisation, officers: Iterable[User]) -> list[User]:
    people = list(dict.fromkeys(officers))
    if not people:
        raise errors.InvalidInput("Choose at least one officer who carried out the visit", field="officers")
    for person in people:
        if (
            person.organisation_id != organisation.pk
            or not person.is_active
            or not person.has_role(*OFFICERS)
        ):
            raise errors.InvalidInput(
                f"{audit.actor_label(person)} is not a QA officer at {organisation.name}", field="officers"
            )
    return people


def version_for(
    organisation: Organisation, location: Location, framework: Framework | None, service_type: str | None
) -> FrameworkVersion:
    if framework is not None:
        if framework.owner_id not in (None, organisation.pk):
            raise errors.NotPermitted("That framework belongs to another council")
    else:
        try:
            kind = (
                frameworks.parse_service_type(service_type)
                if service_type
                else queries.service_type_of(location)
            )
        except ValueError as error:
            raise errors.InvalidInput(str(error), field="service_type") from None
        framework = queries.framework_for(organisation=organisation, service_type=kind)
        if framework is None:
            raise errors.InvalidInput(
                "There is no quality framework for this service type: install the defaults", field="framework"
            )
    version = queries.current_version(framework)
    if version is None:
        raise errors.InvalidInput("That framework has no published version", field="framework")
    return version


def rate_visit(visit: Visit) -> None:
    """Store the ratings engine's result for the visit's answers (carewatch.ratings.local_qa)."""
    assessment = queries.visit_assessment(visit)
    if assessment is None:
        visit.overall_rating, visit.score, visit.standard_ratings = None, None, {}
        return
    visit.overall_rating = int(assessment.overall)
    visit.score = Decimal(assessment.score.numerator) / Decimal(assessment.score.denominator)
    visit.score = visit.score.quantize(Decimal("0.0001"))
    visit.standard_ratings = {
        name: int(result.rating)
        for name, result in sorted(assessment.standards.items(), key=lambda i: int(i[0]))
    }


def visit_facts(visit: Visit) -> dict[str, Any]:
    return {
        "location": visit.location_id,
        "status": visit.status,
        "visit_on": visit.visit_on.isoformat(),
        "kind": visit.kind,
        "announced": visit.announced,
        "framework_version": visit.framework_version_id,
    }


def schedule(
    *,
    organisation: Organisation,
    location: Location,
    visit_on: date,
    kind: str,
    announced: bool,
    officers: list[User],
    now: datetime,
    actor: User | None,
    framework: Framework | None = None,
    note: str = "",
) -> Visit:
    """Insert a scheduled visit and its first status row (the caller checks and audits)."""
    return insert_visit(
        organisation=organisation,
        location=location,
        version=version_for(organisation, location, framework, None),
        visit_on=visit_on,
        kind=kind,
        announced=announced,
        officers=officers,
        status=VisitState.SCHEDULED,
        now=now,
        actor=actor,
        note=note,
    )


def insert_visit(
    *,
    organisation: Organisation,
    location: Location,
    version: FrameworkVersion,
    visit_on: date,
    kind: str,
    announced: bool,
    officers: list[User],
    status: str,
    now: datetime,
    actor: User | None,
    note: str = "",
) -> Visit:
    """Insert a visit in its first state (scheduled, or a draft being recorded) with that status row."""
    visit = Visit.objects.create(
        organisation=organisation,
        location=location,
        framework_version=version,
        kind=kind,
        announced=announced,
        visit_on=visit_on,
        status=status,
        created_at=now,
        created_by=actor,
    )
    visit.officers.set(officers)
    VisitStatus.objects.create(
        visit=visit,
        sequence=1,
        status=status,
        at=now,
        by=actor,
        actor_label=audit.actor_label(actor),
        note=note,
    )
    return visit
