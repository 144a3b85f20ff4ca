"""The council's timescales: days for the provider's factual-accuracy comments and for an action plan,
months to the follow-up visit."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.monitoring import errors, queries
from carewatch.monitoring.models import MonitoringSettings
from carewatch.monitoring.services.checks import CONFIGURERS, require_council, require_staff


@transaction.atomic
def configure_monitoring(
    *,
    organisation: Organisation,
    actor: User,
    now: datetime,
    factual_accuracy_days: int = queries.DEFAULT_TIMESCALES["factual_accuracy_days"],
    action_plan_days: int = queries.DEFAULT_TIMESCALES["action_plan_days"],
    follow_up_months: int = queries.DEFAULT_TIMESCALES["follow_up_months"],
) -> MonitoringSettings:
    """Set the council's timescales: days for factual-accuracy comments (1–90), days for an action plan
    (1–90) and months to the follow-up visit (1–24). Applies to reports sent and plans requested from now on."""
    require_council(organisation)
    require_staff(actor, organisation, CONFIGURERS, "QA managers and organisation administrators")
    for field, value, low, high in (
        ("factual_accuracy_days", factual_accuracy_days, 1, 90),
        ("action_plan_days", action_plan_days, 1, 90),
        ("follow_up_months", follow_up_months, 1, 24),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise errors.InvalidInput(f"Enter a whole number from {low} to {high}", field=field)
    row = MonitoringSettings.objects.select_for_update().filter(organisation=organisation).first()
    before = None
    if row is None:
        row = MonitoringSettings(organisation=organisation)
    else:
        before = {name: getattr(row, name) for name in queries.DEFAULT_TIMESCALES}
    row.factual_accuracy_days, row.action_plan_days, row.follow_up_months = (
        factual_accuracy_days,
        action_plan_days,
        follow_up_months,
    )
    row.updated_at = now
    row.save()
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.settings_changed",
        object_type="monitoring.monitoringsettings",
        object_id=row.pk,
        before=before,
        after={name: getattr(row, name) for name in queries.DEFAULT_TIMESCALES},
    )
    return row
