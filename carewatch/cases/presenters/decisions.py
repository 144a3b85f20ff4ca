"""What a decision page shows: the levels' names and entry criteria, and the levels a case may move to."""

from __future__ import annotations

from carewatch.cases import ladder, queries
from carewatch.cases.ladder import Decision
from carewatch.cases.models import Case, Suspension
from carewatch.cases.presenters.common import level_names
from carewatch.core.models import Organisation


def case_state(case: Case) -> str:
    """Where a case stands in the transitions table: its level, or closed."""
    return case.level if case.is_open else ladder.CLOSED


def council_level_names(organisation: Organisation | None) -> dict[str, str]:
    """Level names on the council's current ladder (the default template before its first case)."""
    version = queries.current_ladder(organisation) if organisation is not None else None
    if version is None:
        return {level.code: level.name for level in ladder.DEFAULT_TEMPLATE.levels}
    return level_names(version)


def level_criteria(organisation: Organisation | None) -> list[dict[str, str]]:
    """Each level of the council's current ladder, lowest first: code, name and entry criteria."""
    version = queries.current_ladder(organisation) if organisation is not None else None
    spec = queries.ladder_spec(version) if version is not None else ladder.DEFAULT_TEMPLATE
    return [
        {"code": level.code, "name": level.name, "entry_criteria": level.entry_criteria}
        for level in sorted(spec.levels, key=lambda level: ladder.RANK[level.code])
    ]


def step_down_choices(suspension: Suspension) -> list[tuple[str, str]]:
    """Levels to step the case down to, when lifting this suspension must step it down."""
    case = suspension.case
    others_in_force = any(
        other.pk != suspension.pk and other.lifted_on is None for other in queries.suspensions_of(case)
    )
    if case.level != ladder.SUSPENSION_LEVEL or others_in_force or not case.is_open:
        return []
    names = level_names(case.ladder)
    targets = ladder.allowed_targets(case.level, Decision.DE_ESCALATED)
    return [
        (code, f"Level {code}: {names.get(code, '')}") for code in reversed(ladder.ORDER) if code in targets
    ]
