"""A council's risk weights: versioned, insert-only, audited; a score as at a date uses the weights then."""

import json
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from carewatch.core.models import AuditEntry
from carewatch.planning import errors, models, queries, services
from carewatch.register import services as register_services
from tests import access_helpers as ah
from tests.register import factories as f

MAY = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)
JULY = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def oldham(db):
    register_services.import_snapshot(
        reader=f.reader(
            [f.location("1-1", rating="Inadequate", rated_on=date(2025, 5, 1), registered_manager="A")]
        ),
        imported_at=MAY,
        actor_label="test",
    )
    return ah.council(code="E08000004")


def test_each_change_is_a_new_version_with_its_author_and_an_audit_entry(oldham):
    manager = ah.person(oldham, "qa_manager")
    first = services.set_weights(
        organisation=oldham, actor=manager, weights={"overall_inadequate": 60}, now=MAY
    )
    second = services.set_weights(
        organisation=oldham, actor=manager, weights={"overall_inadequate": 10}, now=JULY
    )
    assert (first.version, second.version, second.created_by) == (1, 2, manager)
    assert first.weights["overall_inadequate"] == 60 and first.weights["safe_inadequate"] == 30
    entries = AuditEntry.objects.filter(action="planning.weights_changed").order_by("id")
    assert [entry.after["version"] for entry in entries] == [1, 2]
    with pytest.raises(PermissionError):
        first.save()


def test_the_score_as_at_a_date_uses_the_weights_in_force_then(oldham):
    services.set_weights(organisation=oldham, actor=None, weights={"overall_inadequate": 60}, now=MAY)
    services.set_weights(organisation=oldham, actor=None, weights={"overall_inadequate": 10}, now=JULY)

    def overall_points(day: str) -> tuple[float, int]:
        out = StringIO()
        call_command("risk", "--la", "Oldham", "--as-of", day, "--format", "json", stdout=out)
        payload = json.loads(out.getvalue())
        reasons = {r["signal"]: r["points"] for r in payload["services"][0]["reasons"]}
        return reasons["overall_inadequate"], payload["weights_version"]

    assert overall_points("2026-05-01") == (40, 0)  # before any change: the defaults
    assert overall_points("2026-05-10") == (60, 1)  # the day of the change
    assert overall_points("2026-06-30") == (60, 1)
    assert overall_points("2026-07-01") == (10, 2)


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ({"safe_inadequate": "high"}, "safe_inadequate"),
        ({"downgraded": -5}, "downgraded"),
        ({"downgraded": 1e300}, "downgraded"),
        ({"stars": 1}, "stars"),
    ],
)
def test_bad_weights_are_refused_naming_the_field_and_nothing_is_saved(oldham, weights, field):
    with pytest.raises(errors.InvalidWeights) as caught:
        services.set_weights(organisation=oldham, actor=None, weights=weights, now=MAY)
    assert caught.value.field == field and caught.value.message.startswith(field)
    assert not models.WeightsVersion.objects.exists()
    assert not AuditEntry.objects.filter(action="planning.weights_changed").exists()


def test_only_a_council_and_its_own_people_set_its_weights(oldham):
    rochdale = ah.council(code="E08000005")
    with pytest.raises(errors.NotPermitted):
        services.set_weights(
            organisation=oldham, actor=ah.person(rochdale, "qa_manager"), weights={}, now=MAY
        )
    with pytest.raises(errors.NotPermitted):
        services.set_weights(organisation=ah.national(), actor=None, weights={}, now=MAY)
    assert queries.weights_in_force(organisation=oldham, as_of=date(2026, 12, 1))[1] == 0


def test_every_weight_has_a_label_in_words_and_no_label_is_left_over():
    from carewatch.planning import risk

    assert set(risk.SIGNAL_LABELS) == set(risk.DEFAULT_WEIGHTS)
    assert all(label and label[0].isupper() for label in risk.SIGNAL_LABELS.values())
