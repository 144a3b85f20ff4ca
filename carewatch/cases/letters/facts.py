"""The case facts a letter's template can use, as plain strings (never model objects: a council's
template text can read these and nothing else).

Dates are written out ("13 April 2026"). Working-day deadlines use the council's calendar (England and
Wales bank holidays plus the days its administrator added).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carewatch.cases import ladder, queries
from carewatch.cases.ladder import ActionKind, Decision
from carewatch.cases.letters import errors
from carewatch.cases.letters.models import LetterKind
from carewatch.cases.models import Action, Case, CaseStatus, Suspension
from carewatch.core import audit
from carewatch.core.dates import long_date
from carewatch.core.models import User
from carewatch.core.roles import Role
from carewatch.core.working_days import DayUnit

UNIT_WORDS = {DayUnit.CALENDAR: "days", DayUnit.WORKING: "working days", DayUnit.MONTHS: "months"}


def names_in_prose(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def person_name(user: User | None) -> str:
    return audit.actor_label(user, "")


REASON_GAP = "[Say why we made this decision, in words for the provider]"
NO_REGISTERED_MANAGER = "Registered Manager"


def job_title(user: User | None) -> str:
    """How a letter signs ``user`` off: their job title, else their role in carewatch."""
    if user is None:
        return ""
    if user.job_title:
        return user.job_title
    if user.has_role(Role.QA_MANAGER):
        return Role.QA_MANAGER.label
    if user.has_role(Role.QA_OFFICER):
        return Role.QA_OFFICER.label
    return ""


def addressee(locations) -> dict[str, str]:
    """The registered manager of the (first) location the letter is about, by name."""
    for location in locations:
        if location.registered_manager.strip():
            return {
                "name": location.registered_manager.strip(),
                "role": f"Registered manager, {location.name}",
            }
    first = locations[0].name if locations else ""
    return {"name": NO_REGISTERED_MANAGER, "role": f"Registered manager, {first}" if first else ""}


@dataclass(frozen=True)
class Fact:
    placeholder: str
    meaning: str
    kinds: tuple[str, ...] = ()  # empty: every kind of letter


ALL_KINDS = tuple(LetterKind.values)
SUSPENSION_KINDS = (LetterKind.SUSPENSION, LetterKind.SUSPENSION_LIFTED)

# What a template can use, for the editing page and docs/cases-web.md.
FACTS: tuple[Fact, ...] = (
    Fact("council.name", "Your council's name"),
    Fact("provider.name", "The provider the letter is addressed to"),
    Fact("provider.id", "The provider's CQC ID"),
    Fact("provider.address_lines", "The provider's address, line by line (the letter heading shows it)"),
    Fact("location_names", "The locations in the case, in a sentence: “Oak House and Elm Lodge”"),
    Fact(
        "locations",
        "The locations, one by one: {% for location in locations %}{{ location.name }}{% endfor %}",
    ),
    Fact("case.reference", "The case reference, like “Case 12”"),
    Fact("case.level", "The case's level now (0–5 or R)"),
    Fact("case.level_name", "The name of that level on your ladder"),
    Fact("case.opened_on", "The date the case was opened"),
    Fact(
        "addressee.name",
        "Who the letter is to: the registered manager of the location, by name (“Registered Manager” "
        "when the register names nobody)",
    ),
    Fact("addressee.role", "Their role: “Registered manager, Oak House”"),
    Fact(
        "reason",
        "The reason recorded for the decision the letter is about, only when the person writing the letter "
        "chooses to include it; otherwise a gap in square brackets they fill in before the letter is issued",
    ),
    Fact("today", "The date of the letter"),
    Fact("manager.name", "The person who issues the letter (it is signed in their name)"),
    Fact("manager.role", "Their job title from their account details, else their role: “QA manager”"),
    Fact("suspension.started_on", "The date new placements were suspended", SUSPENSION_KINDS),
    Fact("suspension.review_on", "The date of the next review of the suspension", SUSPENSION_KINDS),
    Fact("suspension.lifted_on", "The date the suspension was lifted", (LetterKind.SUSPENSION_LIFTED,)),
    Fact(
        "suspension.lift_reason",
        "Why the suspension was lifted, as recorded: like {{ reason }}, only when the writer includes it",
        (LetterKind.SUSPENSION_LIFTED,),
    ),
    Fact(
        "appeal_period",
        "How long the provider has to appeal, like “5 working days”",
        (LetterKind.SUSPENSION,),
    ),
    Fact(
        "appeal_until",
        "The last day the provider can appeal: the same date the case page shows (docs/ladder.md)",
        (LetterKind.SUSPENSION,),
    ),
    Fact(
        "action.title",
        "The action the letter is about",
        (LetterKind.DEFAULT_NOTICE, LetterKind.ACTION_PLAN_REQUEST),
    ),
    Fact(
        "action.due_on",
        "When it is due: the action plan, or the remedy of the default",
        (LetterKind.DEFAULT_NOTICE, LetterKind.ACTION_PLAN_REQUEST),
    ),
    Fact("action.breach", "What the default is", (LetterKind.DEFAULT_NOTICE,)),
    Fact("action.issued_on", "The date the default notice was issued", (LetterKind.DEFAULT_NOTICE,)),
    Fact(
        "default_notices.count",
        "How many default notices the provider has had, this one included",
        (LetterKind.DEFAULT_NOTICE,),
    ),
    Fact(
        "default_notices.limit",
        "At how many default notices your ladder considers ending the contract",
        (LetterKind.DEFAULT_NOTICE,),
    ),
)


def facts_for_kind(kind: str) -> list[Fact]:
    return [fact for fact in FACTS if not fact.kinds or kind in fact.kinds]


def root_names(kind: str) -> set[str]:
    """The top-level names a template of this kind may use."""
    return {fact.placeholder.split(".")[0] for fact in facts_for_kind(kind)}


# --- building the facts for one letter ----------------------------------------------------------


def _decision_into(case: Case, level: str) -> CaseStatus | None:
    return (
        case.statuses.filter(
            level=level, decision__in=[Decision.OPENED, Decision.ESCALATED, Decision.DE_ESCALATED]
        )
        .select_related("decided_by")
        .order_by("-revision")
        .first()
    )


def _latest_decision(case: Case) -> CaseStatus | None:
    return case.statuses.select_related("decided_by").order_by("-revision").first()


def _address(provider, locations) -> list[str]:
    if provider is not None and (provider.address or provider.postcode):
        return [line for line in (provider.address, provider.postcode) if line]
    if locations:
        first = locations[0]
        return [
            line for line in (first.address_line_1, first.address_line_2, first.town, first.postcode) if line
        ]
    return []


def letter_on(suspension: Suspension, today: date) -> date:
    """The date the provider's appeal is counted from: the suspension letter already sent, else this one."""
    return suspension.letter_sent_on or today


