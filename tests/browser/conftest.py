"""Browser fixtures: built sites served on loopback, one headless Chromium, and offline contexts.

Every context made here answers requests to other hosts itself: the quick exit's neutral site gets
a tiny local page, anything else is blocked. Nothing a test does leaves the machine.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal.settings import project_settings

from .harness import Site, serve

QUICK_EXIT_URL = project_settings()["QUICK_EXIT_URL"]

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; `invoke browsers` installs it
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 5000  # everything is local: a feature that takes longer has broken
NEUTRAL_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(QUICK_EXIT_URL))
NEUTRAL_PAGE = (
    "<!doctype html><html lang='en'><title>Neutral</title><p>A neutral page served by the "
    "test.</p></html>"
)


def is_loopback(url: str) -> bool:
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def _answer_offline(route) -> None:
    url = route.request.url
    if url.startswith(NEUTRAL_ORIGIN + "/"):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=NEUTRAL_PAGE)
    else:
        route.abort("blockedbyclient")


@pytest.fixture(scope="session")
def served_fixture_site(fixture_site) -> Site:
    with serve(fixture_site) as site:
        yield site


@pytest.fixture(scope="session")
def served_shipped_site(shipped_site) -> Site:
    with serve(shipped_site) as site:
        yield site


@pytest.fixture(scope="session")
def served_nginx_site(nginx_sub_site) -> Site:
    """The fixture site published under a sub-path and served by Debian's nginx as docs/deploy.md
    configures it (tests/deploy/nginx.py): security headers, precompressed copies and all."""
    return nginx_sub_site


@pytest.fixture(params=["fixture", "nginx"])
def served_here_and_by_nginx(request) -> Site:
    """For the checks that matter most: once on the test server, once behind the real one."""
    return request.getfixturevalue(f"served_{request.param}_site")


@pytest.fixture(params=["fixture", "shipped"])
def served_site(request) -> Site:
    """Each browser sweep runs on the fixture site (every template) and on the shipped content."""
    return request.getfixturevalue(f"served_{request.param}_site")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `invoke browsers` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Make browser contexts (`new_context(java_script_enabled=False)`) that stay offline."""
    made = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.route(lambda url: not is_loopback(url), _answer_offline)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()
