from django.urls import path

from carewatch.planning import views

app_name = "planning"
urlpatterns = [path("risk/", views.risk_list, name="risk_list")]
