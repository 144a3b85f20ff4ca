"""The demo's Social Care Commitments: four employers in the demo council's area sign, with tasks in every
state (done, overdue, to do) and one lapsed; a run stopped part way leaves whole employers and the next
run finishes the demo as an uninterrupted run would have; running again changes nothing."""

from __future__ import annotations

import pytest

from carewatch.demo import recognition as demo
from carewatch.recognition import queries, services
from carewatch.recognition.models import Commitment, CommitmentTask
from tests.cases import factories as f

NOW = f.at(2026, 6, 1)
TODAY = NOW.date()


def area_with_providers(count: int = 5):
    council = f.council()
    for number in range(count):
        company = f.provider(name=f"Employer {number}")
        for home in range(count - number):  # Employer 0 runs the most services
            f.location(council, provider=company, name=f"Home {number}-{home}")
    return council


def shape():
    return [
        (c.employer.name, c.signed_on, c.renewed_on, c.tasks_done, c.tasks_overdue, c.staff_signed, c.lapsed)
        for c in queries.with_progress(Commitment.objects.all(), today=TODAY).order_by("employer__name")
    ]


def test_four_employers_sign_with_tasks_in_every_state_and_one_lapsed(db):
    council = area_with_providers()
    assert demo.generate_demo_commitments(council=council, today=TODAY, now=NOW) == 4
    found = shape()
    assert [row[0] for row in found] == ["Employer 0", "Employer 1", "Employer 2", "Employer 3"]
    assert [row[-1] for row in found] == [False, False, True, False]  # Employer 2 has lapsed
    assert found[1][2] is not None and found[1][3] == 7  # all done and renewed
    assert CommitmentTask.objects.filter(done_on__isnull=False).exists()
    assert CommitmentTask.objects.filter(done_on__isnull=True, due_on__lt=TODAY).exists()
    assert CommitmentTask.objects.filter(done_on__isnull=True, due_on__gte=TODAY).exists()
    assert found[0][5] == 32 and found[3][5] == 0  # staff counts; the one just signed has none yet
    # the register shows the lapsed one as lapsed, the badges leave it out
    assert [c.lapsed for c in queries.register(queries.RegisterSearch(), today=TODAY)] == [
        False,
        False,
        True,
        False,
    ]
    assert demo.generate_demo_commitments(council=council, today=TODAY, now=NOW) == 0
    assert shape() == found


def test_a_stopped_run_leaves_whole_employers_and_the_next_run_finishes(db, monkeypatch):
    council = area_with_providers()
    real = services.record_sign_ups
    calls = []

    def ctrl_c_at_the_second_employer(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(**kwargs)

    monkeypatch.setattr(services, "record_sign_ups", ctrl_c_at_the_second_employer)
    with pytest.raises(KeyboardInterrupt):
        demo.generate_demo_commitments(council=council, today=TODAY, now=NOW)
    assert Commitment.objects.count() == 1  # the second employer's signing was rolled back with it
    monkeypatch.setattr(services, "record_sign_ups", real)
    assert demo.generate_demo_commitments(council=council, today=TODAY, now=NOW) == 3
    assert len(shape()) == 4
