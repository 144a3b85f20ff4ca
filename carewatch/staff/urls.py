from django.urls import path

from carewatch.staff import views

app_name = "staff"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("account/", views.account, name="account"),
]
