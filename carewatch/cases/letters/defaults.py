"""carewatch's default letter templates: what a council gets until it saves its own.

Letters are addressed to the registered manager by name and signed by the person who issues them.
``{{ reason }}`` is the reason recorded for the decision only when the writer chooses to include it;
otherwise it is a gap in square brackets to fill in before the letter is issued (``facts.REASON_GAP``).

The text is plain text with Django template placeholders (``{{ provider.name }}``), laid out by
``rendering.body_html``: a blank line starts a new paragraph, ``## `` starts a heading and lines
starting ``- `` make a bulleted list. The facts each letter can use are in ``facts.py`` and listed on
the template editing page (docs/cases-web.md, "Letters").
"""

from __future__ import annotations

from dataclasses import dataclass

from carewatch.cases.letters.models import LetterKind

SIGN_OFF = """Yours sincerely,

{{ manager.name }}
{{ manager.role }}, {{ council.name }}"""


@dataclass(frozen=True)
class DefaultTemplate:
    subject: str
    body: str


DEFAULTS: dict[str, DefaultTemplate] = {
    LetterKind.SUSPENSION: DefaultTemplate(
        subject="Suspension of new placements at {{ location_names }}",
        body="""Dear {{ addressee.name }},

{{ council.name }} has decided to suspend new placements at {{ location_names }} from {{ suspension.started_on }}.

This means we will not arrange for anyone new to receive care from you at {{ location_names }} until we lift the suspension. People who already receive care there are not affected by this decision, and we expect their care to continue as agreed.

## Why we have made this decision

{{ reason }}

## What happens next

- Send us an action plan saying how you will put things right, with an owner and a date for each action.
- We will review the suspension on {{ suspension.review_on }}.
- We have told the Care Quality Commission, our commissioners and our safeguarding team about this decision.

## If you disagree

You can appeal against this decision within {{ appeal_period }} of the date of our letter telling you of it, that is by {{ appeal_until }}. Write to {{ manager.name }} at {{ council.name }}, saying why you disagree and sending any evidence you want us to consider.

"""
        + SIGN_OFF,
    ),
    LetterKind.SUSPENSION_LIFTED: DefaultTemplate(
        subject="Lifting of the suspension of new placements at {{ location_names }}",
        body="""Dear {{ addressee.name }},

We wrote to you about the suspension of new placements at {{ location_names }}, which started on {{ suspension.started_on }}.

{{ council.name }} has decided to lift the suspension from {{ suspension.lifted_on }}. We may arrange new placements with you again from that date.

## Why we have made this decision

{{ suspension.lift_reason }}

## What happens next

Your service is now at level {{ case.level }} of our ladder of intervention: {{ case.level_name }}. We will keep working with you to make sure the improvements last.

"""
        + SIGN_OFF,
    ),
    LetterKind.DEFAULT_NOTICE: DefaultTemplate(
        subject="Default notice: {{ location_names }}",
        body="""Dear {{ addressee.name }},

This is a formal default notice under your contract with {{ council.name }} for {{ location_names }}, issued on {{ action.issued_on }}.

## The default

{{ action.breach }}

## What you must do

You must put this right by {{ action.due_on }}. Tell us in writing what you have done, with evidence.

This is default notice number {{ default_notices.count }}. When a provider has had {{ default_notices.limit }} default notices, we consider ending the contract.

"""
        + SIGN_OFF,
    ),
    LetterKind.ACTION_PLAN_REQUEST: DefaultTemplate(
        subject="Request for an action plan: {{ location_names }}",
        body="""Dear {{ addressee.name }},

{{ council.name }} has placed {{ location_names }} at level {{ case.level }} of our ladder of intervention: {{ case.level_name }}.

## Why

{{ reason }}

## What you must do

Send us an action plan by {{ action.due_on }}. It should have at least one action for each thing we found, and each action should have an owner and a date.

We will visit again to check that the improvements have been made.

"""
        + SIGN_OFF,
    ),
}
