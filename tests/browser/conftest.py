"""Real-browser journeys: Debian's Chromium driven by Playwright, with an axe check on each page."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
# Screenshots are for people to look at: saved by default, not in CI (a fresh clone nobody opens),
# where they cost about a sixth of the journeys' time. CAREWATCH_SCREENSHOTS=1 or 0 decides.
SAVE_SCREENSHOTS = os.environ.get("CAREWATCH_SCREENSHOTS", "0" if os.environ.get("CI") else "1") == "1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def pictures_folder(tmp_path: Path) -> Path:
    """Where a journey writes pictures (rendered PDF pages): the screenshots folder, or a scratch one in CI."""
    folder = SCREENSHOTS if SAVE_SCREENSHOTS else tmp_path / "pictures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_accessible(page, name: str) -> None:
    """Assert the page is accessible (axe: no violations) and titled "… – carewatch"; save a screenshot."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")  # a page a click has just asked for has arrived
    if SAVE_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    violations = Axe().run(page).response["violations"]
    assert not violations, "axe violations:\n" + "\n".join(
        f"- {v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})" for v in violations
    )
    assert page.title().endswith("– carewatch")


@pytest.fixture
def check_page():
    """The journeys' page check (:func:`check_accessible`)."""
    return check_accessible
