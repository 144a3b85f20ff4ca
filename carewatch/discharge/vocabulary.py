"""The words of a discharge referral: pathways, funding, states, delay reasons, and the published bands of days.

Pathways are NHS England's discharge pathways (Hospital Discharge and Community Support Guidance): 1 home
with support, 2 bed-based rehabilitation or reablement, 3 a care home. Bed types are capacity's
(``carewatch.capacity.vocabulary.BedType``), so a referral asks for exactly what providers report.
"""

from __future__ import annotations

from django.db import models


class Pathway(models.TextChoices):
    HOME = "1", "Pathway 1: home with support"
    REHABILITATION = "2", "Pathway 2: bed-based rehabilitation"
    CARE_HOME = "3", "Pathway 3: care home"


class Funding(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS_CHC = "nhs_chc", "NHS Continuing Healthcare"
    SELF = "self", "Self-funded"


class ReferralState(models.TextChoices):
    OPEN = "open", "Not sent yet"
    SENT = "sent", "Waiting for providers"
    PLACED = "placed", "Placed"
    CANCELLED = "cancelled", "Cancelled"


class RequestState(models.TextChoices):
    WAITING = "waiting", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed: placed elsewhere"
    WITHDRAWN = "withdrawn", "Withdrawn: referral cancelled"


class DelayReason(models.TextChoices):
    """The short fixed list (issue 15)."""

    AWAITING_ASSESSMENT = "awaiting_assessment", "Awaiting assessment"
    AWAITING_FUNDING = "awaiting_funding", "Awaiting funding decision"
    NO_VACANCY = "no_vacancy", "No suitable vacancy"
    FAMILY_CHOICE = "family_choice", "Family choice"
    AWAITING_EQUIPMENT = "awaiting_equipment", "Awaiting equipment"
    OTHER = "other", "Other"


# The bands of days NHS England publishes discharge delays in (the Discharge Delays SitRep): the
# first band is "1 day" and takes a same-day discharge too.
BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 1, "1 day"),
    (2, 3, "2 to 3 days"),
    (4, 6, "4 to 6 days"),
    (7, 13, "7 to 13 days"),
    (14, 20, "14 to 20 days"),
    (21, None, "21 days or more"),
)
BAND_LABELS = tuple(label for _low, _high, label in BANDS)


def band_of(days: int) -> str:
    """The published band a number of days falls in: 0 or 1 → "1 day", 2–3, 4–6, 7–13, 14–20, 21+."""
    if days < 0:
        raise ValueError("days cannot be negative")
    for low, high, label in BANDS:
        if low <= days and (high is None or days <= high):
            return label
    raise AssertionError("unreachable")  # pragma: no cover
