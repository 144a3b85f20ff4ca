"""Writes for people and their accounts."""

from datetime import datetime

from django.contrib.auth.models import Group
from django.db import transaction

from carewatch.core import audit
from carewatch.core.models import User

DEMO_PASSWORD = "carewatch-demo-2026"
# One demo user per role (roles are refined by the access work; a group stands for each for now).
DEMO_ROLES = (
    ("qa-officer", "QA officer"),
    ("qa-manager", "QA manager"),
    ("commissioner", "Commissioner"),
    ("analyst", "Analyst"),
    ("discharge-coordinator", "Discharge coordinator"),
    ("provider-manager", "Provider manager"),
    ("provider-staff", "Provider staff"),
    ("org-admin", "Organisation administrator"),
)


def create_demo_users(*, now: datetime) -> list[tuple[str, str]]:
    """Create (or reset) one user per role with the demo password. Demo mode only."""
    created = []
    with transaction.atomic():
        for username, role in DEMO_ROLES:
            group, _ = Group.objects.get_or_create(name=role)
            user, was_created = User.objects.get_or_create(username=username, defaults={"first_name": role})
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(group)
            if was_created:
                audit.record(
                    at=now,
                    actor_label="setup-demo (command line)",
                    action="core.demo_user_created",
                    object_type="user",
                    object_id=str(user.pk),
                    after={"username": username, "role": role},
                )
            created.append((username, role))
    return created
