"""What a case does: actions with an owner and a due date, suspensions of new placements, and the CQC
special-measures timeline (the regulator track)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from carewatch.cases.ladder import ActionKind
from carewatch.cases.models.cases import Case


class Suspension(models.Model):
    """A suspension of new placements (embargo) at one location: a first-class fact the register, the
    API and placement search read through ``queries.suspended_location_ids``."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="suspensions")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="suspensions")
    started_on = models.DateField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    letter_due_on = models.DateField()
    letter_sent_on = models.DateField(null=True, blank=True)
    appeal_until = models.DateField()
    review_on = models.DateField()
    published = models.BooleanField(default=False)
    lifted_on = models.DateField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["location", "started_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "location"],
                condition=Q(lifted_on__isnull=True),
                name="one_suspension_in_force_per_case_location",
            ),
            models.CheckConstraint(
                name="suspension_lifted_after_start",
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=F("started_on")),
            ),
            models.CheckConstraint(
                name="suspension_dates_after_start",
                condition=Q(letter_due_on__gte=F("started_on"), review_on__gte=F("started_on")),
            ),
            models.CheckConstraint(
                name="suspension_lifted_by_someone",
                condition=Q(lifted_on__isnull=True, lifted_by__isnull=True)
                | Q(lifted_on__isnull=False, lifted_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"suspension of {self.location_id} from {self.started_on}"

    def in_force_on(self, day: date) -> bool:
        return self.started_on <= day and (self.lifted_on is None or self.lifted_on > day)


class Action(models.Model):
    """Something to be done by a date, owned by one person at the council."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=30, choices=ActionKind.choices)
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    # Kind-specific facts: {"visit_frequency": "daily"}, {"issued_on", "breach"}, {"step": "letter"} …
    details = models.JSONField(default=dict, blank=True)
    peer_provider = models.ForeignKey(
        "register.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suspension = models.ForeignKey(
        Suspension, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["owner", "done_on", "due_on"]), models.Index(fields=["case", "kind"])]
        constraints = [
            models.CheckConstraint(
                name="peer_support_names_a_provider",
                condition=Q(kind=ActionKind.PEER_SUPPORT, peer_provider__isnull=False)
                | (~Q(kind=ActionKind.PEER_SUPPORT) & Q(peer_provider__isnull=True)),
            ),
            models.CheckConstraint(
                name="suspension_action_names_its_suspension",
                condition=Q(kind=ActionKind.SUSPENSION, suspension__isnull=False)
                | (~Q(kind=ActionKind.SUSPENSION) & Q(suspension__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_on}"


class RegulatorTrack(models.Model):
    """The CQC special-measures timeline for one location in a case at level R (tracked, not run)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="regulator_tracks")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    inadequate_published_on = models.DateField()
    reinspection_due_on = models.DateField()
    cancellation_considered_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "location", "inadequate_published_on"], name="one_regulator_track_per_rating"
            ),
            models.CheckConstraint(
                name="regulator_track_dates_in_order",
                condition=Q(reinspection_due_on__gte=F("inadequate_published_on"))
                & Q(cancellation_considered_on__gte=F("reinspection_due_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"special measures {self.location_id} from {self.inadequate_published_on}"
