"""Print: a printed page keeps the hotline numbers and drops the controls that only work on
screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ON_SCREEN_ONLY = (
    ".site-nav, #quick-exit, .search-box, #search-q, .site-menu > summary, .lang-switch"
)


@pytest.mark.parametrize(
    "path", ["/plans/ke-hoach-mau/", "/en/hotlines/", "/en/search/", "/localities/ha-noi/"]
)
def test_print_hides_search_navigation_and_quick_exit_but_keeps_the_hotlines(
    page, served_fixture_site, path
):
    page.goto(served_fixture_site.url(path))
    assert page.locator(".site-nav").evaluate("el => getComputedStyle(el).display") != "none", (
        "the navigation should show on screen"
    )
    page.emulate_media(media="print")
    shown = page.evaluate(
        "s => [...document.querySelectorAll(s)].filter(el => el.checkVisibility()).map(el "
        "=> el.outerHTML.slice(0, 60))",
        ON_SCREEN_ONLY + ", .search-page-form",
    )
    assert shown == [], "these print, but only work on screen"
    calls = page.locator(".hotline-strip a.tel")
    assert calls.count() > 0
    for index in range(calls.count()):
        assert calls.nth(index).is_visible()
        assert calls.nth(index).get_attribute("href").startswith("tel:")
