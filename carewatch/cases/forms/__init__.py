"""Plain forms for the ladder's pages, by subject: they check the shape of what people type; the rules
live in ``carewatch.cases.services`` (and ``carewatch.cases.letters.services``), whose errors the views
put back on these forms. Call them through the package: ``forms.ActionForm(...)``.
"""

from carewatch.cases.forms.actions import ADDABLE_KINDS, ActionForm, CompleteActionForm, EvidenceForm
from carewatch.cases.forms.base import Form
from carewatch.cases.forms.cases import (
    KIND_CHOICES,
    LEVEL_CHOICES,
    REASON_ERRORS,
    CaseFilterForm,
    ChangeForm,
    ProposalDecisionForm,
    ProposeOpeningForm,
    ServiceSearchForm,
    change_kind_choices,
    target_level_choices,
)
from carewatch.cases.forms.ladder import BankHolidayForm, LadderForm
from carewatch.cases.forms.letters import LetterDraftForm, LetterTemplateForm, WriteLetterForm
from carewatch.cases.forms.suspensions import LetterSentForm, LiftForm, PublishForm, ReviewForm

__all__ = [
    "Form",
    # the case list, proposing and deciding
    "LEVEL_CHOICES",
    "REASON_ERRORS",
    "KIND_CHOICES",
    "CaseFilterForm",
    "ServiceSearchForm",
    "ProposeOpeningForm",
    "ChangeForm",
    "ProposalDecisionForm",
    "change_kind_choices",
    "target_level_choices",
    # actions
    "ADDABLE_KINDS",
    "ActionForm",
    "EvidenceForm",
    "CompleteActionForm",
    # suspensions
    "LetterSentForm",
    "ReviewForm",
    "LiftForm",
    "PublishForm",
    # letters
    "WriteLetterForm",
    "LetterDraftForm",
    "LetterTemplateForm",
    # the ladder editor
    "LadderForm",
    "BankHolidayForm",
]
