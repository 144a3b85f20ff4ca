"""Lived experience: public feedback forms, feedback links and moderation (pages in feedback_views)."""

from django.urls import path

from carewatch.monitoring import feedback_views as views

app_name = "feedback"
urlpatterns = [
    # Public: anyone with a location's link (no sign-in).
    path("feedback/<str:feedback_token>/", views.feedback_give, name="feedback_give"),
    path("feedback/<str:feedback_token>/thank-you/", views.feedback_given, name="feedback_given"),
    # Council QA officers and managers.
    path("monitoring/lived-experience/", views.link_list, name="link_list"),
    path("monitoring/lived-experience/links/<int:link_id>/stop/", views.link_revoke, name="link_revoke"),
    path("monitoring/lived-experience/moderation/", views.moderation_queue, name="moderation_queue"),
    path(
        "monitoring/lived-experience/moderation/<int:feedback_id>/",
        views.feedback_moderate,
        name="feedback_moderate",
    ),
    path(
        "monitoring/lived-experience/visits/<int:visit_id>/record/",
        views.feedback_record,
        name="feedback_record",
    ),
]
