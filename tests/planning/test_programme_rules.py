"""The visit programme's pure rules: policy parsing, what is due and why, announced or not, placing
visits on officers' days by geography in nearest-neighbour order."""

from datetime import date

import pytest

from carewatch.planning import programme as p

START, END = date(2027, 1, 4), date(2027, 1, 29)  # four weeks from a Monday


def service(location_id: str, **fields) -> p.Service:
    return p.Service(location_id=location_id, name=f"Home {location_id}", **fields)


def test_a_policy_with_no_frequency_is_refused_naming_the_field():
    values = {**p.DEFAULT_POLICY.as_dict(), "contracted_months": ""}
    with pytest.raises(p.PolicyError) as caught:
        p.parse_policy(values)
    assert "contracted_months" in caught.value.errors
    assert "Enter how often every contracted service is visited" in caught.value.errors["contracted_months"]


@pytest.mark.parametrize("share", [-1, 101, "half"])
def test_an_unannounced_share_outside_0_to_100_percent_is_refused(share):
    values = {**p.DEFAULT_POLICY.as_dict(), "unannounced_shares": {"home_care": share}}
    with pytest.raises(p.PolicyError) as caught:
        p.parse_policy(values)
    assert list(caught.value.errors) == ["unannounced_home_care"]


def test_an_unknown_category_and_a_zero_frequency_are_both_named():
    values = {**p.DEFAULT_POLICY.as_dict(), "high_risk_months": 0, "unannounced_shares": {"castles": 10}}
    with pytest.raises(p.PolicyError) as caught:
        p.parse_policy(values)
    assert set(caught.value.errors) == {"high_risk_months", "unannounced_castles"}


def test_the_default_policy_reads_back_unchanged():
    assert p.policy_from(p.DEFAULT_POLICY.as_dict()) == p.DEFAULT_POLICY


def test_each_rule_gives_its_reason_in_words_and_the_earliest_date_wins():
    policy = p.Policy(contracted_months=12, high_risk_score=50, high_risk_months=6)
    services = [
        service("never", contracted=True),
        service("risky", score=70, last_visit_on=date(2026, 7, 10)),
        service("fine", contracted=True, last_visit_on=date(2026, 6, 1)),
        service("new", registered_on=date(2026, 10, 20)),
        service("plan", last_visit_on=date(2026, 6, 1), action_plans_on=(date(2026, 7, 1),)),
        service("booked", contracted=True, scheduled_on=date(2027, 1, 10)),
    ]
    due = {d.service.location_id: d for d in p.due_visits(services, policy, start=START, end=END)}
    assert set(due) == {"never", "risky", "new", "plan"}
    assert due["never"].due_on == START and due["never"].overdue(START) is False
    assert "never visited by the council" in due["never"].reasons[0]
    assert due["risky"].due_on == date(2027, 1, 10)
    assert (
        due["risky"]
        .reasons[0]
        .startswith("High risk: score 70 (policy: 50 or more), last visited 10 July 2026")
    )
    assert (
        due["new"].due_on == date(2027, 1, 20)
        and "New registration on 20 October 2026" in due["new"].reasons[0]
    )
    assert due["plan"].due_on == date(2027, 1, 1) and due["plan"].overdue(START)
    assert "Follow-up of the action plan asked for on 1 July 2026" in due["plan"].reasons[0]


def test_intensive_support_repeats_through_the_weeks_and_is_never_unannounced():
    policy = p.Policy(intensive_every_days=7, unannounced_shares={"care_home": 100})
    items = p.due_visits(
        [service("case", ladder_level="3", category="care_home", last_visit_on=date(2027, 1, 1))],
        policy,
        start=START,
        end=END,
    )
    assert [d.due_on for d in items] == [
        date(2027, 1, 8),
        date(2027, 1, 15),
        date(2027, 1, 22),
        date(2027, 1, 29),
    ]
    assert all(d.intensive for d in items) and "ladder level 3" in items[0].reasons[0]
    assert p.unannounced_ids(items, policy) == set()


def test_the_unannounced_share_is_met_per_category_highest_risk_first():
    policy = p.Policy(contracted_months=12, unannounced_shares={"older_people_care_home": 50})
    services = [
        service(f"o{i}", contracted=True, category="older_people_care_home", score=i) for i in range(4)
    ] + [service("h1", contracted=True, category="home_care")]
    due = p.due_visits(services, policy, start=START, end=END)
    assert {lid for lid, _ in p.unannounced_ids(due, policy)} == {"o3", "o2"}


def test_officer_days_skip_bank_holidays_and_stop_at_their_days_a_week():
    officer = p.Officer(1, "Olive", days_per_week=2)
    days = p.working_days(officer, start=START, end=date(2027, 1, 15), holidays={date(2027, 1, 4)})
    assert days == [date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 11), date(2027, 1, 12)]


def test_visits_go_to_the_officer_whose_areas_cover_them_grouped_by_place_in_nearest_order():
    policy = p.Policy(contracted_months=12, visits_per_day=3)
    north = [
        service(f"n{i}", contracted=True, postcode=f"OL1 {i}AA", latitude=53.55 + i / 100, longitude=-2.1)
        for i in range(3)
    ]
    south = [
        service(f"s{i}", contracted=True, postcode=f"M1 {i}AA", latitude=53.40 + i / 100, longitude=-2.2)
        for i in range(3)
    ]
    officers = [p.Officer(1, "North", 1, areas=("OL1",)), p.Officer(2, "South", 1, areas=("m1",))]
    due = p.due_visits(
        [north[2], south[0], north[0], south[2], north[1], south[1]], policy, start=START, end=END
    )
    proposal = p.propose(due, officers, policy, start=START, end=END)
    assert not proposal.unplaced
    by_officer: dict[int, list[p.Stop]] = {}
    for stop in proposal.stops:
        by_officer.setdefault(stop.officer_id, []).append(stop)
    assert {s.due.service.location_id for s in by_officer[1]} == {"n0", "n1", "n2"}
    assert {s.day for s in by_officer[1]} == {START}  # one day for three neighbours
    route = [s.due.service.location_id for s in sorted(by_officer[1], key=lambda s: s.order)]
    assert route == ["n0", "n1", "n2"]
    assert (
        by_officer[1][0].distance_km is None
        or sorted(by_officer[1], key=lambda s: s.order)[0].distance_km is None
    )
    second = sorted(by_officer[1], key=lambda s: s.order)[1]
    assert second.distance_km == pytest.approx(1.1, abs=0.05)


def test_a_visit_no_officer_has_room_for_is_left_unplaced_with_the_reason():
    policy = p.Policy(contracted_months=12, visits_per_day=1)
    due = p.due_visits(
        [service(f"x{i}", contracted=True) for i in range(6)], policy, start=START, end=date(2027, 1, 8)
    )
    proposal = p.propose(due, [p.Officer(1, "Only", 1)], policy, start=START, end=date(2027, 1, 8))
    assert len(proposal.stops) == 1 and len(proposal.unplaced) == 5
    assert proposal.unplaced[0].note == "No officer has a free day in these weeks"


def test_a_service_outside_every_area_still_goes_to_someone_and_says_so():
    policy = p.Policy(contracted_months=12)
    due = p.due_visits([service("far", contracted=True, postcode="ZZ9 9ZZ")], policy, start=START, end=END)
    proposal = p.propose(due, [p.Officer(1, "North", 2, areas=("OL1",))], policy, start=START, end=END)
    assert proposal.stops[0].officer_id == 1 and proposal.stops[0].note == "Outside every officer's areas"