def check_subject(*, case: Case, kind: str, suspension: Suspension | None, action: Action | None) -> None:
    """Refuse a letter the case gives no facts for."""
    if kind not in LetterKind.values:
        raise errors.LetterNotPossible("Choose a kind of letter", field="kind")
    if kind in SUSPENSION_KINDS:
        if suspension is None or suspension.case_id != case.pk:
            raise errors.LetterNotPossible("Choose the suspension the letter is about", field="suspension")
        if kind == LetterKind.SUSPENSION_LIFTED and suspension.lifted_on is None:
            raise errors.LetterNotPossible("The suspension has not been lifted yet", field="suspension")
    elif kind == LetterKind.DEFAULT_NOTICE:
        if action is None or action.case_id != case.pk or action.kind != ActionKind.DEFAULT_NOTICE:
            raise errors.LetterNotPossible("Choose the default notice the letter is about", field="action")
    elif kind == LetterKind.ACTION_PLAN_REQUEST and (
        action is None or action.case_id != case.pk or action.kind != ActionKind.ACTION_PLAN
    ):
        raise errors.LetterNotPossible("Choose the action plan the letter asks for", field="action")


def letter_facts(
    *,
    case: Case,
    kind: str,
    today: date,
    suspension: Suspension | None = None,
    action: Action | None = None,
    signer: User | None = None,
    include_reason: bool = False,
) -> dict:
    """Everything a template of ``kind`` can say about ``case`` on ``today``, as plain strings.

    ``signer`` signs the letter (by default the person who took the decision). The reason recorded for
    the decision is internal: it is a fact only with ``include_reason``; otherwise ``reason`` is
    :data:`REASON_GAP`, which the person fills in before the letter is issued."""
    check_subject(case=case, kind=kind, suspension=suspension, action=action)
    locations = list(case.locations.select_related("provider").order_by("name", "id"))
    subject_locations = [suspension.location] if suspension is not None else locations
    provider = case.provider or (subject_locations[0].provider if subject_locations else None)
    level = queries.level_of(case)

    decision = _latest_decision(case)
    manager = decision.decided_by if decision else None
    reason = decision.reason if decision else ""
    if kind == LetterKind.SUSPENSION and suspension is not None:  # check_subject: always given
        into = _decision_into(case, ladder.SUSPENSION_LEVEL)
        if into is not None:
            manager, reason = into.decided_by, into.reason
        else:
            manager = suspension.started_by
    elif kind == LetterKind.SUSPENSION_LIFTED and suspension is not None:
        manager, reason = suspension.lifted_by, suspension.lift_reason

    facts: dict = {
        "council": {"name": case.organisation.name},
        "provider": {
            "name": (provider.name or provider.id) if provider else "",
            "id": provider.id if provider else "",
            "address_lines": _address(provider, subject_locations),
        },
        "locations": [
            {
                "name": location.name,
                "id": location.id,
                "address": ", ".join(
                    line
                    for line in (
                        location.address_line_1,
                        location.address_line_2,
                        location.town,
                        location.postcode,
                    )
                    if line
                ),
            }
            for location in subject_locations
        ],
        "location_names": names_in_prose([location.name for location in subject_locations]),
        "case": {
            "reference": f"Case {case.pk}",
            "level": case.level,
            "level_name": level.name,
            "opened_on": long_date(case.opened_at.date()),
        },
        "addressee": addressee(subject_locations),
        "reason": reason if include_reason and reason.strip() else REASON_GAP,
        "today": long_date(today),
        "manager": {"name": person_name(signer or manager), "role": job_title(signer or manager)},
    }
    if suspension is not None:
        facts["suspension"] = {
            "started_on": long_date(suspension.started_on),
            "review_on": long_date(suspension.review_on),
            "letter_due_on": long_date(suspension.letter_due_on),
            "lifted_on": long_date(suspension.lifted_on),
            "lift_reason": suspension.lift_reason
            if include_reason and suspension.lift_reason.strip()
            else REASON_GAP,
        }
    if kind == LetterKind.SUSPENSION and suspension is not None:  # check_subject: always given
        appeal = queries.timescale(case.ladder_id, ladder.SUSPENSION_APPEAL)
        facts["appeal_period"] = f"{appeal.number} {UNIT_WORDS[DayUnit(appeal.unit)]}"
        # a letter already sent fixed the date; this letter, issued today, fixes it otherwise
        facts["appeal_until"] = long_date(queries.appeal_until(case, letter_on=letter_on(suspension, today)))
    if action is not None:
        facts["action"] = {
            "title": action.title,
            "due_on": long_date(action.due_on),
            "breach": action.details.get("breach", ""),
            "issued_on": long_date(date.fromisoformat(action.details["issued_on"]))
            if action.details.get("issued_on")
            else "",
        }
    if kind == LetterKind.DEFAULT_NOTICE:
        notices = queries.default_notices(case)
        facts["default_notices"] = {
            "count": str(max(notices.on_case, notices.on_provider)),
            "limit": str(notices.limit),
        }
    return facts


