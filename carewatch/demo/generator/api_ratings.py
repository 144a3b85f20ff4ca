"""Ratings in the CQC API's shapes: ``currentRatings``, ``historicRatings`` and ``assessment[]``."""

from __future__ import annotations

from datetime import date

from carewatch.demo.generator import ratings as R
from carewatch.demo.generator.entities import Assessment, Location
from carewatch.demo.generator.timeline import RatingState

GP_AREAS = {
    "conditions": "People with long term conditions",
    "mothers": "Families, children and young people",
    "old": "Older people",
    "population": "Working age people (including those recently retired and students)",
    "problems": "People experiencing poor mental health (including people with dementia)",
    "vulnerable": "People whose circumstances may make them vulnerable",
}
_NARRATIVE = {
    R.OUTSTANDING: "The service is performing exceptionally well.",
    R.GOOD: "The service is performing well and meeting our expectations.",
    R.RI: "The service is not always performing as well as expected.",
    R.INADEQUATE: "The service is performing badly and we have taken enforcement action.",
}


def report_uri(link_id: str, published: date) -> str:
    """The API's ``/reports/{id}?YYYYMMDDhhmmss``: a stamp a few days after publication."""
    h = int(link_id[:8], 16)
    day = published.toordinal() + h % 5
    stamp = date.fromordinal(day)
    return f"/reports/{link_id}?{stamp:%Y%m%d}{6 + h % 14:02d}{h % 60:02d}{(h >> 8) % 60:02d}"


def _kq_list(state: RatingState, location_id: str) -> list[dict]:
    out = []
    for name in R.API_KQ_ORDER:
        kq = state.key_questions.get(name)
        if kq is None:
            continue
        entry = {
            "name": name,
            "rating": kq.rating,
            "reportDate": kq.published.isoformat(),
            "reportLinkId": kq.link_id,
        }
        if kq.organisation_id != location_id:
            entry["organisationId"] = kq.organisation_id
        out.append(entry)
    return out


def current_ratings(location: Location, state: RatingState | None) -> dict | None:
    if state is None:
        if not location.shows_no_published_rating:
            return None
        return {
            "overall": {
                "keyQuestionRatings": [{"name": k, "rating": R.NO_PUBLISHED_RATING} for k in R.API_KQ_ORDER],
                "rating": R.NO_PUBLISHED_RATING,
            }
        }
    if state.assessed:
        return None  # as in the real data: an assessed location's ratings are in assessment[]
    day = state.published.isoformat()
    overall: dict[str, object] = {"rating": state.overall, "reportDate": day, "reportLinkId": state.link_id}
    kqs = _kq_list(state, location.location_id)
    if kqs and state.overall in R.RATED:
        overall["keyQuestionRatings"] = kqs
    result: dict[str, object] = {"overall": overall, "reportDate": day}
    if state.services:
        result["serviceRatings"] = [
            {
                "keyQuestionRatings": [
                    {"name": k, "rating": s.kqs[k], "reportDate": day, "reportLinkId": state.link_id}
                    for k in R.API_KQ_ORDER
                ],
                "name": s.name,
                "rating": s.rating,
                "reportDate": day,
                "reportLinkId": state.link_id,
            }
            for s in state.services
        ]
    elif state.population:
        result["serviceRatings"] = [
            {"name": group, "rating": rating, "reportDate": day, "reportLinkId": state.link_id}
            for group, rating in state.population.items()
        ]
    return result


def historic_ratings(location: Location, state: RatingState | None) -> list[dict]:
    out = []
    for report in reversed(location.reports):
        if state is not None and not state.assessed and report.link_id == state.link_id:
            continue  # the current report is in currentRatings
        overall: dict = {"rating": report.overall}
        if report.kqs:
            overall["keyQuestionRatings"] = [
                {"name": k, "rating": report.kqs[k]} for k in R.API_KQ_ORDER if k in report.kqs
            ]
        entry: dict = {
            "overall": overall,
            "reportDate": report.published.isoformat(),
            "reportLinkId": report.link_id,
        }
        if report.organisation_id != location.location_id:
            entry["organisationId"] = report.organisation_id
        if report.services:
            entry["serviceRatings"] = [
                {
                    "keyQuestionRatings": [{"name": k, "rating": s.kqs[k]} for k in R.API_KQ_ORDER],
                    "name": s.name,
                    "rating": s.rating,
                }
                for s in report.services
            ]
        elif report.population:
            entry["serviceRatings"] = [{"name": g, "rating": r} for g, r in report.population.items()]
        out.append(entry)
    return out


def assessment_json(location: Location, a: Assessment) -> list[dict]:
    kq_blocks = []
    for kq in sorted(R.KEY_QUESTIONS):
        rows = sorted(a.statements[kq], key=lambda row: row[1])
        topics = []
        for sid, name, score, assessed in rows:
            categories = [c for c in (1, 2, 3, 4, 5, 6) if (sid * 5 + c * 3) % 4 != 0][: 2 + sid % 3]
            topics.append(
                {
                    "evidenceCategory": [
                        {"commentary": "", "commentaryDate": "", "evidenceCategoryId": str(c)}
                        for c in categories
                    ],
                    "name": name,
                    "qualityStatementId": str(sid),
                    "qualityStatementscore": R.SCORE_LABELS[score],
                    "status": "Assessed" if assessed else "Not Assessed",
                }
            )
        kq_blocks.append(
            {
                "commentary": "",
                "commentaryDate": "",
                "name": kq,
                "narrative": f"This service is {kq.lower()}",
                "percentageScore": str(a.kq_percent[kq]),
                "rating": a.kq_ratings[kq],
                "status": "Assessed" if any(row[3] for row in rows) else "Not Assessed",
                "topicareas": topics,
            }
        )
    commentary_date = a.published.isoformat()
    return [
        {
            "assessmentPlanPublishedDateTime": f"{a.published.isoformat()} {a.published_time}",
            "ratings": {
                "asgRatings": [
                    {
                        "assessmentDate": a.assessed.isoformat(),
                        "assessmentPlanId": a.plan_id,
                        "assessmentPlanStatus": "Active",
                        "commentary": "",
                        "commentaryDate": commentary_date,
                        "keyQuestionRatings": kq_blocks,
                        "name": a.service_group,
                        "narrative": _NARRATIVE[a.overall],
                        "overallPeopleExperience": "",
                        "overallPeopleExperienceDate": commentary_date,
                        "rating": a.overall,
                        "status": "Current",
                        "title": f"Ongoing Assessment for {location.name}",
                    }
                ]
            },
        }
    ]
