from django.urls import path

from carewatch.planning import programme_views as programme
from carewatch.planning import views

app_name = "planning"
urlpatterns = [
    path("risk/", views.risk_list, name="risk_list"),
    path("weights/", views.weights, name="weights"),
    path("policy/", programme.policy, name="policy"),
    path("officers/", programme.officer_list, name="officer_list"),
    path("officers/<int:officer_id>/", programme.officer_capacity, name="officer_capacity"),
    path("programme/", programme.programme_list, name="programme_list"),
    path("programme/<int:programme_id>/", programme.programme_detail, name="programme_detail"),
    path("programme/<int:programme_id>/add/", programme.visit_add, name="visit_add"),
    path("programme/<int:programme_id>/visits/<int:item_id>/", programme.visit_move, name="visit_move"),
    path(
        "programme/<int:programme_id>/visits/<int:item_id>/remove/",
        programme.visit_remove,
        name="visit_remove",
    ),
    path("diary/", programme.diary, name="diary"),
    path("diary/visits.ics", programme.diary_ics, name="diary_ics"),
]
