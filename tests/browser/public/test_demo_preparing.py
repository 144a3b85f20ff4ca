"""While `make run` is still preparing the demo data, every page says so in a GOV.UK notification
banner; the page passes axe and does not scroll sideways, on a wide and a narrow screen."""

import pytest

from carewatch.demo import preparation
from tests import places


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_pages_say_the_demo_data_is_still_being_prepared(page, live_server, check_page, settings, width):
    settings.DEMO_MODE = True
    preparation.start(now=places.at(2026, 12, 7))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/")
    banner = page.locator("#demo-preparing")
    assert banner.get_attribute("role") == "region"
    assert "Demo data is still being prepared" in banner.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_page(page, f"demo-preparing-{width}")
