"""Every monitoring page, under /monitoring/ (namespace ``monitoring``): visits, reports and action plans,
lived experience, set-up and the thematic analysis. The views are in ``views/``, one module per subject."""

from django.urls import path

from carewatch.monitoring.views import (
    analysis,
    feedback,
    frameworks,
    plans,
    reports,
    scheduling,
    setup,
    visits,
)

app_name = "monitoring"
urlpatterns = [
    # Visits and reports: council QA staff.
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/record/", visits.visit_create, name="visit_create"),
    path("visits/schedule/", scheduling.visit_schedule, name="visit_schedule"),
    path("visits/<int:visit_id>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/start/", scheduling.visit_start, name="visit_start"),
    path("visits/<int:visit_id>/reschedule/", scheduling.visit_reschedule, name="visit_reschedule"),
    path("visits/<int:visit_id>/cancel/", scheduling.visit_cancel, name="visit_cancel"),
    path("visits/<int:visit_id>/answers/", visits.visit_answers, name="visit_answers"),
    path("visits/<int:visit_id>/findings/add/", visits.finding_add, name="finding_add"),
    path(
        "visits/<int:visit_id>/findings/<int:finding_id>/theme/", visits.finding_theme, name="finding_theme"
    ),
    path("visits/<int:visit_id>/send/", visits.visit_send, name="visit_send"),
    path("visits/<int:visit_id>/publish/", visits.visit_publish, name="visit_publish"),
    path("visits/<int:visit_id>/review/", visits.visit_review, name="visit_review"),
    path("visits/<int:visit_id>/action-plan/", plans.plan_detail, name="plan_detail"),
    path("visits/<int:visit_id>/action-plan/return/", plans.plan_return, name="plan_return"),
    # Reports and action plans: a provider's users.
    path("reports/", reports.report_list, name="report_list"),
    path("reports/<int:report_id>/", reports.report_detail, name="report_detail"),
    path("reports/<int:report_id>/comment/", reports.report_comment, name="report_comment"),
    path("reports/<int:report_id>/action-plan/", reports.report_plan, name="report_plan"),
    path("evidence/<int:evidence_id>/", reports.evidence_download, name="evidence_download"),
    path(
        "reports/<int:report_id>/action-plan/submit/", reports.report_plan_submit, name="report_plan_submit"
    ),
    # Lived experience: council QA officers and managers.
    path("lived-experience/", feedback.link_list, name="link_list"),
    path("lived-experience/links/<int:link_id>/stop/", feedback.link_revoke, name="link_revoke"),
    path("lived-experience/links/<int:link_id>/poster/", feedback.link_poster, name="link_poster"),
    path("lived-experience/links/<int:link_id>/qr-code.svg", feedback.link_qr_code, name="link_qr_code"),
    path("lived-experience/moderation/", feedback.moderation_queue, name="moderation_queue"),
    path(
        "lived-experience/moderation/<int:feedback_id>/", feedback.feedback_moderate, name="feedback_moderate"
    ),
    path("lived-experience/visits/<int:visit_id>/record/", feedback.feedback_record, name="feedback_record"),
    # Set-up: frameworks, timescales, themes; the thematic analysis.
    path("set-up/", setup.home, name="setup_home"),
    path("set-up/frameworks/", frameworks.framework_list, name="framework_list"),
    path("set-up/frameworks/import/", frameworks.framework_import, name="framework_import"),
    path("set-up/frameworks/<int:framework_id>/", frameworks.framework_detail, name="framework_detail"),
    path("set-up/frameworks/<int:framework_id>/edit/", frameworks.framework_edit, name="framework_edit"),
    path("set-up/frameworks/<int:framework_id>/questions/add/", frameworks.question_add, name="question_add"),
    path(
        "set-up/frameworks/<int:framework_id>/questions/<int:question_id>/",
        frameworks.question_change,
        name="question_change",
    ),
    path(
        "set-up/frameworks/<int:framework_id>/questions/<int:question_id>/remove/",
        frameworks.question_remove,
        name="question_remove",
    ),
    path("set-up/timescales/", setup.timescales, name="timescales"),
    path("set-up/themes/", setup.theme_list, name="theme_list"),
    path("set-up/themes/add/", setup.theme_add, name="theme_add"),
    path("set-up/themes/<int:theme_id>/rename/", setup.theme_rename, name="theme_rename"),
    path("set-up/themes/<int:theme_id>/retire/", setup.theme_retire, name="theme_retire"),
    path("set-up/analysis/", analysis.analysis, name="analysis"),
]
