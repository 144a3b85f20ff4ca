from django.urls import include, path

from carewatch.api.views import api

urlpatterns = [
    path("", include("carewatch.public.urls")),
    path("", include("carewatch.core.urls")),
    path("", include("carewatch.organisations.urls")),
    path("", include("carewatch.insights.urls")),
    path("account/api-tokens/", include("carewatch.api.account_urls")),
    path("audit/", include("carewatch.core.audit_urls")),
    path("cases/", include("carewatch.cases.urls")),
    path("monitoring/", include("carewatch.monitoring.urls")),
    path("api/v1/", api.urls),
]
