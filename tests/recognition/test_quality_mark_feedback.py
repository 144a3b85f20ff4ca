"""The feedback criterion reads lived-experience feedback: approved responses to the scheme's council in
the last 12 months, at least N of them, averaging at least the threshold (docs/methodology.md). Pending,
rejected, older and other councils' responses do not count."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from carewatch.monitoring.models import Feedback, FeedbackLink, ModerationState
from carewatch.recognition import quality_mark_criteria as c
from carewatch.recognition import quality_mark_evidence
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def response(
    home, council, *, scores, on=datetime(2026, 5, 1, 10, tzinfo=UTC), state=ModerationState.APPROVED
):
    link, _ = FeedbackLink.objects.get_or_create(
        organisation=council,
        location=home,
        defaults={"token": f"t-{council.pk}-{home.pk}", "created_at": on},
    )
    return Feedback.objects.create(
        organisation=council,
        location=home,
        channel="public_link",
        link=link,
        respondent_kind="person",
        received_at=on,
        moderation=state,
        **dict(zip(("safety", "kindness", "food"), scores, strict=False)),
    )


def judged(home, council, *, threshold="4.0", minimum=3) -> c.Result:
    evidence = quality_mark_evidence.gather([home.pk], council=council, today=TODAY)[home.pk]
    return c.evaluate(
        c.FEEDBACK_AVERAGE, evidence, today=TODAY, threshold=Decimal(threshold), minimum=minimum
    )


def test_only_approved_recent_responses_to_the_council_count():
    council, other = cf.council(), cf.council("E08000005")
    home = cf.location(council)
    response(home, council, scores=(5, 4))
    response(home, council, scores=(4, 4, 3))
    response(home, council, scores=(1, 1), state=ModerationState.PENDING)
    response(home, council, scores=(1, 1), on=datetime(2025, 5, 1, tzinfo=UTC))  # over 12 months ago
    response(home, other, scores=(1, 1))  # another council's collection
    result = judged(home, council)
    assert result == c.Result(
        False, "2 lived-experience responses in the last 12 months, fewer than the 3 needed"
    )
    response(home, council, scores=(5,))
    result = judged(home, council)  # (5+4+4+4+3+5)/6 = 4.17
    assert result == c.Result(
        True, "Average feedback score 4.2 out of 5 from 3 responses in the last 12 months"
    )
    assert not judged(home, council, threshold="4.3").met
