from django.urls import path

from carewatch.monitoring import views

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
]
