"""In demo mode (`make run`) every page carries the Demo banner, and the page still passes axe."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_the_demo_banner_is_announced_and_accessible(page, live_server, check_page, settings):
    settings.DEMO_MODE = True
    page.goto(f"{live_server.url}/insights/methodology/")
    banner = page.get_by_role("region", name="Demonstration")
    assert "synthetic data" in banner.inner_text()
    check_page(page, "demo-banner")
