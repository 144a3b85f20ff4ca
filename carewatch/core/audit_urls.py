from django.urls import path

from carewatch.core import audit_views

app_name = "audit"
urlpatterns = [
    path("export/", audit_views.export_choose, name="export_choose"),
    path("export.csv", audit_views.export, name="export"),
    path("<str:object_type>/<str:object_id>.csv", audit_views.timeline_export, name="timeline_export"),
    path("<str:object_type>/<str:object_id>/", audit_views.timeline_detail, name="timeline_detail"),
]
