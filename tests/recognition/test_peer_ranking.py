"""The peer supporter ranking (pure): strength where the mentee is weak first, then the same type of service,
then distance; a quality mark breaks an otherwise even match; never the mentee itself."""

from __future__ import annotations

from carewatch.recognition import peer_ranking as r

MENTEE = r.Service(
    "m", "Elm House", "care home", 53.54, -2.11, {"safe": "Inadequate"}, themes={"medicines": 2}
)


def supporter(location_id: str, **changes) -> r.Service:
    values = dict(
        location_id=location_id,
        name=f"Home {location_id}",
        kind="care home",
        latitude=53.54,
        longitude=-2.11,
        key_questions={"safe": "Good"},
        subjects=("medicines",),
    )
    values.update(changes)
    return r.Service(**values)


def test_subjects_and_key_questions_outweigh_likeness_and_nearness():
    strong_far = supporter("a", latitude=53.90, longitude=-2.60)
    weak_near = supporter("b", subjects=(), key_questions={"safe": "Inadequate"})
    assert [s.supporter.location_id for s in r.rank(MENTEE, [weak_near, strong_far])] == ["a", "b"]


def test_a_quality_mark_breaks_an_even_match_and_the_reasons_say_so():
    plain, marked = supporter("a"), supporter("b", quality_mark="Oldham Quality Mark: Gold")
    first, second = r.rank(MENTEE, [plain, marked])
    assert first.supporter.location_id == "b" and first.points == second.points + r.QUALITY_MARK_POINTS
    assert first.reasons[-1] == "Holds the Oldham Quality Mark: Gold"


def test_an_unknown_distance_is_said_and_scores_nothing():
    found = r.score(MENTEE, supporter("a", latitude=None))
    assert found.miles is None and "Distance not known" in found.reasons
    assert found.points == r.SUBJECT_POINTS + r.KEY_QUESTION_POINTS + r.SERVICE_TYPE_POINTS


def test_the_mentee_is_never_its_own_supporter():
    assert r.rank(MENTEE, [supporter("m")]) == []
