"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.
Without /usr/bin/chromium they are skipped with a message, except in CI (CI=true), where a
missing browser is a failure."""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture
def open_page(browser):
    """open_page("phone") gives a fresh browser tab at that width (javascript=False: with
    JavaScript off); screenshots taken with
    shot(page, name) go to test-artifacts/ (git-ignored)."""
    contexts = []

    def open_page(viewport, *, javascript=True):
        width, height = VIEWPORTS[viewport]
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# axe-core rules for WCAG 2.0 and 2.1, levels A and AA.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def check_accessibility(page, name):
    """Run axe-core (bundled with axe-playwright-python, no download) on the page as it is
    now. Fails on any serious or critical violation; writes every violation, by impact, to
    test-artifacts/axe.jsonl for the figures in the issue notes."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}}).response
    by_impact = {}
    for violation in results["violations"]:
        by_impact.setdefault(violation["impact"], []).append(violation["id"])
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "axe.jsonl", "a") as log:
        log.write(json.dumps({"page": name, "url": page.url, "violations": by_impact}) + "\n")
    blocking = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert not blocking, f"{name}: " + "; ".join(blocking)
