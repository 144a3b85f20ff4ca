from django.urls import include, path

from carewatch.api.views import api

# A write the database refuses as read-only after the view (a new session, say): 503, not a 500.
handler500 = "carewatch.core.read_only.server_error"
# GOV.UK pages with the header and a way on, not Django's plain text.
handler404 = "carewatch.core.error_pages.page_not_found"
handler403 = "carewatch.core.error_pages.permission_denied"

urlpatterns = [
    path("", include("carewatch.ops.urls")),  # /healthz, /readyz
    path("", include("carewatch.public.urls")),
    path("", include("carewatch.core.urls")),
    path("", include("carewatch.organisations.urls")),
    path("", include("carewatch.insights.urls")),
    path("", include("carewatch.staff.urls")),
    path("account/api-tokens/", include("carewatch.api.account_urls")),
    path("audit/", include("carewatch.core.audit_urls")),
    path("cases/", include("carewatch.cases.urls")),
    path("monitoring/", include("carewatch.monitoring.urls")),
    path("recognition/", include("carewatch.recognition.urls")),
    path("capacity/", include("carewatch.capacity.urls")),
    path("discharge/", include("carewatch.discharge.urls")),
    path("planning/", include("carewatch.planning.urls")),
    path("api/v1/", api.urls),
]
