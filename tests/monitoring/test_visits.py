"""Visits: recording, evidence by source, and ratings computed by the ratings engine."""

from datetime import date, timedelta
from fractions import Fraction

import pytest

from carewatch.core.models import AuditEntry
from carewatch.monitoring import errors, queries, services
from carewatch.monitoring.models import Answer, VisitState
from carewatch.ratings import local_qa
from carewatch.ratings.local_qa import QaRating
from tests.monitoring import factories as f
from tests.monitoring import given

NOW = given.VISITED_AT


def test_an_officer_records_an_unannounced_responsive_visit_with_two_officers(world):
    visit = given.visit(world, kind="responsive", announced=False, officers=[world.officer, world.colleague])
    assert (visit.status, visit.kind, visit.announced, visit.visit_on) == (
        VisitState.DRAFT,
        "responsive",
        False,
        date(2026, 3, 2),
    )
    assert set(visit.officers.all()) == {world.officer, world.colleague}
    assert (
        visit.framework_version.framework.owner is None
        and visit.framework_version.framework.service_type == "care_home"
    )
    assert [s.status for s in queries.visit_history(visit)] == ["draft"]
    entry = AuditEntry.objects.get(action="monitoring.visit_recorded")
    assert (entry.organisation, entry.actor, entry.object_id) == (world.council, world.officer, str(visit.pk))


def test_a_visit_cannot_be_recorded_for_a_future_date(world):
    with pytest.raises(errors.InvalidInput) as refused:
        services.create_visit(
            organisation=world.council,
            actor=world.officer,
            location=world.home,
            visit_on=date(2026, 3, 3),
            kind="planned",
            announced=True,
            officers=[world.officer],
            now=NOW,
        )
    assert refused.value.field == "visit_on"


def test_only_the_councils_qa_officers_record_visits_and_go_on_them(world):
    rochdale = f.council("E08000005")
    with pytest.raises(errors.NotPermitted):
        services.create_visit(
            organisation=world.council,
            actor=f.officer(rochdale),
            location=world.home,
            visit_on=NOW.date(),
            kind="planned",
            announced=True,
            officers=[world.officer],
            now=NOW,
        )
    with pytest.raises(errors.NotPermitted):
        services.create_visit(
            organisation=world.council,
            actor=world.acme_manager,
            location=world.home,
            visit_on=NOW.date(),
            kind="planned",
            announced=True,
            officers=[world.officer],
            now=NOW,
        )
    with pytest.raises(errors.InvalidInput) as refused:
        given.visit(world, officers=[world.officer, f.officer(rochdale, name="Rita Rochdale")])
    assert refused.value.field == "officers"


def test_answers_keep_evidence_by_source_and_the_visit_is_rated_by_the_ratings_engine(world):
    visit = given.visit(world)
    services.record_answers(
        visit=visit,
        actor=world.officer,
        now=NOW,
        answers={
            "CH-13": services.AnswerInput(
                rating="Poor",
                records="MAR gaps on 12 and 13 March",
                observation="Trolley left open",
                people="Mrs A said her tablets are late",
                staff="Two staff not trained",
                relatives="Son worried",
            ),
            "CH-15": {"rating": "requires improvement"},
            "CH-22": {"rating": "Excellent"},
        },
    )
    visit.refresh_from_db()
    answer = Answer.objects.get(visit=visit, question__code="CH-13")
    assert (answer.records, answer.people, answer.relatives) == (
        "MAR gaps on 12 and 13 March",
        "Mrs A said her tablets are late",
        "Son worried",
    )

    by_code = {q.code: q for q in queries.questions(visit.framework_version)}
    expected = local_qa.assess(
        standards={
            str(by_code["CH-13"].standard): local_qa.Standard(
                answers=[local_qa.Answer(QaRating.POOR, Fraction(by_code["CH-13"].weight))]
            ),
            str(by_code["CH-15"].standard): local_qa.Standard(
                answers=[local_qa.Answer(QaRating.REQUIRES_IMPROVEMENT, Fraction(by_code["CH-15"].weight))]
            ),
            str(by_code["CH-22"].standard): local_qa.Standard(
                answers=[local_qa.Answer(QaRating.EXCELLENT, Fraction(by_code["CH-22"].weight))]
            ),
        }
    )
    assert visit.overall_rating == int(expected.overall)
    assert visit.standard_ratings == {name: int(result.rating) for name, result in expected.standards.items()}
    assert queries.visit_assessment(visit) == expected


