"""Whether the demo data is still being prepared (``setup-demo --serve-first``), and its two writes.

``make run`` serves the first page as soon as the register is imported and the demo users exist;
visits, findings, proposed cases, the dashboards' monthly figures and their charts are prepared by a
second ``setup-demo`` process meanwhile. Until it finishes every page says "Demo data is still being
prepared" (``carewatch.demo.context_processors``). Each write is audited.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction

from carewatch.core import audit
from carewatch.demo.models import Preparation

LABEL = "setup-demo (command line)"


def start(*, now: datetime) -> Preparation:
    """A new preparation; any earlier one left unfinished (its process was stopped) is superseded."""
    with transaction.atomic():
        Preparation.objects.filter(finished_at__isnull=True).update(finished_at=now)
        preparation = Preparation.objects.create(started_at=now)
        audit.write(
            now=now,
            actor=None,
            organisation=None,
            label=LABEL,
            action="demo.preparation_started",
            object_type="demo_preparation",
            object_id=preparation.pk,
        )
    return preparation


def finish(*, preparation_id: int, now: datetime) -> None:
    with transaction.atomic():
        Preparation.objects.filter(pk=preparation_id, finished_at__isnull=True).update(finished_at=now)
        audit.write(
            now=now,
            actor=None,
            organisation=None,
            label=LABEL,
            action="demo.preparation_finished",
            object_type="demo_preparation",
            object_id=preparation_id,
        )


def in_progress() -> bool:
    """True in demo mode while a preparation is unfinished (one indexed query; none outside demo mode)."""
    return bool(settings.DEMO_MODE) and Preparation.objects.filter(finished_at__isnull=True).exists()
