"""A case's audit trail in words: each entry a title and sentences, never the raw fields a service
recorded ("Trigger key cqc_inadequate:1-…", "Ladder created Yes"). The raw entries stay in the audit
export for whoever needs them (``/audit/``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from carewatch.cases import queries, wording
from carewatch.cases.ladder import ActionKind, ProposalKind, Trigger, VisitFrequency
from carewatch.cases.letters.models import LetterKind
from carewatch.cases.models import Action, Case, CaseEvidence
from carewatch.core import audit_queries
from carewatch.core.models import AuditEntry, User


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: datetime
    by: str
    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class _Names:
    locations: dict[str, str]  # location id → name
    suspensions: dict[int, str]  # suspension id → its location's name
    actions: dict[int, Action]

    def location(self, location_id: object) -> str:
        return self.locations.get(str(location_id), "a service no longer in the case")

    def suspended(self, suspension_id: object) -> str:
        return self.suspensions.get(_int(suspension_id), "a service")


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _date(value: object) -> str:
    try:
        return wording.long_date(date.fromisoformat(str(value)))
    except ValueError:
        return ""


def _label(choices: Any, value: object) -> str:
    return choices(value).label if value in choices.values else str(value or "")


def _lower(label: str) -> str:
    """A label inside a sentence: "Open a case" → "open a case", but "CQC rating" stays."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _names_in_prose(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _reason(after: dict[str, Any], key: str = "reason") -> list[str]:
    reason = str(after.get(key) or "").strip()
    return [f"Reason: “{reason}”"] if reason else []


def _decision_facts(after: dict[str, Any], names: _Names) -> list[str]:
    """What a decision did besides moving the case (the facts ``services.decisions`` records)."""
    sentences = []
    if after.get("locations"):
        sentences.append("About " + _names_in_prose([names.location(i) for i in after["locations"]]) + ".")
    sentences += _reason(after)
    if after.get("proposal"):
        sentences.append(f"It accepted proposal {after['proposal']}.")
    if after.get("suspensions_started"):
        where = _names_in_prose([names.suspended(i) for i in after["suspensions_started"]])
        sentences.append(f"New placements were suspended at {where}.")
    if after.get("suspensions_lifted"):
        where = _names_in_prose([names.suspended(i) for i in after["suspensions_lifted"]])
        sentences.append(f"The suspension of new placements at {where} was lifted.")
    if after.get("regulator_tracks"):
        count = wording.counted(len(after["regulator_tracks"]), "location")
        sentences.append(f"The CQC special-measures timeline started for {count}.")
    if after.get("proposals_lapsed"):
        count = wording.counted(len(after["proposals_lapsed"]), "other proposal")
        sentences.append(f"{count} lapsed: this decision overtook them.")
    if after.get("ladder_created"):
        sentences.append("This was the council's first case: its ladder was set up from carewatch's default.")
    elif after.get("ladder_version"):
        sentences.append(f"The case follows version {after['ladder_version']} of the council's ladder.")
    if after.get("four_eyes_waived"):
        sentences.append(
            "The person who proposed it also decided it: the council has switched four-eyes off."
        )
    return sentences


def _decision(entry: AuditEntry, names: _Names) -> tuple[str, list[str]]:
    after, decision = entry.after or {}, entry.action.removeprefix("case.")
    level, from_level = after.get("level", ""), after.get("from_level", "")
    title = {
        "opened": f"Case opened at level {level}",
        "escalated": f"Escalated from level {from_level} to level {level}",
        "de_escalated": f"Stepped down from level {from_level} to level {level}",
        "closed": f"Case closed (it was at level {from_level})",
    }[decision]
    return title, _decision_facts(after, names)


def _proposal_made(entry: AuditEntry, names: _Names) -> tuple[str, list[str]]:
    after = entry.after or {}
    kind = _label(ProposalKind, after.get("kind"))
    title = f"Proposed: {_lower(kind)}" + (f" at level {after['level']}" if after.get("level") else "")
    sentences = _reason(after)
    if after.get("trigger"):
        sentences.append(
            f"carewatch proposed it from the evidence: {_lower(_label(Trigger, after['trigger']))}."
        )
    return title, sentences


def _proposal_declined(entry: AuditEntry, names: _Names) -> tuple[str, list[str]]:
    after = entry.after or {}
    return f"Proposal {after.get('proposal', '')} declined".replace("  ", " "), _reason(after)


def _action_added(entry: AuditEntry, names: _Names) -> tuple[str, list[str]]:
    after = entry.after or {}
    action = names.actions.get(_int(after.get("action")))
    kind = _label(ActionKind, after.get("kind"))
    title = f"Action added: {action.title if action else kind}"
    owner = wording.person(action.owner) if action else ""
    due = _date(after.get("due_on"))
    sentences = [
        " ".join(p for p in (f"Owned by {owner}" if owner else "", f"due {due}" if due else "") if p)
    ]
    details = after.get("details") or {}
    if details.get("visit_frequency") in VisitFrequency.values:
        sentences.append(f"Visits: {VisitFrequency(details['visit_frequency']).label.lower()}.")
    if details.get("requested_by_cqc"):
        sentences.append("The CQC asked for this action plan.")
    if details.get("breach"):
        sentences.append(f"The default: “{details['breach']}”")
    return title, [s + ("" if s.endswith((".", "”")) else ".") for s in sentences if s]


