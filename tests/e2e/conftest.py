"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Chromium comes from the system (``apt-get install chromium``); Playwright's own browser
downloads are not used. Without Chromium the browser tests are skipped with a message saying so —
except in CI (``CI`` set), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop on the test thread; the ORM calls tests make there
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
TOOLS = Path(__file__).parent / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", Path(__file__).parents[2] / "artifacts"))
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip


def missing_tools():
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists() or not VNU.exists():
        missing.append("axe-core and vnu-jar (npm ci --prefix tests/e2e)")
    return missing


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/e2e/" in item.nodeid]
    missing = missing_tools()
    if not browser_items or not missing:
        return
    reason = "browser tests skipped: missing " + "; ".join(missing)
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{reason}. CI must run them: .ci/run installs these.")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": LAUNCH_ARGS}


def attach_watch(page, problems):
    """Record console errors, failed sub-resources and CSP violations of ``page``."""

    def on_console(message):
        # Chromium also logs the status of a page that is itself a 404 (the error page under
        # test); failed sub-resources are caught by the response listener below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def on_failed(request):
        # Aborts are the page cancelling its own request (select2 does, while one types).
        if "ERR_ABORTED" not in (request.failure or ""):
            problems.append(f"request failed: {request.url} {request.failure}")

    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return page


@pytest.fixture
def watch(page):
    """Fails the test if any page visited logs an error, misses a file or violates the CSP."""
    problems = []
    attach_watch(page, problems)
    yield problems
    assert problems == [], "\n".join(problems)


@pytest.fixture
def people(browser, transactional_db):
    """A logged-out browser context per person, each watched like ``watch``; closed at the end,
    before the database is emptied."""
    problems, contexts = [], []

    def open_as(base, username=None):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = attach_watch(context.new_page(), problems)
        if username:
            login(page, base, username)
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.fixture(autouse=True)
def no_autosave_while_typing(settings):
    """The browser tests share one in-memory SQLite database across the live server's threads,
    where two requests writing at once fail at once ("database table is locked") instead of
    waiting: an autosave posted in the background would collide with the request under test.
    tests/e2e/test_article_form.py turns autosave on to test it."""
    settings.AUTOSAVE_SECONDS = 0


@pytest.fixture
def context(context, transactional_db):
    """Pages close before the database is emptied: a request still in flight from an open page
    would otherwise meet the flush."""
    yield context


@pytest.fixture
def base(live_server, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url  # absolute links (canonical, PDF, feeds) lead here
    return live_server.url


def login(page, base, username, password="x-secret-pass"):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
