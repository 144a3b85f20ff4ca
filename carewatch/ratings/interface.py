"""``rate(payload) -> dict``: the JSON-in, JSON-out face of the engine (``carewatch rate``, the API).

The payload is what ``json.loads`` gives. Every problem raises :class:`RatingInputError` naming the
field (``scores.safe.3``, ``ratings.well_led``) and the problem; nothing else escapes for any input.
The shapes are documented with examples in docs/ratings.md ("The carewatch rate interface").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any, TypeVar

from carewatch.ratings import council, local_qa, principles, saf
from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.vocabulary import (
    KEY_QUESTIONS,
    STATEMENTS,
    KeyQuestion,
    Rating,
    normalise_name,
    parse_evidence_category,
    parse_key_question,
    parse_rating,
    parse_score,
)

FRAMEWORKS = ("principles", "saf", "local-authority", "local-qa")
_FRAMEWORK_ALIASES = {"council": "local-authority", "single-assessment-framework": "saf"}

JSON = dict[str, Any]
T = TypeVar("T")


# --- small validators --------------------------------------------------------------------------


def _describe(value: object) -> str:
    kinds = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return kinds.get(type(value), "a number")


def _object(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise RatingInputError(field, f"expected an object, got {_describe(value)}")
    return value


def _only(obj: Mapping[str, Any], allowed: tuple[str, ...], prefix: str = "") -> None:
    for key in obj:
        if key not in allowed:
            raise RatingInputError(f"{prefix}{key}", f"unknown field: expected one of {', '.join(allowed)}")


def _required(obj: Mapping[str, Any], key: str, prefix: str = "") -> Any:
    if key not in obj:
        raise RatingInputError(f"{prefix}{key}", "missing")
    return obj[key]


def _bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise RatingInputError(field, f"expected true or false, got {_describe(value)}")
    return value


def _parsed(parse: Callable[[Any], T], value: object, field: str) -> T:
    try:
        return parse(value)
    except ValueError as error:
        raise RatingInputError(field, str(error)) from None


def _number(value: object, field: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RatingInputError(field, f"expected a number, got {_describe(value)}")
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def _by_key_question(obj: Mapping[str, Any], field: str) -> dict[KeyQuestion, tuple[str, Any]]:
    """An object keyed by key question in any spelling → {KeyQuestion: (key as written, value)}."""
    found: dict[KeyQuestion, tuple[str, Any]] = {}
    for key, value in obj.items():
        key_question = _parsed(parse_key_question, key, f"{field}.{key}")
        if key_question in found:
            raise RatingInputError(f"{field}.{key}", f"key question {key_question.label} given twice")
        found[key_question] = (key, value)
    return found


def _limiters(value: object) -> list[principles.Limiter]:
    names = tuple(limiter.value for limiter in principles.Limiter)
    applied = []
    for key, flag in _object(value, "limiters").items():
        if key not in names:
            raise RatingInputError(f"limiters.{key}", f"unknown limiter: expected one of {', '.join(names)}")
        if _bool(flag, f"limiters.{key}"):
            applied.append(principles.Limiter(key))
    return applied


def _overall_json(result: principles.OverallRating) -> JSON:
    return {
        "overall": result.overall.label if result.overall is not None else None,
        "judgement": result.judgement,
        "suggested": result.suggested.label if result.suggested is not None else None,
        "principle": result.principle,
        "rule": result.rule,
        "well_led": result.ratings[KeyQuestion.WELL_LED].label,
        "limited_by": [limiter.value for limiter in result.limited_by],
        "breach": result.breach,
    }


# --- frameworks --------------------------------------------------------------------------------


def _rate_principles(obj: Mapping[str, Any]) -> JSON:
    _only(obj, ("framework", "ratings", "breach", "limiters"))
    given = _by_key_question(_object(_required(obj, "ratings"), "ratings"), "ratings")
    ratings = {kq: _parsed(parse_rating, value, f"ratings.{key}") for kq, (key, value) in given.items()}
    result = principles.aggregate(
        ratings=ratings,
        breach=_bool(obj.get("breach", False), "breach"),
        limiters=_limiters(obj.get("limiters", {})),
    )
    return _overall_json(result)


def _statement_score(value: object, field: str, assessed_on: date | None) -> int:
    if isinstance(value, dict):
        _only(value, ("evidence",), f"{field}.")
        evidence_given = _object(_required(value, "evidence", f"{field}."), f"{field}.evidence")
        if assessed_on is not None and assessed_on >= saf.EVIDENCE_SCORING_ENDED_ON:
            raise RatingInputError(
                f"{field}.evidence",
                f"evidence-category scores apply only to assessments before December 2024 "
                f"(assessed_on is {assessed_on.isoformat()}): give the statement's score",
            )
        evidence = {}
        for key, score in evidence_given.items():
            where = f"{field}.evidence.{key}"
            category = _parsed(parse_evidence_category, key, where)
            if category in evidence:
                raise RatingInputError(where, f"evidence category {category.label} given twice")
            evidence[category] = _parsed(parse_score, score, where)
        return saf.statement_score_from_evidence(evidence, field_name=f"{field}.evidence")
    return _parsed(parse_score, value, field)


def _saf_scores(value: object, field: str, assessed_on: date | None) -> dict[KeyQuestion, dict[int, int]]:
    scores: dict[KeyQuestion, dict[int, int]] = {}
    for key_question, (key, statements) in _by_key_question(_object(value, field), field).items():
        scores[key_question] = {}
        for statement_key, score in _object(statements, f"{field}.{key}").items():
            where = f"{field}.{key}.{statement_key}"
            text = statement_key.strip()
            statement = (
                STATEMENTS.get(int(text)) if text.isascii() and text.isdigit() and len(text) < 4 else None
            )
            if statement is None:
                raise RatingInputError(
                    where, f"unknown quality statement id {statement_key!r}: ids run from 1 to 34"
                )
            if statement.key_question is not key_question:
                raise RatingInputError(
                    where,
                    f"statement {statement.id} ({statement.name}) belongs to {statement.key_question.label}, "
                    f"not {key_question.label}",
                )
            if statement.id in scores[key_question]:
                raise RatingInputError(where, f"statement {statement.id} given twice")
            scores[key_question][statement.id] = _statement_score(score, where, assessed_on)
    return scores


def _saf_rules(value: object) -> saf.SafRules:
    obj = _object(value, "rules")
    _only(obj, ("overall", "statement_scored_1_caps_key_question_at"), "rules.")
    overall = obj.get("overall", "principles")
    if overall not in saf.OVERALL_RULES:
        raise RatingInputError("rules.overall", f"{overall!r} is not one of {', '.join(saf.OVERALL_RULES)}")
    cap_given = obj.get("statement_scored_1_caps_key_question_at")
    cap: Rating | None = None
    if cap_given is not None:
        cap = _parsed(parse_rating, cap_given, "rules.statement_scored_1_caps_key_question_at")
    return saf.SafRules(overall=overall, statement_scored_1_caps_key_question_at=cap)


def _rate_saf(obj: Mapping[str, Any]) -> JSON:
    _only(obj, ("framework", "scores", "previous", "assessed_on", "breach", "limiters", "rules"))
    assessed_on = None
    if (given_date := obj.get("assessed_on")) is not None:
        if not isinstance(given_date, str):
            raise RatingInputError(
                "assessed_on", f"expected a date as YYYY-MM-DD, got {_describe(given_date)}"
            )
        assessed_on = _parsed(date.fromisoformat, given_date, "assessed_on")
    scores = _saf_scores(_required(obj, "scores"), "scores", assessed_on)
    previous = _saf_scores(obj.get("previous", {}), "previous", None)
    result = saf.assess(
        scores=scores,
        previous=previous,
        breach=_bool(obj.get("breach", False), "breach"),
        limiters=_limiters(obj.get("limiters", {})),
        rules=_saf_rules(obj.get("rules", {})),
    )
    return {
        "key_questions": {
            kq.value: {
                "percent": kq_result.percent,
                "whole_percent": kq_result.whole_percent,
                "rating": kq_result.rating.label,
                "position": kq_result.position.label,
                "description": kq_result.description,
                "statements": {str(sid): score for sid, score in kq_result.scores.items()},
                "carried_forward": list(kq_result.carried_forward),
            }
            for kq, kq_result in ((kq, result.key_questions[kq]) for kq in KEY_QUESTIONS)
        },
        "overall": _overall_json(result.overall),
    }


def _rate_council(obj: Mapping[str, Any]) -> JSON:
    _only(obj, ("framework", "scores"))
    given = _required(obj, "scores")
    if isinstance(given, list):
        scores: list[int] | dict[str, int] = [
            _parsed(parse_score, score, f"scores[{index}]") for index, score in enumerate(given)
        ]
    elif isinstance(given, dict):
        scores = {key: _parsed(parse_score, score, f"scores.{key}") for key, score in given.items()}
    else:
        raise RatingInputError("scores", f"expected a list of nine scores, got {_describe(given)}")
    result = council.assess(scores=scores)
    return {"percent": result.percent, "rating": result.rating.label}


def _qa_answers(value: object, field: str) -> list[local_qa.Answer]:
    if not isinstance(value, list):
        raise RatingInputError(field, f"expected a list of answers, got {_describe(value)}")
    answers = []
    for index, item in enumerate(value):
        where = f"{field}[{index}]"
        if isinstance(item, dict):
            _only(item, ("answer", "weight"), f"{where}.")
            rating = _parsed(
                local_qa.parse_qa_rating, _required(item, "answer", f"{where}."), f"{where}.answer"
            )
            weight = _number(item.get("weight", 1), f"{where}.weight")
            answers.append(local_qa.Answer(rating=rating, weight=weight))
        else:
            answers.append(local_qa.Answer(rating=_parsed(local_qa.parse_qa_rating, item, where)))
    return answers


def _qa_scale(value: object, field: str) -> dict[local_qa.QaRating, Fraction]:
    return {
        _parsed(local_qa.parse_qa_rating, key, f"{field}.{key}"): _number(number, f"{field}.{key}")
        for key, number in _object(value, field).items()
    }


def _qa_rules(value: object) -> local_qa.QaRules:
    obj = _object(value, "rules")
    _only(obj, ("points", "thresholds", "overall_from"), "rules.")
    defaults = local_qa.DEFAULT_RULES
    points = {**defaults.points, **_qa_scale(obj.get("points", {}), "rules.points")}
    thresholds = {**defaults.thresholds, **_qa_scale(obj.get("thresholds", {}), "rules.thresholds")}
    overall_from = obj.get("overall_from", defaults.overall_from)
    if overall_from not in ("standard-ratings", "answers"):
        raise RatingInputError(
            "rules.overall_from", f"{overall_from!r} is not one of standard-ratings, answers"
        )
    return local_qa.QaRules(points=points, thresholds=thresholds, overall_from=overall_from)


def _two_places(value: Fraction) -> float:
    return float(Fraction(math.floor(value * 100 + Fraction(1, 2)), 100))


def _rate_local_qa(obj: Mapping[str, Any]) -> JSON:
    _only(obj, ("framework", "standards", "rules"))
    rules = _qa_rules(obj.get("rules", {}))
    standards: dict[str, local_qa.Standard] = {}
    for name, value in _object(_required(obj, "standards"), "standards").items():
        field = f"standards.{name}"
        if isinstance(value, dict):
            _only(value, ("answers", "weight"), f"{field}.")
            answers = _qa_answers(_required(value, "answers", f"{field}."), f"{field}.answers")
            weight = _number(value.get("weight", 1), f"{field}.weight")
            standards[name] = local_qa.Standard(answers=answers, weight=weight)
        else:
            standards[name] = local_qa.Standard(answers=_qa_answers(value, f"{field}.answers"))
    result = local_qa.assess(standards=standards, rules=rules)
    return {
        "standards": {
            name: {"score": _two_places(standard.score), "rating": standard.rating.label}
            for name, standard in result.standards.items()
        },
        "score": _two_places(result.score),
        "overall": result.overall.label,
    }


_HANDLERS: dict[str, Callable[[Mapping[str, Any]], JSON]] = {
    "principles": _rate_principles,
    "saf": _rate_saf,
    "local-authority": _rate_council,
    "local-qa": _rate_local_qa,
}


def rate(payload: object) -> JSON:
    """Rate a payload (parsed JSON) by its ``framework``; raise RatingInputError naming the bad field."""
    obj = _object(payload, "input")
    given = _required(obj, "framework")
    name = normalise_name(given).replace(" ", "-") if isinstance(given, str) else ""
    name = _FRAMEWORK_ALIASES.get(name, name)
    if name not in _HANDLERS:
        raise RatingInputError(
            "framework", f"unknown framework {given!r}: expected one of {', '.join(FRAMEWORKS)}"
        )
    return _HANDLERS[name](obj)