def test_weights_within_a_standard_count(world):
    visit = given.visit(world)
    # Standard 8 (medicines): CH-13 weighs 2, CH-14 weighs 1 → (1×2 + 4×1) / 3 = 2 → Requires improvement.
    services.record_answers(
        visit=visit,
        actor=world.officer,
        now=NOW,
        answers={"CH-13": {"rating": "Poor"}, "CH-14": {"rating": "Excellent"}},
    )
    visit.refresh_from_db()
    assert visit.standard_ratings == {"8": int(QaRating.REQUIRES_IMPROVEMENT)}
    assert queries.rating_label(visit.overall_rating) == "Requires improvement"


def test_all_good_answers_rate_the_visit_good_and_a_question_can_be_left_unassessed(world):
    visit = given.answer_all(world, given.visit(world), "Good", overrides={"CH-01": None})
    assert queries.rating_label(visit.overall_rating) == "Good"
    assert Answer.objects.get(visit=visit, question__code="CH-01").rating is None
    assert len(visit.standard_ratings) == 16


def test_an_answer_off_the_local_scale_or_for_an_unknown_question_is_refused_by_field(world):
    visit = given.visit(world)
    with pytest.raises(errors.InvalidInput) as refused:
        services.record_answers(
            visit=visit, actor=world.officer, now=NOW, answers={"CH-02": {"rating": "Outstanding"}}
        )
    assert refused.value.field == "CH-02" and "local QA scale" in refused.value.message
    with pytest.raises(errors.InvalidInput) as refused:
        services.record_answers(
            visit=visit, actor=world.officer, now=NOW, answers={"HC-02": {"rating": "Good"}}
        )
    assert refused.value.field == "HC-02"


def test_answers_cannot_change_once_the_draft_is_sent(world):
    visit = given.sent(world)
    with pytest.raises(errors.WrongState) as refused:
        services.record_answers(
            visit=visit, actor=world.officer, now=NOW, answers={"CH-02": {"rating": "Good"}}
        )
    assert refused.value.state == "sent" and "with the provider" in refused.value.message


def test_a_scheduled_visit_is_started_on_the_framework_version_current_then(world):
    planned = services.schedule_visit(
        organisation=world.council,
        actor=world.officer,
        location=world.home,
        visit_on=date(2026, 9, 1),
        now=NOW,
    )
    assert planned.status == VisitState.SCHEDULED
    with pytest.raises(errors.WrongState):
        services.record_answers(
            visit=planned, actor=world.officer, now=NOW, answers={"CH-02": {"rating": "Good"}}
        )
    default = planned.framework_version.framework
    edited = [
        {"code": q.code, "text": q.text, "statement": q.statement_id, "standard": q.standard, "weight": 1}
        for q in queries.questions(planned.framework_version)
    ]
    newer = services.edit_framework(
        organisation=world.council, actor=world.manager, framework=default, questions=edited, now=NOW
    )
    started = services.start_visit(
        visit=planned, actor=world.colleague, now=f.at(2026, 9, 1), officers=[world.colleague]
    )
    assert (started.status, started.visit_on, started.framework_version) == (
        VisitState.DRAFT,
        date(2026, 9, 1),
        newer,
    )
    assert [s.status for s in queries.visit_history(started)] == ["scheduled", "draft"]


def test_the_visit_date_is_the_councils_local_date(world):
    late_evening = f.at(2026, 6, 30, 23, 30)
    visit = given.visit(world, now=late_evening)
    assert visit.visit_on == date(2026, 6, 30)
    assert visit.visit_on - timedelta(days=0) == late_evening.date()
