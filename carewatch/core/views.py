from django.contrib.auth import views as auth_views
from django.shortcuts import render

from carewatch.core import access
from carewatch.core.forms import SignInForm
from carewatch.register import queries


@access.public
def home(request):
    figures = queries.market_figures(by="england", service="all")[0]
    care_homes = queries.market_figures(by="england", service="care-homes")[0]
    return render(
        request,
        "core/home.html",
        {"page_title": "Find and check adult social care in England", "figures": figures, "care_homes": care_homes},
    )


@access.public
class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}


@access.public
class SignOutView(auth_views.LogoutView):
    pass
