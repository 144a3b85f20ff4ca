"""A council's monitoring timescales: days for factual-accuracy comments and for an action plan, months to
the follow-up visit."""

from __future__ import annotations

from carewatch.core.models import Organisation
from carewatch.monitoring.models import MonitoringSettings

DEFAULT_TIMESCALES = {"factual_accuracy_days": 14, "action_plan_days": 14, "follow_up_months": 6}


def timescales(organisation: Organisation) -> dict[str, int]:
    """The council's timescales: its MonitoringSettings, else the PAMMS defaults (14 days, 14 days, 6 months)."""
    row = MonitoringSettings.objects.filter(organisation=organisation).first()
    if row is None:
        return dict(DEFAULT_TIMESCALES)
    return {
        "factual_accuracy_days": row.factual_accuracy_days,
        "action_plan_days": row.action_plan_days,
        "follow_up_months": row.follow_up_months,
    }
