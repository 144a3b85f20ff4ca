"""How the ladder's pages and letters say numbers and times, in GOV.UK style: "1 case", "2 cases";
"6 December 2026"; "6 December 2026 at 9:30am" (the GOV.UK style guide, "Dates" and "Times")."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from carewatch.core import audit
from carewatch.core.dates import long_date
from carewatch.core.models import User


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 open case", "2 open cases": ``plural`` when adding an s is wrong ("1 enquiry", "2 enquiries")."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def long_datetime(moment: datetime | None) -> str:
    """ "6 December 2026 at 9:30am", "… at 12pm" (midday), in UK time."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{long_date(local.date())} at {hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def person(user: User | None) -> str:
    """A person as the ladder's pages name them: full name, else username ("carewatch" for nobody)."""
    return audit.actor_label(user)