def sample_facts(kind: str) -> dict:
    """Made-up facts to try a template with before it is saved (and to preview it)."""
    facts: dict = {
        "council": {"name": "Oldham Council"},
        "provider": {
            "name": "Acme Care Ltd",
            "id": "1-200000001",
            "address_lines": ["1 High Street", "OL1 1AA"],
        },
        "locations": [
            {"name": "Oak House", "id": "1-100000001", "address": "1 High Street, Oldham, OL1 1AA"}
        ],
        "location_names": "Oak House",
        "case": {
            "reference": "Case 12",
            "level": "4",
            "level_name": "Suspension of new placements (embargo)",
            "opened_on": "2 March 2026",
        },
        "addressee": {"name": "Jane Smith", "role": "Registered manager, Oak House"},
        "reason": "Three safeguarding enquiries in a month about medicines.",
        "today": "5 March 2026",
        "manager": {"name": "Maya Manager", "role": "Quality assurance manager"},
        "suspension": {
            "started_on": "5 March 2026",
            "review_on": "2 April 2026",
            "letter_due_on": "16 March 2026",
            "lifted_on": "2 April 2026" if kind == LetterKind.SUSPENSION_LIFTED else "",
            "lift_reason": "The joint audit found the medicines errors put right.",
        },
        "appeal_period": "5 working days",
        "appeal_until": "12 March 2026",
        "action": {
            "title": "Action plan" if kind == LetterKind.ACTION_PLAN_REQUEST else "Default notice",
            "due_on": "19 March 2026",
            "breach": "Staffing levels below the contract minimum on 12 nights in February.",
            "issued_on": "5 March 2026",
        },
        "default_notices": {"count": "2", "limit": "5"},
    }
    allowed: dict[str, set[str]] = {}
    for fact in facts_for_kind(kind):
        root, _, rest = fact.placeholder.partition(".")
        allowed.setdefault(root, set()).update({rest} if rest else set())
    sample = {}
    for root, keys in allowed.items():
        value = facts[root]
        sample[root] = (
            {k: v for k, v in value.items() if k in keys} if isinstance(value, dict) and keys else value
        )
    return sample
