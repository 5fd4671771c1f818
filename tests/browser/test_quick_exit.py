"""Quick exit: the button and Shift×3 leave for a neutral site at once, and Back does not return
here.

The neutral site is answered locally by the context's route (see conftest.py).
"""

from __future__ import annotations

import pytest

from portal.settings import project_settings

QUICK_EXIT_URL = project_settings()["QUICK_EXIT_URL"]

pytestmark = pytest.mark.browser

HOME = "/en/"
LONG_PAGE = "/plans/ke-hoach-mau/"  # the fixture plan: tables, duties, deadlines, sources


def left_for_the_neutral_site(page) -> None:
    page.wait_for_url(lambda url: url == QUICK_EXIT_URL)
    assert page.title() == "Neutral"


def test_clicking_quick_exit_opens_the_neutral_site(page, served_here_and_by_nginx):
    page.goto(served_here_and_by_nginx.url(LONG_PAGE))
    page.click("#quick-exit")
    left_for_the_neutral_site(page)


def test_pressing_shift_three_times_opens_the_neutral_site(page, served_fixture_site):
    page.goto(served_fixture_site.url(LONG_PAGE))
    for _ in range(3):
        page.keyboard.press("Shift")
    left_for_the_neutral_site(page)


def test_shift_pressed_twice_stays_on_the_page(page, served_fixture_site):
    page.goto(served_fixture_site.url(LONG_PAGE))
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")  # another key starts the count again
    page.keyboard.press("Shift")
    page.wait_for_timeout(200)
    assert page.url == served_fixture_site.url(LONG_PAGE)


@pytest.mark.parametrize("how", ["click", "shift×3"])
def test_back_after_quick_exit_does_not_return_to_the_page_left(page, served_fixture_site, how):
    first, left = served_fixture_site.url(HOME), served_fixture_site.url(LONG_PAGE)
    page.goto(first)
    page.goto(left)
    if how == "click":
        page.click("#quick-exit")
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    left_for_the_neutral_site(page)
    page.go_back()
    assert page.url != left, "the quick exit left the page in the history: use location.replace"
    assert page.url in (first, "about:blank")


def test_without_javascript_quick_exit_is_a_real_link_to_the_neutral_site(
    new_context, served_fixture_site
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(served_fixture_site.url(LONG_PAGE))
    link = page.locator("#quick-exit")
    assert link.evaluate("el => el.tagName") == "A"
    assert link.get_attribute("href") == QUICK_EXIT_URL
    link.click()
    left_for_the_neutral_site(page)


@pytest.mark.parametrize(
    "viewport",
    [{"width": 360, "height": 640}, {"width": 1280, "height": 720}],
    ids=["phone", "desktop"],
)
def test_quick_exit_stays_in_view_at_the_bottom_of_a_long_page(
    new_context, served_fixture_site, viewport
):
    page = new_context(viewport=viewport).new_page()
    page.goto(served_fixture_site.url(LONG_PAGE))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height > 1.5 * viewport["height"], "the page is too short to test scrolling"
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("window.scrollY > 0")
    box = page.evaluate(
        """() => {
            const r = document.getElementById('quick-exit').getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    onTop: !!hit && !!hit.closest('#quick-exit'),
                    position: getComputedStyle(document.querySelector('.safety-bar')).position};
        }"""
    )
    assert box["position"] in ("fixed", "sticky"), box
    assert box["top"] >= 0 and box["bottom"] <= viewport["height"], box
    assert box["left"] >= 0 and box["right"] <= viewport["width"], box
    assert box["onTop"], "something covers the quick exit"
