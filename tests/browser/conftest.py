"""Browser tests: Debian's Chromium driven by Playwright against the live test server."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE, DESKTOP = {"width": 360, "height": 780}, {"width": 1280, "height": 900}
SCREENSHOTS = os.environ.get("SCREENSHOTS")  # a directory: tests that call `shoot` save their pages there


def shoot(page, name):
    """Save a full-page screenshot <name>.png when SCREENSHOTS is set (docs/screenshots/make.sh sets it)."""
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    # Playwright's event loop runs in this thread; the fixtures' ORM calls must be allowed beside it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the real starting content (transactional tests start from an empty database)."""
    call_command("load_portal_data", verbosity=0)
    return live_server


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser):
    context = browser.new_context(viewport=request.param, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page):
    # Evaluated over the DevTools protocol: an inline <script> tag would be refused by the page's CSP.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]


# Records what the Content Security Policy refused, before any of the page's own scripts run.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI} at ${where}`);
});
"""


def watch_csp(context):
    """Collect the CSP's violations and console errors of every page of `context` (`csp_problems(page)`)."""
    context.add_init_script(CSP_LISTENER)
    errors = []

    def console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(message.text)

    context.on("console", console)
    context.csp_console_errors = errors
    return context


def csp_problems(page):
    return page.evaluate("window.__cspViolations || []") + list(page.context.csp_console_errors)
