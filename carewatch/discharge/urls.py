"""Every discharge page, under /discharge/ (namespace ``discharge``)."""

from django.urls import path

from carewatch.discharge import views

app_name = "discharge"
urlpatterns = [
    # A council's or ICB's discharge coordinators: their team's referrals.
    path("", views.referral_list, name="referral_list"),
    path("new/", views.referral_add, name="referral_add"),
    path("<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("<int:referral_id>/matches/", views.referral_matches, name="referral_matches"),
    path("<int:referral_id>/delay/", views.referral_delay, name="referral_delay"),
    path("<int:referral_id>/cancel/", views.referral_cancel, name="referral_cancel"),
    # A provider's managers: the requests sent to their services.
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:placement_request_id>/", views.request_respond, name="request_respond"),
]
