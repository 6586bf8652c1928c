"""Real-browser tests: Playwright's Python client driving Debian's Chromium.

The app runs in pytest-django's live server on the same PostgreSQL test database. Each
journey saves screenshots of its key pages under test-artifacts/screenshots/<test>/,
and `axe_check` runs axe-core (vendored from the npm registry) on a page.
"""

import importlib
import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; the test still talks to the
# database synchronously through Django, which is safe here (one thread, no async views).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
# Offline machine: keep Chromium from phoning home (connections would only be refused).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium (make e2e does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Data migrations whose forward functions are idempotent (get_or_create): re-run before each
# browser test, since a transactional test's flush empties every table.
REFERENCE_DATA = [
    "accounts.migrations.0002_create_role_groups",
    "accounts.migrations.0004_outside_counsel_role",
    "clients.migrations.0002_seed_vulnerabilities",
    "cases.migrations.0002_seed_deadline_rules",
    "cases.migrations.0003_role_permissions",
    "referrals.migrations.0002_seed_services",
    "referrals.migrations.0003_admin_role_reference_data",
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    from django.apps import apps

    for module in REFERENCE_DATA:
        migration = importlib.import_module(module)
        for operation in migration.Migration.operations:
            operation.code(apps, None)


@pytest.fixture
def new_page(browser, live_server, request):
    """Open pages at a given width; screenshots go to a folder named after the test."""
    contexts = []
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)

    def make(width: int = 1280, height: int = 900) -> Page:
        # bypass_csp lets the test inject axe-core; the app's own pages never need it.
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            bypass_csp=True,
            locale="en-GB",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.shots = folder  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(page.shots / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def axe_check(page: Page) -> list[dict]:
    """Serious and critical accessibility violations on the current page."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    report = ARTIFACTS / "axe-results.jsonl"
    with report.open("a") as out:
        out.write(
            json.dumps(
                {
                    "url": page.url,
                    "violations": [
                        {
                            "id": v["id"],
                            "impact": v["impact"],
                            "nodes": len(v["nodes"]),
                            "html": [n["html"][:160] for n in v["nodes"][:3]],
                        }
                        for v in result["violations"]
                    ],
                }
            )
            + "\n"
        )
    return bad


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
