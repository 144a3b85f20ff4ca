from django.urls import include, path

from carewatch.api.views import api

urlpatterns = [
    path("", include("carewatch.core.urls")),
    path("", include("carewatch.register.urls")),
    path("api/v1/", api.urls),
]
