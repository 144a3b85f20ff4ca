"""Facts the public site shows and filters on that live above the register, for the finder
(``register.finder.HeldFacts``) and the badges: who signed the Social Care Commitment (recognition) and
which care homes reported a vacancy they accept admissions to, in a return that is not out of date
(capacity), and which services hold a council's quality mark today (recognition).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from carewatch.capacity import queries as capacity_queries
from carewatch.recognition import quality_mark_queries
from carewatch.recognition import queries as recognition_queries
from carewatch.register import finder


def signed_commitment(location_ids: Iterable[str], *, today: date) -> dict[str, date]:
    """Of these services, those whose employer holds the Social Care Commitment, with the date it signed."""
    return recognition_queries.signed_location_ids(location_ids, today=today)


def with_vacancies(location_ids: Iterable[str], *, now: datetime) -> set[str]:
    """Of these services, the care homes whose latest return, not out of date, has a bed free that they
    accept admissions to."""
    return capacity_queries.with_vacancies(location_ids, now=now)


def quality_marks(
    location_ids: Iterable[str], *, today: date
) -> dict[str, list[quality_mark_queries.HeldMark]]:
    """Of these services, those holding a council's quality mark today (awarded, in date, not suspended)."""
    return quality_mark_queries.held_marks(location_ids, today=today)


def fresh_days() -> int:
    """How many days a capacity return counts before it is out of date."""
    return capacity_queries.stale_days()


def finder_facts(*, today: date, now: datetime) -> finder.HeldFacts:
    return {
        "commitment": lambda ids: set(signed_commitment(ids, today=today)),
        "vacancies": lambda ids: with_vacancies(ids, now=now),
        "quality_mark": lambda ids: set(quality_marks(ids, today=today)),
    }
