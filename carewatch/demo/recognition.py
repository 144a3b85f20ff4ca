"""Demo Social Care Commitments (docs/recognition.md): the providers with the most active services in the
demo council's area sign, with tasks in every state: one well under way, one with every task done and
renewed, one lapsed (a task more than three months late), one just signed.

Each employer is written in one transaction through ``recognition.services`` (so the audit trail reads
as it would for real), and one already signed is left as it is: a run stopped part way leaves whole
employers, and the next run finishes the rest. Dates count back from ``today``, so every run on the same
day writes the same demo.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count

from carewatch.core import audit
from carewatch.core.models import Organisation
from carewatch.core.roles import OrganisationKind
from carewatch.recognition import queries, services
from carewatch.register import models as register

LABEL = "setup-demo (command line)"
EMPLOYERS = 4
TASKS = {
    1: "Ask every candidate a values question at interview, scored by two people",
    2: "Shadow shifts for a fortnight before anyone works alone",
    3: "A training plan for every member of staff, reviewed each year",
    4: "Talk through the commitment at every team meeting",
    5: "Equality and diversity training for every supervisor",
    6: "Observe each carer at work twice a year and give written feedback",
    7: "Protected time each month to reflect on practice",
}


def sign_ups(index: int) -> dict[str, int | None]:
    """How many staff signed up at demo employer ``index`` (none yet at the one that has just signed)."""
    return {
        "care_worker": 18 - 3 * index,
        "senior_care_worker": 5 - index,
        "nurse": 3,
        "manager": 2,
        "other": 4,
    }


def demo_employers(council: Organisation, *, count: int = EMPLOYERS) -> list[register.Provider]:
    """The providers with the most active services in the council's area (ties by CQC id)."""
    return list(
        register.Provider.objects.filter(
            locations__local_authority_id=council.local_authority_id, locations__is_active=True
        )
        .annotate(n=Count("locations"))
        .order_by("-n", "id")[:count]
    )


def _employer(provider: register.Provider, *, now: datetime) -> Organisation:
    name = provider.name or provider.id
    if Organisation.objects.filter(name=name).exclude(provider=provider).exists():
        name = f"{name} ({provider.id})"  # organisation names are unique; two providers may share one
    organisation, created = Organisation.objects.get_or_create(
        provider=provider, defaults={"kind": OrganisationKind.PROVIDER, "name": name}
    )
    if created:
        audit.write(
            now=now,
            actor=None,
            organisation=None,
            label=LABEL,
            action="core.organisation_created",
            object_type="organisation",
            object_id=organisation.pk,
            after={"kind": organisation.kind, "name": organisation.name},
        )
    return organisation


def _sign(employer: Organisation, index: int, *, today: date, now: datetime) -> None:
    """Employer ``index`` of the demo: 0 under way, 1 all done and renewed, 2 lapsed, 3 just signed."""
    signed_on = today - timedelta(days=(200, 380, 420, 3)[index % 4])
    if index % 4 == 0:  # two done, one overdue (under three months), the rest still to come
        due = {n: today + timedelta(days=30 * n) for n in TASKS} | {1: today - timedelta(days=60)}
        due |= {
            2: signed_on + timedelta(days=40),
            3: signed_on + timedelta(days=90),
            4: today - timedelta(days=20),
        }
    elif index % 4 == 2:  # statement 3's task is more than three months late: lapsed
        due = {n: signed_on + timedelta(days=60) for n in TASKS} | {3: today - timedelta(days=150)}
    else:
        due = {n: signed_on + timedelta(days=30 + 20 * n) for n in TASKS}
    tasks = [services.TaskInput(n, text, due[n]) for n, text in TASKS.items()]
    commitment = services.sign_commitment(
        employer=employer, actor=None, signed_on=signed_on, tasks=tasks, now=now, label=LABEL
    )
    ids = {t.statement.number: t.pk for t in commitment.tasks.select_related("statement")}
    done = {0: [2, 3], 1: list(TASKS), 2: [1, 2, 4, 5, 6, 7], 3: []}[index % 4]
    if done:
        services.complete_tasks(
            commitment=commitment,
            actor=None,
            task_ids=[ids[n] for n in done],
            done_on=min(today, signed_on + timedelta(days=150)),
            now=now,
            label=LABEL,
        )
    if index % 4 == 1:
        services.renew_commitment(
            commitment=commitment,
            actor=None,
            renewed_on=signed_on + timedelta(days=365),
            now=now,
            label=LABEL,
        )
    if index % 4 != 3:
        services.record_sign_ups(
            commitment=commitment, actor=None, counts=sign_ups(index % 4), now=now, label=LABEL
        )


def generate_demo_commitments(*, council: Organisation, today: date, now: datetime) -> int:
    """Sign the demo commitments not yet signed; returns how many were signed by this run."""
    services.install_defaults(now=now)
    signed = 0
    for index, provider in enumerate(demo_employers(council)):
        with transaction.atomic():
            employer = _employer(provider, now=now)
            if queries.current_commitment_of(employer, today=today) is not None:
                continue
            _sign(employer, index, today=today, now=now)
            signed += 1
    return signed
