"""The home page leads a member of the public to everything public: the search, market figures and the
market insight dashboards."""

from django.urls import reverse

from tests.pages import page


def test_the_home_page_links_to_the_market_insight_dashboards(client, db):
    soup = page(client.get("/"))
    links = {" ".join(a.text.split()): a["href"] for a in soup.select("main a")}
    assert links["Market insight dashboards"] == reverse("insights:dashboard")
    assert links["Commissioner ratings"] == reverse("insights:commissioner_league")
    assert links["How the figures are worked out"] == reverse("insights:methodology")
    assert links["Find a care service"] == reverse("public:location_search")
    for href in links.values():
        if href.startswith("/"):
            assert client.get(href).status_code == 200, href
