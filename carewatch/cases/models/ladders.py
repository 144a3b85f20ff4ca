"""A council's ladder, versioned (levels and their timescales), and its calendar of extra bank holidays."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carewatch.cases.ladder import LevelCode
from carewatch.core.models import InsertOnly
from carewatch.core.working_days import DayUnit

UNIT_CHOICES = [
    (DayUnit.CALENDAR.value, "calendar days"),
    (DayUnit.WORKING.value, "working days"),
    (DayUnit.MONTHS.value, "months"),
]


# --- calendar -----------------------------------------------------------------------------------


class ExtraBankHoliday(models.Model):
    """A non-working day an administrator added: for one council, or for everyone (``organisation`` null).

    The England and Wales bank holidays themselves come from the maintained list in
    ``carewatch/core/data/bank_holidays_england_and_wales.csv``.
    """

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    falls_on = models.DateField()
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "falls_on"],
                condition=Q(organisation__isnull=False),
                name="one_extra_holiday_per_council_day",
            ),
            models.UniqueConstraint(
                fields=["falls_on"],
                condition=Q(organisation__isnull=True),
                name="one_extra_holiday_per_national_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.falls_on} {self.name}"


# --- the ladder, versioned ---------------------------------------------------------------------


class LadderVersion(InsertOnly):
    """One version of a council's ladder. Editing the ladder saves a new version; cases keep theirs."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="ladder_versions"
    )
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    default_notice_limit = models.PositiveSmallIntegerField(default=5)
    safeguarding_concerns_threshold = models.PositiveSmallIntegerField(default=3)
    safeguarding_period_days = models.PositiveSmallIntegerField(default=90)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="one_ladder_version_number_per_council"
            ),
            models.CheckConstraint(name="ladder_version_number_positive", condition=Q(number__gte=1)),
            models.CheckConstraint(
                name="ladder_default_notice_limit_positive", condition=Q(default_notice_limit__gte=1)
            ),
            models.CheckConstraint(
                name="ladder_safeguarding_settings_positive",
                condition=Q(safeguarding_concerns_threshold__gte=1, safeguarding_period_days__gte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ladder v{self.number}"


class Level(InsertOnly):
    ladder = models.ForeignKey(LadderVersion, on_delete=models.PROTECT, related_name="levels")
    code = models.CharField(max_length=1, choices=LevelCode.choices)
    name = models.CharField(max_length=200)
    entry_criteria = models.TextField()
    exit_criteria = models.TextField(blank=True)
    standard_actions = models.JSONField(
        default=list, blank=True
    )  # list of strings, shown to the decision-maker

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ladder", "code"], name="one_level_per_code_per_ladder")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Timescale(InsertOnly):
    """A default deadline: ``number`` ``unit`` after the event that starts it (keys: ``ladder.py``)."""

    ladder = models.ForeignKey(LadderVersion, on_delete=models.PROTECT, related_name="timescales")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="timescales")
    key = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    number = models.PositiveIntegerField()
    unit = models.CharField(max_length=10, choices=UNIT_CHOICES)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ladder", "key"], name="one_timescale_per_key_per_ladder"),
            models.CheckConstraint(
                name="timescale_unit_known", condition=Q(unit__in=[u.value for u in DayUnit])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.number} {self.get_unit_display()}"
