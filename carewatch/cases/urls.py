"""The ladder's pages, under /cases/ (URL names ``cases:noun_verb``)."""

from django.urls import path

from carewatch.cases.views import actions, cases, ladder, letters, tasks

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="case_list"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("propose/", cases.propose_opening, name="case_propose"),
    path("<int:case_id>/", cases.case_detail, name="case_detail"),
    path("<int:case_id>/propose/", cases.propose_change, name="change_propose"),
    path("<int:case_id>/decide/", cases.decide_change, name="change_decide"),
    path("<int:case_id>/actions/add/", actions.action_add, name="action_add"),
    path("<int:case_id>/evidence/add/", actions.evidence_add, name="evidence_add"),
    path("<int:case_id>/letters/write/", letters.letter_write, name="letter_write"),
    path("<int:case_id>/letters/check/", letters.letter_draft, name="letter_draft"),
    path("proposals/<int:proposal_id>/", cases.proposal_decide, name="proposal_decide"),
    path("actions/<int:action_id>/done/", actions.action_complete, name="action_complete"),
    path(
        "suspensions/<int:suspension_id>/letter-sent/",
        actions.suspension_letter_sent,
        name="suspension_letter_sent",
    ),
    path("suspensions/<int:suspension_id>/review/", actions.suspension_review, name="suspension_review"),
    path("suspensions/<int:suspension_id>/lift/", actions.suspension_lift, name="suspension_lift"),
    path("suspensions/<int:suspension_id>/publish/", actions.suspension_publish, name="suspension_publish"),
    path("letters/<int:letter_id>/", letters.letter_detail, name="letter_detail"),
    path("letters/<int:letter_id>/pdf/", letters.letter_pdf, name="letter_pdf"),
    path("letter-templates/", letters.letter_templates, name="letter_templates"),
    path("letter-templates/<str:letter_kind>/", letters.letter_template_edit, name="letter_template_edit"),
    path("ladder/", ladder.ladder_edit, name="ladder_edit"),
    path("ladder/bank-holidays/", ladder.bank_holidays, name="bank_holidays"),
]
