"""The badges a family sees beside a service: one slot each, filled as carewatch holds the facts.

A badge is something carewatch itself holds and may publish, never a claim of the provider's:

========================  ====================================================  ===================
slot                      shown when                                            comes from
========================  ====================================================  ===================
``quality-mark``          a council's quality mark is held, in date, not        recognition
                          suspended
``commitment``            the provider signed the Social Care Commitment (16)   recognition
``local-qa``              a council published its own quality check with a      monitoring
                          rating
``vacancies``             a capacity return not out of date shows a free bed    capacity
                          accepting admissions
``suspended``             a council suspended new placements and published it   cases
========================  ====================================================  ===================

Slots without a source yet stay empty, so every list, card and comparison already has the place
where the badge will appear and the order they come in. Finder results, the service page and the
comparison all call :func:`badges_for` once per page of services.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from carewatch.cases import queries as cases_queries
from carewatch.core import access, dates
from carewatch.monitoring.queries import public as monitoring_public
from carewatch.public import held
from carewatch.recognition import queries as recognition_queries

SLOTS = ("quality-mark", "commitment", "local-qa", "vacancies", "suspended")


@dataclass(frozen=True)
class Badge:
    slot: str  # one of SLOTS
    label: str  # the tag's words: short
    detail: str  # one plain sentence: who says so and since when
    colour: str  # a GOV.UK tag modifier ("green", "blue", "red", …)


def badges_for(
    location_ids: Iterable[str], *, today: date, now: datetime | None = None
) -> dict[str, list[Badge]]:
    """The public badges of each service, in slot order; a service with none maps to ``[]``.

    Public facts only: a suspension counts once its council published it, whoever is signed in
    (staff read unpublished ones on the staff pages, never in the public finder).
    """
    ids = list(dict.fromkeys(location_ids))
    found: dict[str, list[Badge]] = {location_id: [] for location_id in ids}
    for location_id, marks in held.quality_marks(ids, today=today).items():
        found[location_id].extend(
            Badge(
                slot="quality-mark",
                label=f"{mark.scheme}: {mark.tier}",
                detail=(
                    f"{mark.council} awarded its quality mark at {mark.tier} level; it runs until "
                    f"{dates.long_date(mark.expires_on)} and is checked every day against CQC ratings and the "
                    "council's own evidence."
                ),
                colour="yellow",
            )
            for mark in marks
        )
    for location_id, signed_on in recognition_queries.signed_location_ids(ids, today=today).items():
        found[location_id].append(
            Badge(
                slot="commitment",
                label="Signed the Social Care Commitment",
                detail=(
                    f"The employer signed the Social Care Commitment on {dates.long_date(signed_on)}: a promise "
                    "to recruit, train and support its staff well."
                ),
                colour="green",
            )
        )
    for location_id, published in monitoring_public.published_ratings(ids).items():
        found[location_id].append(
            Badge(
                slot="local-qa",
                label=f"Council check: {published.rating}",
                detail=(
                    f"{published.council} checked the quality of care and published its report on "
                    f"{dates.long_date(published.published_on)}."
                ),
                colour="blue",
            )
        )
    for location_id in held.with_vacancies(ids, now=now or timezone.now()):
        found[location_id].append(
            Badge(
                slot="vacancies",
                label="Has vacancies",
                detail=(
                    f"The home told the council in the last {held.fresh_days()} days that it has a free bed "
                    "and is taking new residents."
                ),
                colour="turquoise",
            )
        )
    suspended = cases_queries.suspended_location_ids(on=today, owners=access.NATIONAL, published_only=True)
    for location_id in ids:
        if location_id in suspended:
            found[location_id].append(
                Badge(
                    slot="suspended",
                    label="New placements suspended",
                    detail="The council has stopped placing new people here for now.",
                    colour="red",
                )
            )
    for badges in found.values():
        badges.sort(key=lambda badge: SLOTS.index(badge.slot))
    return found