def _action_done(entry: AuditEntry, names: _Names) -> tuple[str, list[str]]:
    after = entry.after or {}
    action = names.actions.get(_int(after.get("action")))
    return (f"Done: {action.title}" if action else "Action done"), [f"Done on {_date(after.get('done_on'))}."]


def _meeting(entry: AuditEntry, names: _Names) -> tuple[str, list[str]]:
    after = entry.after or {}
    sentences = [f"Held on {_date(after.get('held_on'))}."]
    following = names.actions.get(_int(after.get("next_action")))
    if following is not None:
        sentences.append(f"The next meeting is due on {wording.long_date(following.due_on)}.")
    return "Provider concerns meeting recorded", sentences


def _evidence(entry: AuditEntry, names: _Names) -> tuple[str, list[str]]:
    rows = (entry.after or {}).get("evidence") or []
    kinds: dict[str, int] = {}
    for row in rows:
        label = _lower(_label(CaseEvidence.Kind, row.get("kind"))) if isinstance(row, dict) else "item"
        kinds[label] = kinds.get(label, 0) + 1
    what = _names_in_prose([wording.counted(count, label) for label, count in kinds.items()])
    return "Evidence linked", ([f"Linked: {what}."] if what else [])


def _letter(entry: AuditEntry, names: _Names) -> tuple[str, list[str]]:
    after = entry.after or {}
    kind = _lower(_label(LetterKind, after.get("kind")))
    sentences = [f"“{after.get('subject', '')}”"]
    if after.get("addressed_to"):
        sentences.append(f"To {after['addressed_to']}.")
    if after.get("edited"):
        sentences.append("The words were edited before it was issued.")
    if after.get("reason_included"):
        sentences.append("It includes the reason recorded for the decision.")
    if after.get("letter_sent_on"):
        sentences.append(
            f"The suspension letter was recorded as sent on {_date(after['letter_sent_on'])}: the provider "
            f"may appeal until {_date(after.get('appeal_until'))}."
        )
    return f"Letter issued: {kind}", sentences


def _suspension(entry: AuditEntry, names: _Names) -> tuple[str, list[str]]:
    after, step = entry.after or {}, entry.action.removeprefix("case.suspension_")
    where = names.suspended(after.get("suspension"))
    if step == "letter_sent":
        return f"Suspension letter sent for {where}", [
            f"Sent on {_date(after.get('letter_sent_on'))}: the provider may appeal until "
            f"{_date(after.get('appeal_until'))}."
        ]
    if step == "reviewed":
        return f"Suspension reviewed at {where}", [
            *_reason(after),
            f"The next review is on {_date(after.get('review_on'))}.",
        ]
    if step == "lifted":
        sentences = [f"Lifted on {_date(after.get('lifted_on'))}.", *_reason(after)]
        if after.get("decision"):
            sentences.append(
                f"The case stepped down from level {after.get('from_level', '')} to level {after.get('level', '')}."
            )
        return f"Suspension lifted at {where}", sentences
    if step == "published":
        return f"Suspension at {where} published", ["The public can now see it on the service's page."]
    return f"Suspension at {where} no longer published", ["Only council and NHS staff see it now."]


_WRITERS: dict[str, Callable[[AuditEntry, _Names], tuple[str, list[str]]]] = {
    "case.opened": _decision,
    "case.escalated": _decision,
    "case.de_escalated": _decision,
    "case.closed": _decision,
    "case.proposal_made": _proposal_made,
    "case.proposal_declined": _proposal_declined,
    "case.action_added": _action_added,
    "case.action_done": _action_done,
    "case.meeting_recorded": _meeting,
    "case.evidence_added": _evidence,
    "case.letter_written": _letter,
    "case.suspension_letter_sent": _suspension,
    "case.suspension_reviewed": _suspension,
    "case.suspension_lifted": _suspension,
    "case.suspension_published": _suspension,
    "case.suspension_unpublished": _suspension,
}


def _unknown(entry: AuditEntry) -> tuple[str, list[str]]:
    """An action this page does not know yet: its name in words, and nothing raw."""
    return audit_queries.action_label(entry.action), []


def case_audit_trail(case: Case, *, user: User) -> list[AuditLine]:
    """The case's audit entries ``user`` may read, newest first, each in words."""
    names = _Names(
        locations={location.pk: location.name for location in queries.case_locations(case)},
        suspensions={s.pk: s.location.name for s in queries.suspensions_of(case)},
        actions={action.pk: action for action in queries.actions_of(case)},
    )
    lines = []
    for entry in audit_queries.entries_for("case", case.pk, visible_to=user).order_by("-at", "-id"):
        writer = _WRITERS.get(entry.action)
        try:
            title, sentences = writer(entry, names) if writer else _unknown(entry)
        except (KeyError, TypeError, AttributeError):  # an entry older than these words: its name only
            title, sentences = _unknown(entry)
        lines.append(
            AuditLine(id=entry.pk, at=entry.at, by=entry.actor_label, title=title, sentences=tuple(sentences))
        )
    return lines
