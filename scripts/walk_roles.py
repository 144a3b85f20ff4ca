"""Walk each demo user's pages in Chromium against a running demo (``make run``): a developer's check.

    .venv/bin/python scripts/walk_roles.py --base http://127.0.0.1:8000 --out /tmp/walk

For the public and each demo user (README, "The demo users"): sign in, open My work, then every page
it links to (and the menu's), at 1,280 and 375 px. For each page it records the status, axe
violations, whether the page scrolls sideways, and a full-page screenshot to look at. It prints one
line per problem and writes ``walk.json``; the exit status is 1 when anything was found.
Not a test: the browser journeys under tests/browser are. This is the walk before a closing note.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
USERS = [
    "qa-officer",
    "qa-manager",
    "commissioner",
    "analyst",
    "discharge-coordinator",
    "provider-manager",
    "provider-staff",
    "org-admin",
    "system-admin",
]
PASSWORD = "carewatch-demo-2026"
PUBLIC_START = [
    "/",
    "/find/?near=Oldham&within=5",
    "/find/?near=Oldham&within=5&need=dementia&rating=good&commitment=yes",
    "/find/?near=EH1+1AA",
    "/guidance/questions-to-ask/",
    "/shortlist/",
    "/open-data/",
    "/commitments/",
    "/quality-marks/",
    "/services/",
    "/market/",
    "/insights/",
    "/insights/commissioners/",
    "/no-such-page/",
]
SKIP = re.compile(r"sign-out|/admin/|\.csv|\.xlsx|\.pdf|format=|/api/v1/openapi|\.ics|download|export")


def same_site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "main a[href], header nav a[href]", "links => links.map(link => link.getAttribute('href'))"
    )
    found = []
    for href in hrefs:
        url = urljoin(page.url, href)
        parsed = urlparse(url)
        if url.startswith(base) and not parsed.fragment and not SKIP.search(url):
            found.append(url.split("#")[0])
    return list(dict.fromkeys(found))


def check(page, url: str, name: str, out: Path, problems: list[dict], seen: dict) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        page.wait_for_load_state("load")
        status = response.status if response else 0
        record = {"who": name, "url": url, "width": width, "status": status}
        if status >= 500 or (status >= 400 and "no-such-page" not in url):
            problems.append({**record, "problem": f"status {status}"})
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            problems.append({**record, "problem": f"scrolls sideways by {wide}px"})
        violations = Axe().run(page).response["violations"]
        for violation in violations:
            problems.append({**record, "problem": f"axe {violation['id']}: {violation['help']}"})
        slug = re.sub(r"[^a-z0-9]+", "-", urlparse(url).path.lower()).strip("-") or "home"
        query = re.sub(r"[^a-z0-9]+", "-", urlparse(url).query.lower())[:40]
        page.screenshot(
            path=str(out / f"{name}--{slug}{'-' + query if query else ''}--{width}.png"), full_page=True
        )
        seen.setdefault(name, []).append(record)


def walk(base: str, out: Path, limit: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    problems: list[dict] = []
    seen: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(30_000)
        for path in PUBLIC_START:
            check(page, base + path, "public", out, problems, seen)
        context.close()
        for user in USERS:
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(base + "/sign-in/")
            page.get_by_label("Username").fill(user)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name=re.compile("Sign in|Continue")).first.click()
            page.wait_for_load_state("load")
            if "/sign-in/" in page.url:
                problems.append({"who": user, "url": page.url, "problem": "did not get past sign-in"})
                context.close()
                continue
            page.goto(base + "/home/")
            links = [base + "/home/", *same_site_links(page, base)][:limit]
            for url in links:
                check(page, url, user, out, problems, seen)
            context.close()
        browser.close()
    (out / "walk.json").write_text(json.dumps({"problems": problems, "pages": seen}, indent=1, default=str))
    for problem in problems:
        print(f"{problem['who']:<22} {problem.get('width', '')!s:<5} {problem['url']}: {problem['problem']}")
    print(f"{sum(len(v) for v in seen.values())} page loads, {len(problems)} problems; screenshots in {out}")
    return 1 if problems else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("/tmp/walk"))
    parser.add_argument("--limit", type=int, default=30, help="pages per person")
    arguments = parser.parse_args()
    sys.exit(walk(arguments.base.rstrip("/"), arguments.out, arguments.limit))


if __name__ == "__main__":
    main()
