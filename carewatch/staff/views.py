"""The staff site's own pages: each person's home after signing in ("My work") and their account.

Thin: one call to the presenters, which read through the apps' public query functions.
"""

from django.shortcuts import render
from django.utils import timezone

from carewatch.core import access, navigation
from carewatch.core.roles import Role
from carewatch.staff import presenters


@access.signed_in()
def home(request):
    work = presenters.my_work(request.user, today=timezone.localdate())
    return render(
        request,
        "staff/home.html",
        {"page_title": "My work", "work": work, "pages": navigation.pages_for(request.user)},
    )


@access.signed_in()
def account(request):
    roles = [Role(name).label for name in sorted(request.user.role_names)]
    return render(
        request, "staff/account.html", {"page_title": "Your account", "person": request.user, "roles": roles}
    )
