"""Writes of the planning app: a council's new risk weights (a new version, audited)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.db.models import Max

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind
from carewatch.planning import errors, models, risk


def set_weights(
    *,
    organisation: Organisation,
    actor: User | None,
    weights: Mapping[str, object],
    now: datetime,
    note: str = "",
) -> models.WeightsVersion:
    """Record ``weights`` (laid over the defaults) as the council's next version, in force from ``now``."""
    if organisation.kind != OrganisationKind.COUNCIL:
        raise errors.NotPermitted("Only a council sets risk weights")
    if actor is not None and actor.organisation_id != organisation.pk:
        raise errors.NotPermitted("Only the council's own people set its risk weights")
    try:
        parsed = risk.parse_weights(weights)
    except risk.WeightError as exc:
        raise errors.InvalidWeights(exc.errors) from exc
    with transaction.atomic():
        version = models.WeightsVersion.objects.create(
            organisation=organisation,
            version=next_version(models.WeightsVersion, organisation),
            weights=parsed,
            note=note,
            created_at=now,
            created_by=actor,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="planning.weights_changed",
            object_type="planning.weightsversion",
            object_id=version.pk,
            after={"version": version.version, "weights": parsed, "note": note},
        )
    return version


def next_version(
    model: type[models.WeightsVersion] | type[models.PolicyVersion], organisation: Organisation
) -> int:
    """The number of the council's next weights or policy version (1 for its first), read in the caller's
    transaction; the (organisation, version) uniqueness refuses a second writer of the same number."""
    last = model.objects.select_for_update().filter(organisation=organisation).aggregate(last=Max("version"))
    return (last["last"] or 0) + 1
