"""A discharge coordinator's referral, the requests sent to providers, the placement and the delays.

Data minimisation (docs/discharge.md): a referral carries the team's own reference and the person's
needs, never a name, NHS number or date of birth. Providers see the needs, not who the person is; the
hospital's own systems hold the rest.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from carewatch.capacity.vocabulary import BedType
from carewatch.discharge.vocabulary import DelayReason, Funding, Pathway, ReferralState, RequestState


class Referral(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="referrals")
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    reference = models.CharField(max_length=40)  # the team's own reference: never a name or NHS number
    pathway = models.CharField(max_length=1, choices=Pathway.choices)
    bed_type = models.CharField(max_length=30, choices=BedType.choices, blank=True)
    dementia = models.BooleanField(default=False)
    nursing = models.BooleanField(default=False)
    bariatric = models.BooleanField(default=False)
    other_needs = models.CharField(max_length=500, blank=True)
    funding = models.CharField(max_length=10, choices=Funding.choices)
    search_from = models.CharField(max_length=100)  # a postcode, a town or a hospital's postcode
    ready_on = models.DateField()  # the day the person is medically ready to leave hospital
    state = models.CharField(max_length=10, choices=ReferralState.choices, default=ReferralState.OPEN)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="referral_reference_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return self.reference


class PlacementRequest(models.Model):
    """The referral sent to one provider location, answered within a time limit."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="requests")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    due_by = models.DateTimeField()
    state = models.CharField(max_length=10, choices=RequestState.choices, default=RequestState.WAITING)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=500, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "location"], name="one_request_per_location"),
            models.CheckConstraint(
                name="declined_with_reason",
                condition=~Q(state=RequestState.DECLINED) | ~Q(decline_reason=""),
            ),
        ]
        indexes = [models.Index(fields=["location", "state"])]

    def __str__(self) -> str:
        return f"{self.referral_id} → {self.location_id}"


class BedLock(models.Model):
    """One row per location and bed type, locked (``SELECT … FOR UPDATE``) while a placement takes a bed
    there, so two acceptances cannot both take the last one (docs/discharge.md, "The last bed")."""

    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    bed_type = models.CharField(max_length=30, choices=BedType.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "bed_type"], name="one_lock_per_bed_type")]

    def __str__(self) -> str:
        return f"{self.location_id} {self.bed_type}"


class Placement(models.Model):
    """The confirmed place: it holds one vacant bed of its type until the provider's next return."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="placement")
    request = models.OneToOneField(PlacementRequest, on_delete=models.PROTECT, related_name="placement")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    bed_type = models.CharField(max_length=30, choices=BedType.choices, blank=True)
    placed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["location", "bed_type", "placed_at"])]

    def __str__(self) -> str:
        return f"{self.referral_id} at {self.location_id}"


class Delay(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="delays")
    reason = models.CharField(max_length=20, choices=DelayReason.choices)
    note = models.CharField(max_length=500, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="other_delay_has_note", condition=~Q(reason=DelayReason.OTHER) | ~Q(note="")
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.reason}"
