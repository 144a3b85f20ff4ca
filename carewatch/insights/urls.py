from django.urls import path

from carewatch.insights import views

app_name = "insights"
urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/methodology/", views.methodology, name="methodology"),
    path("insights/commissioners/", views.commissioner_league, name="commissioner_league"),
    path("insights/commissioners/area/", views.commissioner_detail, name="commissioner_detail"),
    path("insights/committee-report/", views.committee_report, name="committee_report"),
]
