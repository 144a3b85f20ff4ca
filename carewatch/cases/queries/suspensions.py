"""Reads of suspensions of new placements: a first-class fact for the register, the API and placement search.

Whose suspensions are read is always said: ``owners`` is an :class:`~carewatch.core.access.OwnerScope`
(``access.NATIONAL`` for every council, ``access.owners_for(user)`` for what one person may know,
``access.OwnerScope.of(ids)`` for some councils); ``published_only=True`` keeps those a council chose
to publish.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from carewatch.cases.models import Case, Suspension
from carewatch.cases.queries.cases import cases_visible_to
from carewatch.core import access
from carewatch.core.models import User
from carewatch.register.models import Location


def _in_force_on(on: date) -> Q:
    return Q(started_on__lte=on) & (Q(lifted_on__isnull=True) | Q(lifted_on__gt=on))


def suspensions_in_force(
    *, on: date, owners: access.OwnerScope, published_only: bool = False
) -> QuerySet[Suspension]:
    """Suspensions in force on ``on`` of the councils in ``owners``."""
    suspensions = owners.filter(Suspension.objects.filter(_in_force_on(on)), "case__organisation")
    if published_only:
        suspensions = suspensions.filter(published=True)
    return suspensions


def suspended_location_ids(*, on: date, owners: access.OwnerScope, published_only: bool = False) -> set[str]:
    """Locations where new placements are suspended on ``on``: for the register, the API and placement search.

    A view passes ``owners=access.owners_for(user)`` (what that person may know), or
    ``owners=access.NATIONAL, published_only=True`` for the public.
    """
    return set(
        suspensions_in_force(on=on, owners=owners, published_only=published_only).values_list(
            "location_id", flat=True
        )
    )


def is_suspended(
    location: Location | str, *, on: date, owners: access.OwnerScope, published_only: bool = False
) -> bool:
    """Whether new placements are suspended at ``location`` (a location or its id) on ``on``."""
    location_id = location.pk if isinstance(location, Location) else location
    return (
        suspensions_in_force(on=on, owners=owners, published_only=published_only)
        .filter(location_id=location_id)
        .exists()
    )


def suspended_location_ids_known_to(user: User | AnonymousUser | None, *, on: date) -> set[str]:
    """What one person may know is suspended: every published suspension, plus those of councils
    whose intelligence they may read (their own and councils sharing with them; everyone's for a
    system administrator)."""
    known = suspended_location_ids(on=on, owners=access.NATIONAL, published_only=True)
    if user is not None and user.is_authenticated:
        known |= suspended_location_ids(on=on, owners=access.owners_for(user))
    return known


def published_suspensions(*, on: date) -> QuerySet[Suspension]:
    """Suspensions in force that their council chose to publish, for the public page."""
    return (
        suspensions_in_force(on=on, owners=access.NATIONAL, published_only=True)
        .select_related("location", "case__organisation")
        .order_by("location__name", "id")
    )


def suspensions_visible_to(user: User, *, on: date) -> QuerySet[Suspension]:
    """Suspensions in force that ``user`` may know about (commissioners, brokerage)."""
    return (
        suspensions_in_force(on=on, owners=access.owners_for(user))
        .select_related("location", "case__organisation")
        .order_by("location__name", "id")
    )


def suspensions_at(location_id: str, *, on: date) -> QuerySet[Suspension]:
    """Every council's suspensions in force at one location on ``on``, oldest first, with their council
    (a presenter then keeps those the person may know of)."""
    return (
        suspensions_in_force(on=on, owners=access.NATIONAL)
        .filter(location_id=location_id)
        .select_related("case__organisation")
        .order_by("started_on", "id")
    )


def suspensions_of(case: Case) -> QuerySet[Suspension]:
    """The case's suspensions, in force or lifted, oldest first."""
    return case.suspensions.select_related("location").order_by("started_on", "id")


def suspension_for(user: User, suspension_id: int) -> Suspension:
    """One suspension on a case ``user`` may see; raises ``Suspension.DoesNotExist`` otherwise."""
    return (
        Suspension.objects.filter(case__in=cases_visible_to(user))
        .select_related("case__organisation", "case__ladder", "location")
        .get(pk=suspension_id)
    )
