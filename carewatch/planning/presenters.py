"""Shaping risk scores for pages other apps render."""

from __future__ import annotations

from datetime import date

from carewatch.core.roles import Role
from carewatch.planning import queries, risk

READER_ROLES = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER, Role.ANALYST)


def location_risk(user, location_id: str, *, today: date) -> risk.Score | None:
    """For a service's page: ``{% include "planning/_location_risk.html" with risk=… %}``. The score and
    its reasons for council and ICB staff whose area the service is in; None for everyone else."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(*READER_ROLES):
        return None
    return queries.location_score_for(user, location_id, as_of=today)
