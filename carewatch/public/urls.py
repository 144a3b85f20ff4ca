from django.urls import include, path

from carewatch.public.views import feedback, home, register

app_name = "public"
urlpatterns = [
    path("", home.home, name="home"),
    path("services/", register.location_search, name="location_search"),
    path("services/<str:location_id>/", register.location_detail, name="location_detail"),
    path("providers/<str:provider_id>/", register.provider_detail, name="provider_detail"),
    path("market/", register.market, name="market"),
    path("feedback/<str:feedback_token>/", feedback.feedback_give, name="feedback_give"),
    path("feedback/<str:feedback_token>/thank-you/", feedback.feedback_given, name="feedback_given"),
    # Finding care near a place, and choosing between services (issue 14): names stay in ``public:``.
    path("", include("carewatch.public.urls_finder")),
    path("", include("carewatch.public.urls_choose")),
    # Recognition on the public site (issue 16): the Social Care Commitment register, quality marks.
    path("", include("carewatch.public.urls_recognition")),
]
