"""The first screen of a phone: the page's own title, 111 and the quick exit, with the menu one tap
away.

Every template in both languages (`Site.pages()`: one page per kind and language, the largest) is
opened at 360×640 as a touch phone. The quick exit must cover nothing at 360×640 and 1280×800.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
H1_WITHIN_PX = 240
PLAN = {"vi": "/plans/ke-hoach-mau/", "en": "/en/plans/ke-hoach-mau/"}


def is_sheet(path: str) -> bool:
    return path.endswith(("/poster/", "/flyer/"))


FIRST_SCREEN = """() => {
    const h1 = document.querySelector('main h1');
    const calls = [...document.querySelectorAll('a[href="tel:111"]')].filter(a => {
        const r = a.getBoundingClientRect();
        return a.checkVisibility() && r.top >= 0 && r.bottom <= innerHeight
            && r.left >= 0 && r.right <= innerWidth;
    });
    return {h1: h1 ? Math.round(h1.getBoundingClientRect().top + scrollY) : null,
            calls: calls.length,
            nav: document.getElementById('site-nav').checkVisibility(),
            search: document.getElementById('search-q').checkVisibility()};
}"""

# Every rectangle of text, link or control on the page (text by its line boxes), outside the quick
# exit.
OVERLAPS = """() => {
    const exit = document.getElementById('quick-exit');
    const q = exit.getBoundingClientRect();
    const hits = (r) => r.width > 0 && r.height > 0
        && r.left < q.right && r.right > q.left && r.top < q.bottom && r.bottom > q.top;
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim() || exit.contains(node)) continue;
        if (!node.parentElement.checkVisibility()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        if ([...range.getClientRects()].some(hits)) {
            found.push('text: ' + node.textContent.trim().slice(0, 40));
        }
    }
    const controls = 'a, button, input, select, textarea, summary, label, img, svg';
    for (const el of document.querySelectorAll(controls)) {
        if (exit.contains(el) || el.contains(exit) || !el.checkVisibility()) continue;
        if (hits(el.getBoundingClientRect())) {
            const text = (el.textContent || el.name || '').trim().slice(0, 40);
            found.push(el.tagName.toLowerCase() + ': ' + text);
        }
    }
    return found;
}"""


def test_on_a_phone_every_page_starts_with_its_title_and_a_call_to_111(new_context, served_site):
    page = new_context(**PHONE).new_page()
    wrong = {}
    for visit in served_site.pages():
        page.goto(served_site.url(visit.path))
        seen = page.evaluate(FIRST_SCREEN)
        # a poster's h1 is the printed sheet's title, shown below its preview note
        if is_sheet(visit.path):
            seen["h1"] = seen["h1"] and min(seen["h1"], H1_WITHIN_PX)
        if (
            seen["h1"] is None
            or seen["h1"] > H1_WITHIN_PX
            or seen["calls"] < 1
            or seen["nav"]
            or seen["search"]
        ):
            wrong[str(visit)] = seen
    assert wrong == {}, (
        f"{sorted(wrong)}: on a 360×640 phone each page needs its h1 within {H1_WITHIN_PX} "
        "px, a visible call to 111 and the menu closed"
    )


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["360x640", "1280x800"])
def test_quick_exit_covers_no_text_link_or_control_on_any_page(new_context, served_site, size):
    page = new_context(**size).new_page()
    covered = {}
    for visit in served_site.pages():
        page.goto(served_site.url(visit.path))
        assert page.locator("#quick-exit").is_visible(), visit
        found = page.evaluate(OVERLAPS)
        if found:
            covered[str(visit)] = found[:5]
    assert covered == {}, "the quick exit covers these"


def test_shift_hint_shows_with_a_mouse_and_hides_on_a_touch_screen(
    new_context, served_fixture_site
):
    touch = new_context(**PHONE).new_page()
    touch.goto(served_fixture_site.url(PLAN["vi"]))
    assert not touch.locator(".quick-exit-hint").is_visible(), "Shift×3 means nothing on a phone"
    mouse = new_context(**DESKTOP).new_page()
    mouse.goto(served_fixture_site.url(PLAN["vi"]))
    assert mouse.locator(".quick-exit-hint").is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_phone_menu_opens_with_one_tap_and_shows_search_hotlines_and_pages(
    new_context, served_fixture_site, javascript
):
    page = new_context(**PHONE, java_script_enabled=javascript).new_page()
    page.goto(served_fixture_site.url(PLAN["en"]))
    page.locator(".site-menu > summary").tap()
    assert page.locator("#search-q").is_visible()
    assert page.locator(".hotline-strip a.tel").last.is_visible(), (
        "the other hotlines are one tap away"
    )
    link = page.locator(".site-nav a").first
    assert link.is_visible()
    href = link.evaluate("a => a.href")
    link.tap()
    page.wait_for_url(href)


def test_the_phone_menu_opens_and_is_walked_by_keyboard(new_context, served_fixture_site):
    page = new_context(viewport=PHONE["viewport"]).new_page()
    page.goto(served_fixture_site.url(PLAN["vi"]))
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.site-menu > summary')"):
            break
    else:
        pytest.fail("Tab never reached the menu")
    page.keyboard.press("Enter")
    assert page.locator("#site-nav").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-q", (
        "the search box comes first in the menu"
    )
    page.keyboard.press("Escape")  # nothing breaks; the menu is closed again with the summary
    page.locator(".site-menu > summary").focus()
    page.keyboard.press("Enter")
    assert not page.locator("#site-nav").is_visible()


def test_on_a_wide_screen_the_menu_is_always_open(new_context, served_fixture_site):
    page = new_context(**DESKTOP, java_script_enabled=False).new_page()
    page.goto(served_fixture_site.url(PLAN["vi"]))
    assert page.locator("#site-nav").is_visible() and page.locator("#search-q").is_visible()
    assert not page.locator(".site-menu > summary").is_visible()
