"""Print: a printed page keeps the hotline numbers and drops the controls that only work on screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/plans/ke-hoach-mau/", "/en/hotlines/"])
def test_print_hides_navigation_and_quick_exit_but_keeps_the_hotlines(page, served_fixture_site, path):
    page.goto(served_fixture_site.url(path))
    assert page.locator(".site-nav").evaluate("el => getComputedStyle(el).display") != "none", "the navigation should show on screen"
    page.emulate_media(media="print")
    display = page.evaluate("s => [...document.querySelectorAll(s)].map(el => getComputedStyle(el).display)", ".site-nav, #quick-exit")
    assert len(display) == 2 and set(display) == {"none"}, display
    calls = page.locator(".hotline-strip a.tel")
    assert calls.count() > 0
    for index in range(calls.count()):
        assert calls.nth(index).is_visible()
        assert calls.nth(index).get_attribute("href").startswith("tel:")
