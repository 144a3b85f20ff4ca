"""The home page: what carewatch is, England's headline figures, where to go next."""

from django.shortcuts import render

from carewatch.core import access
from carewatch.register import queries


@access.public
def home(request):
    figures = queries.market_figures(by="england", service="all")[0]
    care_homes = queries.market_figures(by="england", service="care-homes")[0]
    return render(
        request,
        "public/home.html",
        {
            "page_title": "Find and check adult social care in England",
            "figures": figures,
            "care_homes": care_homes,
        },
    )
