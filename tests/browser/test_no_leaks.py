"""No leaks: nothing loads from other websites, the CSP forbids inline code, nothing is stored.

A reader may be watched by the person exploiting them. Requests to other hosts, cookies and stored
data are traces; the Content-Security-Policy keeps injected or careless code from adding any.
The HTML checks read every built page; the browser checks visit one page of each kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import LANGS, TEMPLATE_KINDS, representative_pages
from .scan import scan_site


@pytest.fixture(params=["fixture", "shipped"])
def built_site(request) -> Path:
    return request.getfixturevalue(f"{request.param}_site")


def test_fixture_site_shows_every_template_in_both_languages(fixture_site):
    found = {(page.lang, page.kind) for page in representative_pages(fixture_site)}
    missing = sorted({(lang, kind) for lang in LANGS for kind in TEMPLATE_KINDS} - found)
    assert missing == [], "add fixture content for these, or the browser sweeps skip a template"


def test_every_page_has_a_strict_content_security_policy(built_site):
    assert scan_site(built_site)["csp"] == []


def test_no_page_has_inline_scripts_event_handlers_or_styles(built_site):
    assert scan_site(built_site)["inline"] == [], (
        "the policy blocks inline code: move it to theme/js or theme/css"
    )


def test_no_page_loads_anything_from_another_website(built_site):
    assert scan_site(built_site)["elsewhere"] == [], (
        "copy the file into the theme instead: a third party would see every reader"
    )


def test_links_to_other_sites_send_no_referrer_and_no_opener(built_site):
    assert scan_site(built_site)["outbound"] == []


@pytest.fixture(params=["fixture", "shipped", "nginx"])
def served_anywhere(request):
    return request.getfixturevalue(f"served_{request.param}_site")


@pytest.mark.browser
def test_pages_request_nothing_from_other_origins(context, served_anywhere):
    served_site = served_anywhere
    requests, errors = [], []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text))
    for visit in served_site.pages():
        page.goto(served_site.url(visit.path))
    origin = served_site.origin
    elsewhere = sorted(
        {
            url
            for url in requests
            if not url.startswith(origin + "/") and not url.startswith("data:")
        }
    )
    assert elsewhere == [], "pages asked other websites for these"
    assert any(url.endswith(".css") for url in requests) and any(
        url.endswith(".js") for url in requests
    ), "the stylesheet and script were not requested"
    assert [e for e in errors if "Content Security Policy" in e] == [], (
        "the policy blocked something the page tried to load or run"
    )


@pytest.mark.browser
def test_visiting_pages_leaves_no_cookies_storage_or_service_worker(context, served_fixture_site):
    page, pages = context.new_page(), served_fixture_site.pages()
    for visit in pages[:: max(1, len(pages) // 6)]:  # a few kinds of page, in both languages
        page.goto(served_fixture_site.url(visit.path))
        stored = page.evaluate(
            """async () => ({
                cookie: document.cookie,
                local: localStorage.length,
                session: sessionStorage.length,
                databases: indexedDB.databases ? (await indexedDB.databases()).length : 0,
                caches: self.caches ? (await caches.keys()).length : 0,
                workers: navigator.serviceWorker
                    ? (await navigator.serviceWorker.getRegistrations()).length : 0,
            })"""
        )
        assert stored == {
            "cookie": "",
            "local": 0,
            "session": 0,
            "databases": 0,
            "caches": 0,
            "workers": 0,
        }, visit
    assert context.cookies() == []
    assert context.service_workers == []
