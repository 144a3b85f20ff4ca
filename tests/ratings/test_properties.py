"""Properties that hold for every input (hypothesis).

Results are ordered by their rating — the overall, or for a judgement the suggested rating — and
within a key question by (rating, position in the band). Raising any score or rating never lowers a
result; the order in which key questions (or statements, or standards) are given never matters; every
valid input gets an answer, and any input at all gets an answer or a RatingInputError.
"""

import json
import random
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carewatch.ratings import council, local_qa, principles, saf
from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.interface import rate
from carewatch.ratings.principles import Limiter
from carewatch.ratings.vocabulary import KEY_QUESTIONS, KeyQuestion, Rating, statement_ids

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ratings_st = st.sampled_from(list(Rating))
five_ratings = st.fixed_dictionaries({kq: ratings_st for kq in KEY_QUESTIONS})
limiters_st = st.sets(st.sampled_from(list(Limiter)))
key_question_st = st.sampled_from(KEY_QUESTIONS)
score_st = st.integers(min_value=1, max_value=4)


@st.composite
def saf_scores(draw) -> dict[KeyQuestion, dict[int, int]]:
    """Scores for a non-empty subset of each key question's statements."""
    scores = {}
    for kq in KEY_QUESTIONS:
        ids = draw(st.lists(st.sampled_from(statement_ids(kq)), min_size=1, unique=True))
        scores[kq] = {statement_id: draw(score_st) for statement_id in ids}
    return scores


saf_rules_st = st.builds(
    saf.SafRules,
    overall=st.sampled_from(saf.OVERALL_RULES),
    statement_scored_1_caps_key_question_at=st.none() | ratings_st,
)


def rank(result: principles.OverallRating) -> Rating:
    return result.result


# --- raising never lowers ------------------------------------------------------------------------


@FAST
@given(five_ratings, key_question_st, st.booleans(), limiters_st)
def test_raising_any_key_question_rating_never_lowers_the_overall(ratings, raised, breach, limiters):
    before = principles.aggregate(ratings=ratings, breach=breach, limiters=limiters)
    for better in (r for r in Rating if r > ratings[raised]):
        after = principles.aggregate(ratings={**ratings, raised: better}, breach=breach, limiters=limiters)
        assert rank(after) >= rank(before)


@FAST
@given(five_ratings, limiters_st)
def test_removing_a_breach_or_a_limiter_never_lowers_the_overall(ratings, limiters):
    with_all = principles.aggregate(ratings=ratings, breach=True, limiters=limiters)
    assert rank(principles.aggregate(ratings=ratings, breach=False, limiters=limiters)) >= rank(with_all)
    for limiter in limiters:
        fewer = principles.aggregate(ratings=ratings, breach=True, limiters=limiters - {limiter})
        assert rank(fewer) >= rank(with_all)


@FAST
@given(saf_scores(), saf_rules_st, st.data())
def test_raising_any_statement_score_never_lowers_a_key_question_or_the_overall(scores, rules, data):
    kq = data.draw(key_question_st)
    statement_id = data.draw(st.sampled_from(sorted(scores[kq])))
    if scores[kq][statement_id] == 4:
        return
    higher = data.draw(st.integers(min_value=scores[kq][statement_id] + 1, max_value=4))
    raised = {**scores, kq: {**scores[kq], statement_id: higher}}
    before, after = saf.assess(scores=scores, rules=rules), saf.assess(scores=raised, rules=rules)
    for key_question in KEY_QUESTIONS:
        old, new = before.key_questions[key_question], after.key_questions[key_question]
        assert (new.rating, new.position) >= (old.rating, old.position)
        assert new.fraction >= old.fraction
    assert rank(after.overall) >= rank(before.overall)


@FAST
@given(st.lists(score_st, min_size=9, max_size=9), st.integers(0, 8), st.data())
def test_raising_any_council_score_never_lowers_the_council_rating(scores, index, data):
    if scores[index] == 4:
        return
    raised = [*scores]
    raised[index] = data.draw(st.integers(scores[index] + 1, 4))
    before, after = council.assess(scores=scores), council.assess(scores=raised)
    assert (after.rating, after.position, after.percent) >= (before.rating, before.position, before.percent)


qa_rating_st = st.sampled_from(list(local_qa.QaRating))
weight_st = st.sampled_from([Fraction(1, 4), Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(3)])
qa_standards_st = st.dictionaries(
    st.sampled_from(["involvement", "personalised care", "safeguarding", "staffing", "management"]),
    st.builds(
        local_qa.Standard,
        answers=st.lists(
            st.builds(local_qa.Answer, rating=qa_rating_st, weight=weight_st), min_size=1, max_size=6
        ),
        weight=weight_st,
    ),
    min_size=1,
)


