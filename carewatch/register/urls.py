from django.urls import path

from carewatch.register import views

app_name = "register"
urlpatterns = [
    path("services/", views.location_search, name="location_search"),
    path("services/<str:location_id>/", views.location_detail, name="location_detail"),
    path("providers/<str:provider_id>/", views.provider_detail, name="provider_detail"),
    path("market/", views.market, name="market"),
]
