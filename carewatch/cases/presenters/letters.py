"""What the letter check page shows beside the letter: who it is to, who signs it, and the recorded reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from carewatch.cases.letters import drafts
from carewatch.cases.models import Case
from carewatch.core.models import User


@dataclass(frozen=True)
class LetterDraftPage:
    to: str  # "Jane Smith, Registered manager, Oak House"
    addressee_named: bool
    location_names: str
    signed_by: str  # "Maya Manager, QA manager"
    job_title_missing: bool
    account_url: str
    recorded_reason: str
    reason_included: bool
    include_reason_url: str
    leave_out_reason_url: str


def letter_draft_page(draft: drafts.Draft, *, user: User, choice: str, case: Case) -> LetterDraftPage:
    here = reverse("cases:letter_draft", kwargs={"case_id": case.pk})
    addressee = draft.facts["addressee"]
    return LetterDraftPage(
        to=", ".join(part for part in (addressee["name"], addressee["role"]) if part),
        addressee_named=draft.addressee_named,
        location_names=draft.facts["location_names"],
        signed_by=", ".join(
            part for part in (draft.facts["manager"]["name"], draft.facts["manager"]["role"]) if part
        ),
        job_title_missing=not user.job_title,
        account_url=reverse("core:account_details")
        + "?"
        + urlencode({"next": here + "?" + urlencode({"letter": choice})}),
        recorded_reason=draft.recorded_reason,
        reason_included=draft.facts["reason"] == draft.recorded_reason and bool(draft.recorded_reason),
        include_reason_url=here + "?" + urlencode({"letter": choice, "reason": "include"}),
        leave_out_reason_url=here + "?" + urlencode({"letter": choice}),
    )
