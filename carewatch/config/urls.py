from django.urls import include, path

urlpatterns = [
    path("", include("carewatch.core.urls")),
    path("", include("carewatch.register.urls")),
]
