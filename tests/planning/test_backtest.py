"""The backtest on a tiny made-up history where the answer is known."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from carewatch.cases import services as cases
from carewatch.planning import backtest
from carewatch.register import services
from carewatch.register.importers.records import RatingRecord
from carewatch.register.models import Location
from tests.monitoring import factories as people
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_auc_is_one_when_every_outcome_outscored_every_other_and_a_half_when_all_tie():
    assert backtest.auc([3, 2, 1, 0], [True, True, False, False]) == 1.0
    assert backtest.auc([0, 1, 2, 3], [True, True, False, False]) == 0.0
    assert backtest.auc([1, 1, 1, 1], [True, False, True, False]) == 0.5
    assert backtest.auc([1, 2], [False, False]) is None


def test_precision_in_the_top_tenth_and_calibration_by_decile():
    scored = {f"1-{n:02d}": float(n) for n in range(20)}
    outcomes = {"1-19": True, "1-18": True, "1-00": True}
    result = backtest.evaluate("made up", scored, outcomes)
    assert (result.services, result.outcomes, result.precision_top_10) == (20, 3, 1.0)
    assert result.calibration[0] == (1, 2, 1.0) and result.calibration[-1] == (10, 2, 0.5)


def rated(*history: tuple[str, date]) -> tuple[RatingRecord, ...]:
    return tuple(
        RatingRecord(
            report_on=on,
            report_link_id=f"r-{on}",
            overall=overall,
            is_current=index == len(history) - 1,
            key_questions=f.key_questions(overall, on),
        )
        for index, (overall, on) in enumerate(history)
    )


@pytest.fixture
def history(db):
    # Scored as at 1 January 2024: 1-1 and 1-2 were Requires improvement (risky), 1-3 and 1-4 Good.
    # In 2024 1-1 was rated Inadequate and 1-3 fell to Requires improvement; 1-2 and 1-4 held steady.
    records = [
        f.location(
            "1-1", ratings=rated(("Requires improvement", date(2022, 1, 1)), ("Inadequate", date(2024, 6, 1)))
        ),
        f.location(
            "1-2",
            ratings=rated(
                ("Requires improvement", date(2022, 1, 1)), ("Requires improvement", date(2024, 6, 1))
            ),
        ),
        f.location(
            "1-3", ratings=rated(("Good", date(2023, 1, 1)), ("Requires improvement", date(2024, 6, 1)))
        ),
        f.location("1-4", ratings=rated(("Good", date(2023, 1, 1)), ("Good", date(2024, 6, 1)))),
        f.location(
            "1-5", ratings=rated(("Good", date(2023, 1, 1)), ("Inadequate", date(2025, 6, 1)))
        ),  # too late
    ]
    services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")


def test_the_backtest_command_reports_the_score_against_both_baselines(history):
    out = StringIO()
    call_command("risk", "backtest", "--as-of", "2024-01-01", "--horizon", "12", "--la", "Oldham", stdout=out)
    lines = out.getvalue().splitlines()
    assert "5 services, 2 with the outcome" in lines[0]
    by_name = {line.split("  AUC")[0].strip(): line for line in lines[1:]}
    assert set(by_name) == {"risk score", "rating alone", "rating age alone"}
    # 1-1 (an outcome) ties with 1-2 at the top and beats 1-4 and 1-5 (2.5 of 3 pairs); 1-3 (an outcome)
    # loses to 1-2 and ties with 1-4 and 1-5 (1 of 3): 3.5 / 6. The highest tenth (1 service) is 1-1.
    assert "AUC 0.583  precision in the top 10% 100.0%" in by_name["risk score"]
    assert "AUC 0.583" in by_name["rating alone"] and "AUC 0.583" in by_name["rating age alone"]


def test_the_backtest_needs_a_date_and_a_sensible_horizon(history):
    with pytest.raises(CommandError, match="backtest needs --as-of"):
        call_command("risk", "backtest")
    with pytest.raises(CommandError, match="--horizon must be"):
        call_command("risk", "backtest", "--as-of", "2024-01-01", "--horizon", "0")
    with pytest.raises(CommandError, match="--la is required"):
        call_command("risk")


def test_the_next_inspection_outcome_judges_only_the_services_inspected_in_the_horizon():
    assert backtest.next_inspection_outcome([]) is None
    assert backtest.next_inspection_outcome([(date(2024, 6, 1), "Requires improvement")]) is True
    # The first inspection after the day counts, not a later one.
    assert (
        backtest.next_inspection_outcome([(date(2024, 9, 1), "Inadequate"), (date(2024, 3, 1), "Good")])
        is False
    )


def test_the_next_inspection_backtest_leaves_out_services_not_inspected(history):
    out = StringIO()
    call_command(
        "risk",
        "backtest",
        "--as-of",
        "2024-01-01",
        "--la",
        "Oldham",
        "--outcome",
        "next-inspection",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    # 1-5 was not inspected in 2024: left out. 1-1 (Inadequate), 1-2 and 1-3 (Requires improvement) had the
    # outcome, 1-4 (Good) did not. 1-1 and 1-2 outscore 1-4; 1-3 ties with it: 2.5 of 3 pairs.
    assert "4 services inspected in the horizon, 3 with the outcome" in lines[0]
    by_name = {line.split("  AUC")[0].strip(): line for line in lines[1:]}
    assert "AUC 0.833  precision in the top 10% 100.0%" in by_name["risk score"]


def test_a_suspension_within_the_horizon_is_an_outcome(history):
    council = people.council()
    cases.open_case(
        actor=people.manager(council),
        organisation=council,
        locations=[Location.objects.get(pk="1-4")],
        level="4",
        reason="Placements suspended after a safeguarding enquiry",
        now=datetime(2024, 3, 1, 10, 0, tzinfo=UTC),
    )
    out = StringIO()
    call_command("risk", "backtest", "--as-of", "2024-01-01", "--la", "Oldham", stdout=out)
    lines = out.getvalue().splitlines()
    # 1-1 and 1-3 as before, and 1-4 (still Good) now suspended: 3 of 5. Scores as at the day (the
    # suspension came later): 1-1 = 1-2 above 1-3 = 1-4 = 1-5. Pairs won: 1-1 vs 1-2 a half, vs 1-5 one;
    # 1-3 and 1-4 each lose to 1-2 and tie with 1-5: 2.5 of 6.
    assert "5 services, 3 with the outcome" in lines[0] and "placements suspended" in lines[0]
    by_name = {line.split("  AUC")[0].strip(): line for line in lines[1:]}
    assert "AUC 0.417" in by_name["risk score"]


def test_an_unknown_outcome_is_refused(history):
    with pytest.raises(CommandError, match="--outcome"):
        call_command("risk", "backtest", "--as-of", "2024-01-01", "--outcome", "vibes")
