"""Peer support and improvement offers (docs/recognition.md, "Peer support" and "Improvement offers").

- ``PeerSupporter``: a strong service whose provider's manager volunteered it to support others, on chosen
  subjects (slugs of the default finding themes, ``monitoring.themes.DEFAULT_THEMES``).
- ``PeerPairing``: a council officer paired a provider of concern (the mentee service) with a supporter,
  with goals, a start and a review date; perhaps linked to the case's ladder action "peer support".
- ``PeerSession``: a meeting of the pair, logged by either side or by the council.
- ``ImprovementOffer``: the council's catalogue of training and support, by theme, with a number of places.
- ``OfferBooking``: a place on an offer booked for a service; attendance recorded later. Intensive support
  visits are monitoring's scheduled visits (``OfferVisit`` links each to its booking).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class PeerSupporter(models.Model):
    """A service volunteered as a peer supporter by its provider's manager; withdrawn, never deleted."""

    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    subjects = models.JSONField(default=list)  # theme slugs, in the order of the default list
    volunteered_on = models.DateField()
    volunteered_at = models.DateTimeField()
    # None: volunteered from the command line (the demo), named in the audit entry's label
    volunteered_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["location"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_current_peer_supporter_per_location",
            ),
        ]

    def __str__(self) -> str:
        return f"peer supporter {self.location_id}"


class PeerPairing(models.Model):
    """A council's pairing of a provider of concern (``mentee``) with a peer supporter."""

    council = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    supporter = models.ForeignKey(PeerSupporter, on_delete=models.PROTECT, related_name="pairings")
    mentee = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    goals = models.TextField()
    starts_on = models.DateField()
    review_on = models.DateField()
    # The case's ladder action "peer support" this pairing carries out (cases.Action; the action's
    # ``details["link"]`` points back here, since cases sits below recognition).
    case_action = models.ForeignKey(
        "cases.Action", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["council", "ended_on"])]
        constraints = [
            models.CheckConstraint(name="peer_review_after_start", condition=Q(review_on__gt=F("starts_on"))),
            models.CheckConstraint(name="peer_pairing_has_goals", condition=~Q(goals="")),
        ]

    def __str__(self) -> str:
        return f"peer pairing {self.pk}: {self.mentee_id}"


class PeerSession(models.Model):
    """One meeting of a pair, as logged by the supporter, the mentee or the council."""

    pairing = models.ForeignKey(PeerPairing, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    note = models.TextField()
    logged_at = models.DateTimeField()
    logged_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"peer session {self.pk} on {self.held_on}"


class OfferKind(models.TextChoices):
    TRAINING = "training", "Training"
    WORKSHOP = "workshop", "Workshop"
    INTENSIVE = "intensive", "Intensive support visits"


class ImprovementOffer(models.Model):
    """One item of a council's catalogue of training and support."""

    council = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=60)  # a slug of monitoring.themes.DEFAULT_THEMES
    kind = models.CharField(max_length=20, choices=OfferKind.choices)
    places = models.PositiveIntegerField()
    description = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(name="offer_has_places", condition=Q(places__gte=1)),
            models.CheckConstraint(
                name="offer_kind_known", condition=Q(kind__in=[k.value for k in OfferKind])
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OfferBooking(models.Model):
    """A place on an offer for one service; attended or not once recorded."""

    offer = models.ForeignKey(ImprovementOffer, on_delete=models.PROTECT, related_name="bookings")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField()
    booked_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "location"], name="one_booking_per_offer_location"),
        ]

    def __str__(self) -> str:
        return f"booking of {self.location_id} on offer {self.offer_id}"


class OfferVisit(models.Model):
    """An intensive support visit: monitoring's scheduled visit, for this booking."""

    booking = models.ForeignKey(OfferBooking, on_delete=models.PROTECT, related_name="visits")
    visit = models.OneToOneField("monitoring.Visit", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"intensive visit {self.visit_id}"
