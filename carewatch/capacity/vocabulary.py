"""The words of contracts and capacity returns: bed types, contract types, the channels a return comes by.

Bed types are the care home categories councils and the NHS Capacity Tracker count vacancies in (the
list in issue 15; a council's FOI template, RBWM FOI001449, names the same ten groups). Their
Capacity Tracker labels are in docs/capacity.md.
"""

from __future__ import annotations

from django.db import models


class BedType(models.TextChoices):
    GENERAL_RESIDENTIAL = "general_residential", "General residential"
    DEMENTIA_RESIDENTIAL = "dementia_residential", "Dementia residential"
    GENERAL_NURSING = "general_nursing", "General nursing"
    DEMENTIA_NURSING = "dementia_nursing", "Dementia nursing"
    LD_RESIDENTIAL = "ld_residential", "Learning disability residential"
    LD_NURSING = "ld_nursing", "Learning disability nursing"
    MH_RESIDENTIAL = "mh_residential", "Mental health residential"
    MH_NURSING = "mh_nursing", "Mental health nursing"
    DISCHARGE_TO_ASSESS = "discharge_to_assess", "Discharge to assess"
    INTERMEDIATE_CARE = "intermediate_care", "Intermediate care"
    REABLEMENT = "reablement", "Reablement"
    RESPITE = "respite", "Respite"
    YOUNGER_PHYSICALLY_DISABLED = "ypd", "Younger physically disabled"


# Bed types that need a registered nurse on shift (a discharge search for "nursing" looks here).
NURSING_BED_TYPES = frozenset(
    {BedType.GENERAL_NURSING, BedType.DEMENTIA_NURSING, BedType.LD_NURSING, BedType.MH_NURSING}
)
DEMENTIA_BED_TYPES = frozenset({BedType.DEMENTIA_RESIDENTIAL, BedType.DEMENTIA_NURSING})
TRANSITIONAL_BED_TYPES = frozenset(
    {BedType.DISCHARGE_TO_ASSESS, BedType.INTERMEDIATE_CARE, BedType.REABLEMENT, BedType.RESPITE}
)


class ContractKind(models.TextChoices):
    BLOCK = "block", "Block"
    SPOT = "spot", "Spot"
    FRAMEWORK = "framework", "Framework"
    DPS = "dps", "Dynamic purchasing system"


class Channel(models.TextChoices):
    WEB = "web", "Web form"
    CSV = "csv", "CSV upload"
    API = "api", "API"
    DEMO = "demo", "Demo data"


class ReturnState(models.TextChoices):
    """A location's monthly return (docs/capacity.md, "Return compliance")."""

    ON_TIME = "on_time", "Returned"
    LATE = "late", "Late"
    MISSED = "missed", "Missed"
    DUE = "due", "Due"  # this month's window has not closed yet and nothing is in
    NOT_YET = "not_yet", "Not due yet"  # before the 8th
