"""Single Assessment Framework blocks of a CQC API location response (``assessment[]``).

Assessments are read into :class:`Assessment` records, and the newest becomes the location's current
rating when the response's ``currentRatings`` lacks one or is older (the API often leaves
``currentRatings`` out for locations assessed under the new framework).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any

from carewatch.register.importers import api_fields
from carewatch.register.importers.records import (
    KEY_QUESTIONS,
    RATED,
    Assessment,
    KeyQuestionAssessment,
    KeyQuestionRating,
    QualityStatementScore,
    RatingRecord,
    ServiceRating,
)

_SCORE_RE = re.compile(r"^\s*(\d+)\b")


def assessments(detail: dict[str, Any]) -> tuple[Assessment, ...]:
    """One Assessment per assessed service group (``ratings.asgRatings[]``) of each ``assessment[]``."""
    found: list[Assessment] = []
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(api_fields.array(detail.get("assessment"), "assessment")):
        path = f"assessment[{index}]"
        entry = api_fields.obj(item, path)
        published_on = api_fields.date_value(
            entry, "assessmentPlanPublishedDateTime", f"{path}.assessmentPlanPublishedDateTime"
        )
        groups = api_fields.obj(entry.get("ratings"), f"{path}.ratings").get("asgRatings")
        for group_index, group_item in enumerate(api_fields.array(groups, f"{path}.ratings.asgRatings")):
            here = f"{path}.ratings.asgRatings[{group_index}]"
            group = api_fields.obj(group_item, here)
            plan_id = api_fields.text(group, "assessmentPlanId", f"{here}.assessmentPlanId") or ""
            service_group = api_fields.text(group, "name", f"{here}.name") or ""
            if (plan_id, service_group) in seen:
                raise api_fields.Bad(here, f"assessment plan {plan_id!r} for {service_group!r} appears twice")
            seen.add((plan_id, service_group))
            found.append(
                Assessment(
                    assessment_plan_id=plan_id,
                    service_group=service_group,
                    rating=api_fields.rating(group.get("rating"), f"{here}.rating"),
                    assessed_on=api_fields.date_value(group, "assessmentDate", f"{here}.assessmentDate"),
                    published_on=published_on,
                    key_questions=_assessed_key_questions(group.get("keyQuestionRatings"), here),
                )
            )
    return tuple(found)


def _assessed_key_questions(value: object, parent: str) -> tuple[KeyQuestionAssessment, ...]:
    path = f"{parent}.keyQuestionRatings"
    found: dict[str, KeyQuestionAssessment] = {}
    for key, rating, entry, here in api_fields.rated_key_questions(value, path):
        percent = api_fields.percent(entry.get("percentageScore"), f"{here}.percentageScore")
        statements = tuple(
            _statement(topic, key, f"{here}.topicareas[{topic_index}]")
            for topic_index, topic in enumerate(
                api_fields.array(entry.get("topicareas"), f"{here}.topicareas")
            )
        )
        found[key] = KeyQuestionAssessment(
            key_question=key,
            rating=rating,
            percent=percent if rating in RATED else None,  # "Regulations met" comes with "0"
            statements=tuple(sorted(statements, key=lambda statement: statement.statement_id)),
        )
    return tuple(found[key] for key in KEY_QUESTIONS if key in found)


def _statement(item: object, key_question: str, path: str) -> QualityStatementScore:
    topic = api_fields.obj(item, path)
    raw_id = api_fields.text(topic, "qualityStatementId", f"{path}.qualityStatementId") or ""
    if not (raw_id.isascii() and raw_id.isdigit()) or not 1 <= int(raw_id) <= 34:
        raise api_fields.Bad(
            f"{path}.qualityStatementId", f"expected a quality statement id 1-34, got {raw_id!r}"
        )
    label = api_fields.text(topic, "qualityStatementscore", f"{path}.qualityStatementscore") or ""
    match = _SCORE_RE.match(label)
    score = int(match.group(1)) if match else None
    if score is not None and not 1 <= score <= 4:
        raise api_fields.Bad(f"{path}.qualityStatementscore", f"expected a score 1-4, got {label!r}")
    status = api_fields.text(topic, "status", f"{path}.status") or ""
    return QualityStatementScore(
        statement_id=int(raw_id),
        key_question=key_question,
        score=score,
        label=label,
        assessed=status.casefold() == "assessed",
    )


def with_assessment_current(
    ratings: list[RatingRecord], assessments: tuple[Assessment, ...]
) -> list[RatingRecord]:
    """Make the newest assessment the current rating when the API's currentRatings lacks it.

    Locations assessed under the Single Assessment Framework often have no ``currentRatings`` (or
    an older one): the newest assessment is then their current rating. A superseded
    ``currentRatings`` becomes historic (merged into historicRatings' entry for its report).
    """
    if not assessments:
        return ratings
    newest = max(assessment.published_on or date.min for assessment in assessments)
    groups = [assessment for assessment in assessments if (assessment.published_on or date.min) == newest]
    current = next((rating for rating in ratings if rating.is_current), None)
    if (
        current is not None
        and current.overall is not None
        and (current.report_on is None or (newest != date.min and newest <= current.report_on))
    ):
        return ratings
    published_on = None if newest == date.min else newest

    def key_questions(group: Assessment) -> tuple[KeyQuestionRating, ...]:
        return tuple(
            KeyQuestionRating(key_question=kq.key_question, rating=kq.rating, report_on=published_on)
            for kq in group.key_questions
        )

    services: tuple[ServiceRating, ...]
    if len(groups) == 1:
        overall, kqs, services = groups[0].rating, key_questions(groups[0]), ()
    else:  # several service groups assessed: rated per service, not overall
        overall, kqs = None, ()
        services = tuple(
            ServiceRating(
                service=g.service_group,
                rating=g.rating,
                report_on=published_on,
                key_questions=key_questions(g),
            )
            for g in groups
            if g.rating is not None
        )
    from_assessment = RatingRecord(
        report_on=published_on,
        report_link_id="",
        overall=overall,
        is_current=True,
        key_questions=kqs,
        services=services,
    )
    return [from_assessment, *_demote(ratings)]


def _report_link(rating: RatingRecord) -> str:
    """The report a rating comes from: its own link, else the one its service ratings share."""
    links = {service.report_link_id for service in rating.services}
    return rating.report_link_id or (links.pop() if len(links) == 1 else "")


def _demote(ratings: list[RatingRecord]) -> list[RatingRecord]:
    """The ratings with the current one made historic, merged into a historic entry of the same report."""
    current = next((rating for rating in ratings if rating.is_current), None)
    historic = [rating for rating in ratings if not rating.is_current]
    if current is None:
        return historic
    link = _report_link(current)
    for index, rating in enumerate(historic):
        if link and rating.report_link_id == link:
            merged = dataclasses.replace(rating, services=rating.services or current.services)
            return [*historic[:index], merged, *historic[index + 1 :]]
    return [dataclasses.replace(current, is_current=False, report_link_id=link), *historic]
