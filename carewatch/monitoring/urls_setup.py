"""The council's monitoring set-up: frameworks, timescales and themes (setup_views); the thematic analysis (analysis_views)."""

from django.urls import path

from carewatch.monitoring import analysis_views
from carewatch.monitoring import setup_views as views

app_name = "monitoring_setup"
urlpatterns = [
    path("", views.home, name="home"),
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/import/", views.framework_import, name="framework_import"),
    path("frameworks/<int:framework_id>/", views.framework_detail, name="framework_detail"),
    path("frameworks/<int:framework_id>/edit/", views.framework_edit, name="framework_edit"),
    path("frameworks/<int:framework_id>/questions/add/", views.question_add, name="question_add"),
    path(
        "frameworks/<int:framework_id>/questions/<int:question_id>/",
        views.question_change,
        name="question_change",
    ),
    path(
        "frameworks/<int:framework_id>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path("timescales/", views.timescales, name="timescales"),
    path("themes/", views.theme_list, name="theme_list"),
    path("themes/add/", views.theme_add, name="theme_add"),
    path("themes/<int:theme_id>/rename/", views.theme_rename, name="theme_rename"),
    path("themes/<int:theme_id>/retire/", views.theme_retire, name="theme_retire"),
    path("analysis/", analysis_views.analysis, name="analysis"),
]
