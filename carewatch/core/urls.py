from django.urls import path

from carewatch.core import account_views, views

app_name = "core"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-in/code/", views.second_factor, name="second_factor"),
    path("sign-in/recovery-code/", views.recovery_code, name="recovery_code"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("account/details/", account_views.account_details, name="account_details"),
    path("account/two-factor/", views.second_factor_setup, name="second_factor_setup"),
    path("account/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("account/password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "account/password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
