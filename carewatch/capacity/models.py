"""Contracts a council holds with providers, and the capacity returns providers file (docs/capacity.md).

- ``Contract`` (and its ``ContractFee`` rows): what a council pays for, where; ended, never deleted.
- ``CapacityReturn`` and its ``BedReturn`` rows: one dated report of beds, home care and staffing, kept
  as history (insert-only: ``core.models.InsertOnly``; a trigger refuses updates on the database too).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from carewatch.capacity.vocabulary import BedType, Channel, ContractKind
from carewatch.core.models import InsertOnly


class Contract(models.Model):
    """A council's contract with a provider for some of its locations and service types."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="contracts"
    )  # the council
    provider = models.ForeignKey("register.Provider", on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(max_length=60)  # the council's own contract number
    kind = models.CharField(max_length=20, choices=ContractKind.choices)
    locations = models.ManyToManyField("register.Location", related_name="contracts", blank=True)
    service_types = models.ManyToManyField("register.ServiceType", related_name="+", blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)  # None: open-ended
    people_funded = models.PositiveIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)  # when someone ended it early
    ended_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="contract_reference_unique"),
            models.CheckConstraint(
                name="contract_ends_after_it_starts",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "starts_on"])]

    def __str__(self) -> str:
        return self.reference


class ContractFee(models.Model):
    """The council's weekly fee, or its fee band, for one bed type under a contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="fees")
    bed_type = models.CharField(max_length=30, choices=BedType.choices)
    weekly_fee = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract", "bed_type"], name="one_fee_per_bed_type"),
            models.CheckConstraint(name="fee_or_band", condition=Q(weekly_fee__isnull=False) | ~Q(band="")),
            models.CheckConstraint(
                name="fee_not_negative", condition=Q(weekly_fee__isnull=True) | Q(weekly_fee__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.bed_type}"


class CapacityReturn(InsertOnly):
    """One report of a location's capacity: beds by type (``beds``), home care and staffing."""

    location = models.ForeignKey(
        "register.Location", on_delete=models.PROTECT, related_name="capacity_returns"
    )
    reported_at = models.DateTimeField()
    reported_by = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, related_name="+")
    reported_by_label = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    nil = models.BooleanField(default=False)  # nobody supported: the service files "nil"
    unchanged = models.BooleanField(default=False)  # the same figures as the return before
    # Home care
    people_supported = models.PositiveIntegerField(null=True, blank=True)
    hours_per_week = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)
    accepting_packages = models.BooleanField(null=True, blank=True)
    package_areas = models.CharField(max_length=500, blank=True)
    # Can take someone who needs bariatric care now (equipment, room and staff for it): a care home for a
    # new admission, an agency for a new package. None: not said (a bariatric referral never matches).
    bariatric = models.BooleanField(null=True, blank=True)
    # Staffing headcounts: direct employees, and agency or bank
    nurses_direct = models.PositiveIntegerField(null=True, blank=True)
    nurses_agency = models.PositiveIntegerField(null=True, blank=True)
    care_staff_direct = models.PositiveIntegerField(null=True, blank=True)
    care_staff_agency = models.PositiveIntegerField(null=True, blank=True)
    other_staff_direct = models.PositiveIntegerField(null=True, blank=True)
    other_staff_agency = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["location", "reported_at"], name="capacity_return_latest")]
        constraints = [
            models.CheckConstraint(
                name="return_hours_not_negative",
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=0),
            )
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.reported_at:%Y-%m-%d %H:%M}"


class BedReturn(InsertOnly):
    """One bed type in a return. Vacant beds are capacity − occupied, split into accepting and not."""

    capacity_return = models.ForeignKey(CapacityReturn, on_delete=models.PROTECT, related_name="beds")
    bed_type = models.CharField(max_length=30, choices=BedType.choices)
    capacity = models.PositiveIntegerField()
    occupied = models.PositiveIntegerField()
    vacant_accepting = models.PositiveIntegerField()
    vacant_not_accepting = models.PositiveIntegerField()
    not_accepting_reason = models.CharField(max_length=200, blank=True)
    closed = models.BooleanField(default=False)  # the bed type takes no admissions at all

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["capacity_return", "bed_type"], name="one_row_per_bed_type"),
            models.CheckConstraint(name="occupied_within_capacity", condition=Q(occupied__lte=F("capacity"))),
            models.CheckConstraint(
                name="vacant_is_capacity_less_occupied",
                condition=Q(vacant_accepting=F("capacity") - F("occupied") - F("vacant_not_accepting")),
            ),
            models.CheckConstraint(
                name="closed_accepts_nobody", condition=Q(closed=False) | Q(vacant_accepting=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capacity_return_id} {self.bed_type}"

    @property
    def vacant(self) -> int:
        return self.capacity - self.occupied
