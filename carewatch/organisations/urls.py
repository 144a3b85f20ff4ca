from django.urls import path

from carewatch.organisations import views

app_name = "organisations"
urlpatterns = [
    # An organisation administrator's own people.
    path("organisation/people/", views.person_list, name="person_list"),
    path("organisation/people/add/", views.person_add, name="person_add"),
    path("organisation/four-eyes/", views.four_eyes_change, name="four_eyes_change"),
    path("organisation/public-contact/", views.public_contact_change, name="public_contact_change"),
    path("organisation/people/<int:user_id>/roles/", views.person_roles_change, name="person_roles_change"),
    path("organisation/people/<int:user_id>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("organisation/people/<int:user_id>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path(
        "organisation/people/<int:user_id>/second-factor/reset/",
        views.person_second_factor_reset,
        name="person_second_factor_reset",
    ),
    # System administrators: every organisation.
    path("admin/organisations/", views.organisation_list, name="organisation_list"),
    path("admin/organisations/add/", views.organisation_add, name="organisation_add"),
    path("admin/organisations/<int:organisation_id>/", views.organisation_detail, name="organisation_detail"),
    path(
        "admin/organisations/<int:organisation_id>/partners/",
        views.organisation_partners_change,
        name="organisation_partners_change",
    ),
    path(
        "admin/organisations/<int:organisation_id>/administrators/add/",
        views.organisation_admin_add,
        name="organisation_admin_add",
    ),
]
