"""Action plans: the provider's remedial plan after a visit, its status history, actions and updates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carewatch.core.models import InsertOnly
from carewatch.monitoring.models.findings import Finding
from carewatch.monitoring.models.visits import Visit
from carewatch.monitoring.models.vocabulary import ActionState, PlanState, one_of


class ActionPlan(models.Model):
    """The provider's remedial plan after a visit rated Requires improvement or Poor."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="action_plan")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        "register.Location", on_delete=models.PROTECT, related_name="qa_action_plans"
    )
    status = models.CharField(max_length=20, choices=PlanState.choices)  # copy of the latest ActionPlanStatus
    due_on = models.DateField()  # when the provider owes the (re)submission
    requested_at = models.DateTimeField()
    follow_up_visit = models.OneToOneField(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_up_for"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(name="action_plan_status_known", condition=one_of("status", PlanState)),
            models.CheckConstraint(
                name="accepted_plan_has_follow_up",
                condition=~Q(status=PlanState.ACCEPTED) | Q(follow_up_visit__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"action plan for visit {self.visit_id} ({self.status})"


class ActionPlanStatus(InsertOnly):
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="statuses")
    sequence = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=PlanState.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    reasons = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "action plan statuses"
        constraints = [
            models.UniqueConstraint(fields=["plan", "sequence"], name="one_plan_status_per_sequence"),
            models.CheckConstraint(name="plan_status_row_known", condition=one_of("status", PlanState)),
            models.CheckConstraint(
                name="returned_plan_has_reasons", condition=~Q(status=PlanState.RETURNED) | ~Q(reasons="")
            ),
        ]

    def __str__(self) -> str:
        return f"plan {self.plan_id} #{self.sequence} {self.status}"


class PlanAction(models.Model):
    """One action in a plan, answering one finding, with an owner and a due date."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="plan_actions")
    description = models.TextField()
    owner_name = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionState.choices, default=ActionState.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    submitted = models.BooleanField(default=False)  # part of a submission: kept, never removed
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(name="plan_action_status_known", condition=one_of("status", ActionState)),
            models.CheckConstraint(name="plan_action_has_description", condition=~Q(description="")),
            models.CheckConstraint(name="plan_action_has_owner", condition=~Q(owner_name="")),
            models.CheckConstraint(
                name="done_action_has_completion_date",
                condition=Q(status=ActionState.DONE, completed_on__isnull=False)
                | (~Q(status=ActionState.DONE) & Q(completed_on__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"action {self.pk} of plan {self.plan_id} ({self.status})"


class ActionUpdate(InsertOnly):
    """A progress update on an action, by the provider."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="updates")
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=ActionState.choices)
    note = models.TextField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="action_update_status_known", condition=one_of("status", ActionState)
            ),
            models.CheckConstraint(name="action_update_has_note", condition=~Q(note="")),
        ]

    def __str__(self) -> str:
        return f"update on action {self.action_id}: {self.status}"
