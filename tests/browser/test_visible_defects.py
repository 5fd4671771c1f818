"""What a new user saw at 360 px and fixed: breadcrumbs, definition lists, the locality filter."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}


def test_breadcrumbs_are_one_line_of_links_not_a_numbered_list(new_context, served_fixture_site):
    page = new_context(**PHONE).new_page()
    page.goto(served_fixture_site.url("/localities/ha-noi/cau-giay/"))
    items = page.locator(".breadcrumbs li")
    assert items.count() == 3
    assert (
        page.locator(".breadcrumbs ol").evaluate("el => getComputedStyle(el).listStyleType")
        == "none"
    )
    tops = {round(box["y"]) for box in (items.nth(i).bounding_box() for i in range(items.count()))}
    assert len(tops) == 1, "the breadcrumbs should sit on one line at 360 px"
    separator = items.nth(1).evaluate("el => getComputedStyle(el, '::before').content")
    assert separator == '"›"'


@pytest.mark.parametrize("path", ["/en/hotlines/", "/plans/ke-hoach-mau/"])
def test_definition_lists_stack_on_a_phone_and_sit_side_by_side_on_a_wide_screen(
    new_context, served_fixture_site, path
):
    phone = new_context(**PHONE).new_page()
    phone.goto(served_fixture_site.url(path))
    dt, dd = phone.locator(".facts dt").first, phone.locator(".facts dd").first
    assert (
        dd.bounding_box()["y"] > dt.bounding_box()["y"]
        and abs(dd.bounding_box()["x"] - dt.bounding_box()["x"]) < 1
    ), "at 360 px the value goes under its label"
    assert dd.bounding_box()["width"] > 250
    wide = new_context(viewport={"width": 1280, "height": 800}).new_page()
    wide.goto(served_fixture_site.url(path))
    dt, dd = wide.locator(".facts dt").first, wide.locator(".facts dd").first
    assert (
        dd.bounding_box()["x"] > dt.bounding_box()["x"]
        and abs(dd.bounding_box()["y"] - dt.bounding_box()["y"]) < 2
    )


def test_the_locality_filter_is_a_full_width_box_that_counts_in_words(
    new_context, served_fixture_site
):
    page = new_context(**PHONE).new_page()
    page.goto(served_fixture_site.url("/en/localities/"))
    box = page.locator("#locality-q").bounding_box()
    assert box["width"] > 280 and box["height"] >= 40, box
    page.fill("#locality-q", "cau giay")
    page.wait_for_function("() => document.querySelectorAll('#locality-results li').length > 0")
    count = page.locator("#locality-count").inner_text()
    found = page.locator("#locality-results li").count()
    assert count == (f"{found} place found" if found == 1 else f"{found} places found"), count


def test_a_former_unit_without_one_successor_says_former_unit_and_nothing_dangling(
    page, served_fixture_site
):
    page.goto(served_fixture_site.url("/localities/"))
    page.fill("#locality-q", "quận Cầu Giấy")  # a former district, split between several wards
    page.wait_for_function("() => document.querySelectorAll('#locality-results li').length > 0")
    item = page.locator("#locality-results li", has_text="Quận Cầu Giấy").first
    text = item.inner_text()
    assert "đơn vị cũ" in text and not text.rstrip().endswith(("nay là", "nay thuộc")), text
