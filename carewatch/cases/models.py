"""The ladder of intervention as data: ladder versions, cases, their immutable status history,
proposals, evidence, actions, suspensions and the CQC regulator track.

Writes go only through ``carewatch.cases.services``; reads through ``carewatch.cases.queries``.
Integrity lives in database constraints wherever a rule can be said in SQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from carewatch.cases.ladder import ActionKind, Decision, LevelCode, ProposalKind, Trigger
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


# --- cases -------------------------------------------------------------------------------------


class Case(models.Model):
    """A council's case about one location, or about a provider across several locations.

    ``level`` and ``is_open`` mirror the latest :class:`CaseStatus` row; ``revision`` counts status
    rows and is what a decision-maker "saw" (optimistic concurrency, ADR 0008).
    """

    class Scope(models.TextChoices):
        LOCATION = "location", "One location"
        PROVIDER = "provider", "A provider across several locations"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="cases")
    ladder = models.ForeignKey(LadderVersion, on_delete=models.PROTECT, related_name="cases")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    provider = models.ForeignKey(
        "register.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    locations = models.ManyToManyField("register.Location", through="CaseLocation", related_name="+")
    level = models.CharField(max_length=1, choices=LevelCode.choices)
    is_open = models.BooleanField(default=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "is_open", "level"])]
        constraints = [
            models.CheckConstraint(
                name="provider_case_names_its_provider",
                condition=~Q(scope="provider") | Q(provider__isnull=False),
            ),
            models.CheckConstraint(
                name="case_closed_at_iff_closed",
                condition=Q(is_open=True, closed_at__isnull=True) | Q(is_open=False, closed_at__isnull=False),
            ),
            models.CheckConstraint(name="case_revision_positive", condition=Q(revision__gte=1)),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk} (level {self.level}{'' if self.is_open else ', closed'})"


class CaseLocation(models.Model):
    """A location a case concerns. ``organisation`` and ``is_open`` copy the case's, so the database
    itself refuses a location in two of one council's open cases."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_locations")
    location = models.ForeignKey("register.Location", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    is_open = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "location"], name="location_once_per_case"),
            models.UniqueConstraint(
                fields=["organisation", "location"],
                condition=Q(is_open=True),
                name="one_open_case_per_location_per_council",
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} – {self.location_id}"


class CaseStatus(InsertOnly):
    """One decision on a case, never changed: opened, escalated, stepped down or closed (ADR 0008)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="statuses")
    revision = models.PositiveIntegerField()  # the case's revision this decision made
    decision = models.CharField(max_length=20, choices=Decision.choices)
    from_level = models.CharField(max_length=1, blank=True)  # "" when opened
    level = models.CharField(max_length=1, blank=True)  # "" when closed
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    proposal = models.ForeignKey(
        "Proposal", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "case statuses"
        constraints = [
            models.UniqueConstraint(fields=["case", "revision"], name="one_status_per_case_revision"),
            models.CheckConstraint(name="case_status_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(
                name="case_status_levels_fit_decision",
                condition=(
                    Q(decision=Decision.OPENED, from_level="", level__gt="")
                    | Q(decision=Decision.CLOSED, from_level__gt="", level="")
                    | Q(
                        decision__in=[Decision.ESCALATED, Decision.DE_ESCALATED],
                        from_level__gt="",
                        level__gt="",
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} r{self.revision} {self.decision} {self.from_level}→{self.level}"


class Proposal(models.Model):
    """A suggestion that a case be opened, escalated, stepped down or closed: made by an officer or
    manager, or by a trigger from evidence. Only a QA manager decides it; once decided it never changes."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        LAPSED = "lapsed", "Overtaken by another decision"

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="case_proposals"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals")
    kind = models.CharField(max_length=20, choices=ProposalKind.choices)
    level = models.CharField(max_length=1, choices=LevelCode.choices, blank=True)  # target; "" for close
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trigger = models.CharField(max_length=40, choices=Trigger.choices, blank=True)
    trigger_key = models.CharField(max_length=200, blank=True)  # same evidence → same key → proposed once
    proposed_at = models.DateTimeField()
    # For an "open" proposal: what the case would concern.
    scope = models.CharField(max_length=10, choices=Case.Scope.choices, blank=True)
    provider = models.ForeignKey(
        "register.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    locations = models.ManyToManyField("register.Location", blank=True, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "trigger_key"],
                condition=~Q(trigger_key=""),
                name="one_proposal_per_trigger_key",
            ),
            models.CheckConstraint(
                name="proposal_has_a_proposer", condition=Q(proposed_by__isnull=False) | ~Q(trigger="")
            ),
            models.CheckConstraint(
                name="proposal_open_gets_its_case_when_accepted",
                condition=(
                    Q(kind=ProposalKind.OPEN, scope__gt="") & (Q(case__isnull=True) | Q(status="accepted"))
                )
                | (~Q(kind=ProposalKind.OPEN) & Q(case__isnull=False)),
            ),
            models.CheckConstraint(
                name="proposal_target_level_fits_kind",
                condition=Q(kind=ProposalKind.CLOSE, level="") | (~Q(kind=ProposalKind.CLOSE) & ~Q(level="")),
            ),
            models.CheckConstraint(
                name="proposal_decided_iff_not_pending",
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk} {self.kind} {self.level} ({self.status})"


class CaseEvidence(models.Model):
    """A link to what a case or proposal rests on: a concern, a visit finding, a CQC rating."""

    class Kind(models.TextChoices):
        CONCERN = "concern", "Concern"
        VISIT_FINDING = "visit_finding", "Visit finding"
        CQC_RATING = "cqc_rating", "CQC rating"
        LOCAL_QA_RATING = "local_qa_rating", "Local QA rating"
        ACTION = "action", "Overdue action"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence")
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.CharField(max_length=100)  # the id of the concern, finding or rating it points to
    summary = models.TextField()
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "case evidence"
        constraints = [
            models.CheckConstraint(
                name="evidence_belongs_to_case_or_proposal",
                condition=Q(case__isnull=False) | Q(proposal__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


# --- actions, suspensions, the regulator track ------------------------------------------------


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

    def in_force_on(self, day) -> bool:
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
