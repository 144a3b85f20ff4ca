from django.urls import path

from carewatch.api import account_views

app_name = "api_tokens"
urlpatterns = [
    path("", account_views.token_list, name="token_list"),
    path("new/", account_views.token_create, name="token_create"),
    path("<int:token_id>/revoke/", account_views.token_revoke, name="token_revoke"),
]
