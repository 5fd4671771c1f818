"""'Find help near you': the filter finds current and former names as you type, loading little."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def results(page) -> list[str]:
    return page.locator("#locality-results li a").all_inner_texts()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cau giay", "Phường Cầu Giấy"),  # no accents
        ("quận Cầu Giấy", "Quận Cầu Giấy"),  # a former district, with its type word
        ("Hải Dương", "Hải Dương"),  # a former province, merged into Hải Phòng
    ],
)
def test_typing_a_name_shows_matching_places(page, served_fixture_site, typed, expected):
    page.goto(served_fixture_site.url("/localities/"))
    page.fill("#locality-q", typed)
    page.wait_for_function("() => document.querySelectorAll('#locality-results li').length > 0")
    assert expected in results(page)


def test_a_former_place_says_what_it_became_and_links_to_its_page(page, served_fixture_site):
    page.goto(served_fixture_site.url("/en/localities/"))
    page.fill("#locality-q", "hai duong")
    page.wait_for_function("() => document.querySelectorAll('#locality-results li').length > 0")
    item = page.locator("#locality-results li", has_text="Hai Duong").first
    assert "former unit, now part of Hai Phong" in item.inner_text()
    item.locator("a").click()
    page.wait_for_url("**/en/localities/hai-duong/")
    assert page.locator("h1").inner_text() == "Hai Duong"


def test_the_first_keystroke_loads_one_small_shard(page, served_shipped_site):
    fetched = []
    page.on(
        "request",
        lambda request: (
            fetched.append(request.url) if "/localities/names/" in request.url else None
        ),
    )
    page.goto(served_shipped_site.url("/localities/"))
    page.fill("#locality-q", "h")
    page.wait_for_function("() => document.querySelectorAll('#locality-results li').length > 0")
    assert [url.rsplit("/", 1)[1] for url in fetched] == ["h.json"]


def test_without_javascript_the_page_is_a_plain_list_of_provinces(new_context, served_fixture_site):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(served_fixture_site.url("/localities/"))
    assert page.locator("#locality-filter").is_hidden()
    page.get_by_role("link", name="Hà Nội", exact=True).click()
    assert page.get_by_role("link", name="Phường Cầu Giấy", exact=True).count() == 1
