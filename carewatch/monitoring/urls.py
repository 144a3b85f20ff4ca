"""Every monitoring page, under /monitoring/: visits, reports and action plans (views), lived experience
(feedback_views), set-up (setup_views) and the thematic analysis (analysis_views)."""

from django.urls import path

from carewatch.monitoring import analysis_views, feedback_views, setup_views, views

app_name = "monitoring"
urlpatterns = [
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/record/", views.visit_create, name="visit_create"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/answers/", views.visit_answers, name="visit_answers"),
    path("visits/<int:visit_id>/findings/add/", views.finding_add, name="finding_add"),
    path("visits/<int:visit_id>/findings/<int:finding_id>/theme/", views.finding_theme, name="finding_theme"),
    path("visits/<int:visit_id>/send/", views.visit_send, name="visit_send"),
    path("visits/<int:visit_id>/publish/", views.visit_publish, name="visit_publish"),
    path("visits/<int:visit_id>/review/", views.visit_review, name="visit_review"),
    path("visits/<int:visit_id>/action-plan/", views.plan_detail, name="plan_detail"),
    path("visits/<int:visit_id>/action-plan/return/", views.plan_return, name="plan_return"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/comment/", views.report_comment, name="report_comment"),
    path("reports/<int:report_id>/action-plan/", views.report_plan, name="report_plan"),
    path("reports/<int:report_id>/action-plan/submit/", views.report_plan_submit, name="report_plan_submit"),
    # Lived experience: council QA officers and managers.
    # Council QA officers and managers.
    path("lived-experience/", feedback_views.link_list, name="link_list"),
    path("lived-experience/links/<int:link_id>/stop/", feedback_views.link_revoke, name="link_revoke"),
    path("lived-experience/moderation/", feedback_views.moderation_queue, name="moderation_queue"),
    path(
        "lived-experience/moderation/<int:feedback_id>/",
        feedback_views.feedback_moderate,
        name="feedback_moderate",
    ),
    path(
        "lived-experience/visits/<int:visit_id>/record/",
        feedback_views.feedback_record,
        name="feedback_record",
    ),
    # Set-up: frameworks, timescales, themes; the thematic analysis.
    path("set-up/", setup_views.home, name="setup_home"),
    path("set-up/frameworks/", setup_views.framework_list, name="framework_list"),
    path("set-up/frameworks/import/", setup_views.framework_import, name="framework_import"),
    path("set-up/frameworks/<int:framework_id>/", setup_views.framework_detail, name="framework_detail"),
    path("set-up/frameworks/<int:framework_id>/edit/", setup_views.framework_edit, name="framework_edit"),
    path(
        "set-up/frameworks/<int:framework_id>/questions/add/", setup_views.question_add, name="question_add"
    ),
    path(
        "set-up/frameworks/<int:framework_id>/questions/<int:question_id>/",
        setup_views.question_change,
        name="question_change",
    ),
    path(
        "set-up/frameworks/<int:framework_id>/questions/<int:question_id>/remove/",
        setup_views.question_remove,
        name="question_remove",
    ),
    path("set-up/timescales/", setup_views.timescales, name="timescales"),
    path("set-up/themes/", setup_views.theme_list, name="theme_list"),
    path("set-up/themes/add/", setup_views.theme_add, name="theme_add"),
    path("set-up/themes/<int:theme_id>/rename/", setup_views.theme_rename, name="theme_rename"),
    path("set-up/themes/<int:theme_id>/retire/", setup_views.theme_retire, name="theme_retire"),
    path("set-up/analysis/", analysis_views.analysis, name="analysis"),
]
