"""Recognition on the public site: the Social Care Commitment register and quality marks. Included by
``public.urls``, so its names are in the ``public:`` namespace."""

from django.urls import path

from carewatch.public.views import commitment, quality_mark

urlpatterns = [
    path("commitments/", commitment.commitment_register, name="commitment_register"),
    path("commitments/register.csv", commitment.commitment_register_csv, name="commitment_register_csv"),
    path("quality-marks/", quality_mark.quality_mark_list, name="quality_mark_list"),
    path("quality-marks/<int:scheme_id>/", quality_mark.quality_mark_detail, name="quality_mark_detail"),
]
