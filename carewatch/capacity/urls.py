"""Every capacity page, under /capacity/ (namespace ``capacity``)."""

from django.urls import path

from carewatch.capacity.views import contracts, returns, vacancies

app_name = "capacity"
urlpatterns = [
    # Council staff: contracts and the vacancies in their area.
    path("contracts/", contracts.contract_list, name="contract_list"),
    path("contracts/record/", contracts.contract_add, name="contract_add"),
    path("contracts/import/", contracts.contract_import, name="contract_import"),
    path("contracts/<int:contract_id>/", contracts.contract_detail, name="contract_detail"),
    path("contracts/<int:contract_id>/end/", contracts.contract_end, name="contract_end"),
    path("vacancies/", vacancies.vacancy_list, name="vacancy_list"),
    # A provider's staff: its services' returns.
    path("returns/", returns.return_list, name="return_list"),
    path("returns/upload/", returns.return_upload, name="return_upload"),
    path("returns/<str:location_id>/", returns.return_update, name="return_update"),
    path("returns/<str:location_id>/history/", returns.return_history, name="return_history"),
]
