"""On a small phone (360×640) a commune page shows its name and the call button without
scrolling."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SCREEN = {"width": 360, "height": 640}


@pytest.mark.parametrize(
    "path",
    [
        "/localities/ha-noi/cau-giay/",
        "/en/localities/ha-noi/cau-giay/",
        "/localities/hai-phong/bach-long-vi/",
    ],
)
def test_the_name_and_the_call_button_are_on_the_first_screen(new_context, served_site, path):
    page = new_context(viewport=SCREEN).new_page()
    page.goto(served_site.url(path))
    h1 = page.locator("main h1").bounding_box()
    button = page.locator("main .help-call a.tel").first
    box = button.bounding_box()
    assert h1["y"] >= 0 and h1["y"] + h1["height"] <= SCREEN["height"], h1
    assert box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"], box
    assert button.get_attribute("href") == "tel:111"
    # Nothing fixed (the quick exit) covers the middle of the button.
    middle = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a').getAttribute('href')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert middle == "tel:111"


def test_a_province_page_filters_its_own_communes(page, served_fixture_site):
    page.goto(served_fixture_site.url("/localities/ha-noi/"))
    page.fill("#locality-q", "cau giay")
    page.wait_for_function("() => document.querySelectorAll('#locality-results li').length > 0")
    assert "Phường Cầu Giấy" in page.locator("#locality-results li a").all_inner_texts()
    page.fill("#locality-q", "bach long vi")  # a special zone of Hải Phòng, not of Hà Nội
    # "Tìm thấy 0 địa danh"
    page.wait_for_function(
        "() => /(^|\\D)0(\\D|$)/.test(document.getElementById('locality-count').textContent)"
    )
    assert page.locator("#locality-results li").count() == 0
