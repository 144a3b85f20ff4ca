"""Two managers acting on the same case at the same moment cannot both succeed; the second is told what changed.

The threaded tests need a database where two connections really run at once: PostgreSQL
(``bash scripts/with-postgres.sh .venv/bin/pytest tests/cases``). On SQLite they are skipped; the
sequential stale-revision test (``test_decisions.py``) covers the same rule there.
"""

import threading
import time

import pytest
from django.db import connection, connections

from carewatch.cases import errors, services
from carewatch.cases.ladder import ProposalKind
from carewatch.cases.models import Case, CaseStatus, Proposal
from carewatch.cases.services import level_effects
from tests.cases import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "two threads deciding at once need PostgreSQL (SQLite serialises writers): "
            "run bash scripts/with-postgres.sh .venv/bin/pytest tests/cases"
        )


def at_once(*calls, hold_seconds: float = 0.3, monkeypatch=None):
    """Run each call in its own thread, released together; return what each returned or raised.

    The first to move the case holds its transaction open a little (``hold_seconds``) so the other
    certainly meets the locked row, not an already-committed one.
    """
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    original = level_effects.on_level_change

    def slow_side_effects(*args, **kwargs):
        facts = original(*args, **kwargs)
        time.sleep(hold_seconds)
        return facts

    monkeypatch.setattr(level_effects, "on_level_change", slow_side_effects)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the loser's exception is the result
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def setting():
    council = f.council()
    first = f.manager(council, name="Priya Patel")
    second = f.manager(council, name="Tom Jones")
    home = f.location(council, name="Oak House")
    case = services.open_case(
        actor=first, organisation=council, locations=[home], level="2", reason="Opened", now=f.at(2026, 3, 2)
    )
    return council, first, second, case


def test_two_managers_deciding_at_once_one_wins_and_the_other_is_told_what_changed(monkeypatch):
    council, first, second, case = setting()
    results = at_once(
        lambda: services.escalate_case(
            actor=first,
            case=Case.objects.get(pk=case.pk),
            level="4",
            reason="Embargo",
            seen_revision=1,
            now=f.at(2026, 3, 3, 10),
        ),
        lambda: services.close_case(
            actor=second,
            case=Case.objects.get(pk=case.pk),
            reason="Resolved",
            seen_revision=1,
            now=f.at(2026, 3, 3, 10),
        ),
        monkeypatch=monkeypatch,
    )
    winners = [r for r in results if isinstance(r, CaseStatus)]
    losers = [r for r in results if isinstance(r, errors.CaseChanged)]
    assert (len(winners), len(losers)) == (1, 1), results
    (winner,), (loser,) = winners, losers
    assert loser.what_changed.revision == 2
    assert loser.what_changed.decision == winner.decision
    assert loser.what_changed.decided_by == ("Priya Patel" if winner.decided_by == first else "Tom Jones")
    case.refresh_from_db()
    assert case.revision == 2
    assert CaseStatus.objects.filter(case=case).count() == 2
    # Nothing of the loser's decision survives: no suspension when the close won, no closure when the escalation won.
    assert case.suspensions.exists() == (winner.decision == "escalated")


def test_two_managers_accepting_different_proposals_at_once_cannot_both_move_the_case(monkeypatch):
    council, first, second, case = setting()
    officer = f.officer(council)
    up = services.propose_change(
        actor=officer, case=case, kind=ProposalKind.ESCALATE, level="3", reason="Worse", now=f.at(2026, 3, 3)
    )
    down = services.propose_change(
        actor=officer,
        case=case,
        kind=ProposalKind.DE_ESCALATE,
        level="1",
        reason="Better",
        now=f.at(2026, 3, 3),
    )
    results = at_once(
        lambda: services.decide_proposal(
            actor=first,
            proposal=Proposal.objects.get(pk=up.pk),
            accept=True,
            reason="",
            seen_revision=1,
            now=f.at(2026, 3, 4),
        ),
        lambda: services.decide_proposal(
            actor=second,
            proposal=Proposal.objects.get(pk=down.pk),
            accept=True,
            reason="",
            seen_revision=1,
            now=f.at(2026, 3, 4),
        ),
        monkeypatch=monkeypatch,
    )
    assert sum(isinstance(r, Proposal) for r in results) == 1, results
    assert sum(isinstance(r, errors.CaseChanged) for r in results) == 1, results
    statuses = {p.pk: p.status for p in Proposal.objects.all()}
    assert sorted(statuses.values()) in (["accepted", "lapsed"], ["accepted", "pending"])
    case.refresh_from_db()
    assert case.revision == 2


def test_the_same_proposal_accepted_twice_at_once_is_accepted_once(monkeypatch):
    council, first, second, case = setting()
    proposal = services.propose_change(
        actor=f.officer(council),
        case=case,
        kind=ProposalKind.ESCALATE,
        level="3",
        reason="Worse",
        now=f.at(2026, 3, 3),
    )
    results = at_once(
        lambda: services.decide_proposal(
            actor=first,
            proposal=Proposal.objects.get(pk=proposal.pk),
            accept=True,
            reason="",
            seen_revision=1,
            now=f.at(2026, 3, 4),
        ),
        lambda: services.decide_proposal(
            actor=second,
            proposal=Proposal.objects.get(pk=proposal.pk),
            accept=False,
            reason="No",
            now=f.at(2026, 3, 4),
        ),
        monkeypatch=monkeypatch,
    )
    assert sum(isinstance(r, Proposal) for r in results) == 1, results
    assert sum(isinstance(r, errors.ProposalAlreadyDecided) for r in results) == 1, results


def test_a_decision_that_lapses_the_other_managers_proposal_does_not_deadlock(monkeypatch):
    council, first, second, case = setting()
    services.escalate_case(
        actor=first, case=case, level="3", reason="Worse", seen_revision=1, now=f.at(2026, 3, 3)
    )
    officer = f.officer(council)
    to_four = services.propose_change(
        actor=officer,
        case=case,
        kind=ProposalKind.ESCALATE,
        level="4",
        reason="Embargo",
        now=f.at(2026, 3, 3),
    )
    to_r = services.propose_change(
        actor=officer, case=case, kind=ProposalKind.ESCALATE, level="R", reason="CQC", now=f.at(2026, 3, 3)
    )

    def accept(manager, proposal):
        return lambda: services.decide_proposal(
            actor=manager,
            proposal=Proposal.objects.get(pk=proposal.pk),
            accept=True,
            reason="",
            seen_revision=2,
            now=f.at(2026, 3, 4),
        )

    results = at_once(accept(first, to_four), accept(second, to_r), monkeypatch=monkeypatch)
    assert sum(isinstance(r, Proposal) for r in results) == 1, results
    assert sum(isinstance(r, errors.CaseChanged | errors.ProposalAlreadyDecided) for r in results) == 1, (
        results
    )
    case.refresh_from_db()
    assert case.revision == 3