@FAST
@given(qa_standards_st, st.sampled_from(["standard-ratings", "answers"]), st.data())
def test_raising_any_local_qa_answer_never_lowers_a_standard_or_the_overall(standards, overall_from, data):
    rules = local_qa.QaRules(overall_from=overall_from)
    name = data.draw(st.sampled_from(sorted(standards)))
    index = data.draw(st.integers(0, len(standards[name].answers) - 1))
    answer = standards[name].answers[index]
    if answer.rating == local_qa.QaRating.EXCELLENT:
        return
    better = local_qa.Answer(rating=local_qa.QaRating(answer.rating + 1), weight=answer.weight)
    answers = [*standards[name].answers]
    answers[index] = better
    raised = {**standards, name: local_qa.Standard(answers=answers, weight=standards[name].weight)}
    before, after = (
        local_qa.assess(standards=standards, rules=rules),
        local_qa.assess(standards=raised, rules=rules),
    )
    assert after.standards[name].rating >= before.standards[name].rating
    assert after.overall >= before.overall


# --- order never matters -------------------------------------------------------------------------


def shuffled(mapping: dict, seed: int) -> dict:
    items = list(mapping.items())
    random.Random(seed).shuffle(items)
    return dict(items)


@FAST
@given(five_ratings, st.booleans(), limiters_st, st.integers())
def test_the_order_key_questions_are_given_in_never_matters(ratings, breach, limiters, seed):
    payload = {
        "framework": "principles",
        "ratings": {kq.value: r.label for kq, r in ratings.items()},
        "breach": breach,
        "limiters": {limiter.value: True for limiter in limiters},
    }
    reordered = {**payload, "ratings": shuffled(payload["ratings"], seed)}
    assert rate(reordered) == rate(payload)


@FAST
@given(five_ratings, st.permutations(KEY_QUESTIONS), st.booleans())
def test_which_key_question_carries_which_rating_never_changes_the_overall_without_limiters(
    ratings, order, breach
):
    moved = {kq: ratings[original] for kq, original in zip(order, KEY_QUESTIONS, strict=True)}
    before = principles.aggregate(ratings=ratings, breach=breach)
    after = principles.aggregate(ratings=moved, breach=breach)
    assert (after.overall, after.suggested, after.principle) == (
        before.overall,
        before.suggested,
        before.principle,
    )


@settings(max_examples=50, deadline=None)
@given(saf_scores(), st.integers())
def test_the_order_of_key_questions_and_statements_in_saf_scores_never_matters(scores, seed):
    payload = {
        "framework": "saf",
        "scores": {kq.value: {str(i): s for i, s in v.items()} for kq, v in scores.items()},
    }
    reordered = {
        "framework": "saf",
        "scores": shuffled({kq: shuffled(v, seed + 1) for kq, v in payload["scores"].items()}, seed),
    }
    assert rate(reordered) == rate(payload)


# --- every input gets an answer --------------------------------------------------------------------

spelling_st = st.sampled_from([str.lower, str.upper, str.title, lambda s: s])


@st.composite
def valid_payloads(draw) -> dict:
    framework = draw(st.sampled_from(["principles", "saf", "local-authority", "local-qa"]))
    if framework == "principles":
        ratings = draw(five_ratings)
        return {
            "framework": framework,
            "ratings": {draw(spelling_st)(kq.label): draw(spelling_st)(r.label) for kq, r in ratings.items()},
            "breach": draw(st.booleans()),
            "limiters": {limiter.value: draw(st.booleans()) for limiter in draw(limiters_st)},
        }
    if framework == "saf":
        scores = draw(saf_scores())
        return {
            "framework": framework,
            "scores": {kq.value: {str(i): s for i, s in v.items()} for kq, v in scores.items()},
            "breach": draw(st.booleans()),
        }
    if framework == "local-authority":
        return {"framework": framework, "scores": draw(st.lists(score_st, min_size=9, max_size=9))}
    answers = st.lists(qa_rating_st.map(lambda r: r.label), min_size=1, max_size=5)
    return {
        "framework": framework,
        "standards": draw(st.dictionaries(st.text(min_size=1, max_size=8), answers, min_size=1)),
    }


@FAST
@given(valid_payloads())
def test_every_valid_input_gets_an_answer_that_is_json(payload):
    result = rate(payload)
    json.dumps(result)
    if payload["framework"] == "principles":
        assert (result["overall"] is None) == result["judgement"]
        assert (result["overall"] or result["suggested"]) in {r.label for r in Rating}
    elif payload["framework"] == "saf":
        assert set(result["key_questions"]) == {kq.value for kq in KEY_QUESTIONS}
        assert result["overall"]["overall"] or result["overall"]["suggested"]
    else:
        assert result.get("rating") or result.get("overall")


json_st = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 40) | st.floats(allow_nan=True) | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
near_valid_st = valid_payloads().flatmap(
    lambda payload: st.dictionaries(
        st.sampled_from(sorted(payload) + ["scores", "ratings", "rules"]), json_st
    ).map(lambda changes: {**payload, **changes})
)


@settings(max_examples=150, deadline=None)
@given(json_st | near_valid_st)
def test_any_input_at_all_gets_an_answer_or_a_rating_input_error_and_nothing_else(payload):
    try:
        json.dumps(rate(payload))
    except RatingInputError as error:
        assert error.field and error.problem
