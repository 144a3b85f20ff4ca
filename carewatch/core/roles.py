"""The roles a person can hold, and which organisation kinds each belongs to."""

from django.db import models


class Role(models.TextChoices):
    QA_OFFICER = "qa_officer", "QA officer"
    QA_MANAGER = "qa_manager", "QA manager"
    COMMISSIONER = "commissioner", "Commissioner"
    ANALYST = "analyst", "Analyst"
    DISCHARGE_COORDINATOR = "discharge_coordinator", "Discharge coordinator"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    PROVIDER_STAFF = "provider_staff", "Provider staff"
    ORG_ADMIN = "org_admin", "Organisation administrator"


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    ICB = "icb", "Integrated care board"
    PROVIDER = "provider", "Care provider"
    NATIONAL = "national", "National or regional body"


# Which roles make sense in which kind of organisation.
ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.COUNCIL: (
        Role.QA_OFFICER,
        Role.QA_MANAGER,
        Role.COMMISSIONER,
        Role.ANALYST,
        Role.DISCHARGE_COORDINATOR,
        Role.ORG_ADMIN,
    ),
    OrganisationKind.ICB: (Role.COMMISSIONER, Role.ANALYST, Role.DISCHARGE_COORDINATOR, Role.ORG_ADMIN),
    OrganisationKind.PROVIDER: (Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF, Role.ORG_ADMIN),
    OrganisationKind.NATIONAL: (Role.ANALYST, Role.ORG_ADMIN),
}

# Every staff role signs in with a second factor.
STAFF_ROLES = tuple(Role.values)


# The demo accounts ``setup-demo`` creates (carewatch.demo.accounts), one per role: (username, role,
# which demo organisation), and a system administrator (``is_superuser``: no role, no organisation).
# Sign-in lets exactly these skip the second factor, in demo mode only. README.md lists them.
DEMO_PASSWORD = "carewatch-demo-2026"
DEMO_USERS: tuple[tuple[str, Role | None, str | None], ...] = (
    ("qa-officer", Role.QA_OFFICER, "council"),
    ("qa-manager", Role.QA_MANAGER, "council"),
    ("commissioner", Role.COMMISSIONER, "council"),
    ("analyst", Role.ANALYST, "icb"),
    ("discharge-coordinator", Role.DISCHARGE_COORDINATOR, "council"),
    ("provider-manager", Role.PROVIDER_MANAGER, "provider"),
    ("provider-staff", Role.PROVIDER_STAFF, "provider"),
    ("org-admin", Role.ORG_ADMIN, "council"),
    ("system-admin", None, None),
)
