"""Search in a real browser: as-you-type results in the header box, safe text, keyboard, no-JS."""

from __future__ import annotations

import pytest

from .harness import serve

pytestmark = pytest.mark.browser

RESULTS = ".search-box .search-results"


@pytest.fixture(scope="module")
def served_search_site(search_site):
    with serve(search_site) as site:
        yield site


def type_in_header(page, text: str) -> None:
    page.locator("#search-q").press_sequentially(text, delay=20)
    page.wait_for_function(
        "text => document.querySelector('.search-box .search-panel').dataset.query === text",
        arg=text,
    )


def test_typing_in_the_header_shows_highlighted_results(page, served_search_site):
    page.goto(served_search_site.url("/hotlines/"))
    type_in_header(page, "hoa giai")
    first = page.locator(f"{RESULTS} .search-result").first
    assert first.locator(".result-title").inner_text() == "[Mẫu] Tổ hoà giải ở thôn, bản"
    # the accented form, as written
    assert first.locator("mark").all_inner_texts()[:2] == [
        "hoà",
        "giải",
    ]
    live = page.locator(".search-box .search-live")
    assert live.get_attribute("role") == "status" and "kết quả" in live.text_content()


def test_the_count_is_announced_by_a_live_region_that_is_always_there(page, served_search_site):
    page.goto(served_search_site.url("/"))
    live = page.locator(".search-box [role=status]")
    # in the page before any search, so screen readers watch it
    assert live.count() == 1 and live.text_content() == ""
    assert page.evaluate(
        "document.querySelector('.search-box [role=status]').closest('[hidden]') === null"
    )
    page.locator("#search-q").press_sequentially("h", delay=20)
    page.wait_for_timeout(400)
    # one letter: no search yet, so nothing jumps
    assert page.locator(".search-box .search-panel").is_hidden()
    page.locator("#search-q").press_sequentially("o", delay=20)
    page.wait_for_function(
        "() => document.querySelector('.search-box .search-panel').dataset.query === 'ho'"
    )
    assert "kết quả" in live.text_content()


def test_more_results_moves_the_focus_to_the_first_new_result(page, served_search_site):
    page.goto(served_search_site.url("/search/?q=phuong&type=locality"))
    page.wait_for_function(
        "() => document.querySelectorAll('.search-page-form .search-result').length === 10"
    )
    page.get_by_role("button", name="Xem thêm kết quả").click()
    page.wait_for_function(
        "() => document.querySelectorAll('.search-page-form .search-result').length === 20"
    )
    focused = page.evaluate(
        "[...document.querySelectorAll('.search-page-form .search-result "
        "a')].indexOf(document.activeElement)"
    )
    assert focused == 10
    assert "kết quả" in page.locator(".search-page-form .search-live").text_content()


def test_a_hostile_title_shows_as_text(page, served_search_site):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(served_search_site.url("/"))
    type_in_header(page, "tiêu đề độc hại")
    title = page.locator(f"{RESULTS} .result-title").first
    assert title.inner_text() == "<img src=x onerror=alert(1)>"
    assert page.locator(f"{RESULTS} img").count() == 0 and dialogs == []


def test_results_are_reached_with_the_keyboard(page, served_search_site):
    page.goto(served_search_site.url("/en/"))
    type_in_header(page, "border post")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.search-result') !== null")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.press("Escape")
    assert page.locator(".search-box .search-panel").is_hidden()


def test_the_search_page_filters_and_keeps_the_query_in_its_address(page, served_search_site):
    page.goto(served_search_site.url("/search/?q=mua+ban+nguoi&type=plan"))
    page.wait_for_function(
        "() => document.querySelectorAll('.search-page-form .search-result').length > 0"
    )
    kinds = page.locator(".search-page-form .result-meta").all_inner_texts()
    assert kinds and all(k.startswith("Kế hoạch") for k in kinds), kinds
    page.select_option("#search-type", "")
    page.wait_for_function("() => !location.search.includes('type=')")
    assert "q=mua+ban+nguoi" in page.url


def test_a_query_fetches_only_a_few_files(page, served_search_site):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/search/vi/" in r.url else None)
    page.goto(served_search_site.url("/"))
    type_in_header(page, "bán")
    assert 2 <= len(fetched) <= 12, fetched  # manifest, a shard or two, five records


def test_without_javascript_the_box_leads_to_the_search_page_and_its_lists(
    new_context, served_search_site
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(served_search_site.url("/en/plans/"))
    page.fill("#search-q", "trafficking")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/search/?q=trafficking")
    assert page.get_by_role("link", name="Hotlines").count() >= 1
    assert page.get_by_role("link", name="Laws and programmes").count() >= 1
    assert "needs JavaScript" in page.locator("main").inner_text()
    a_to_z = page.get_by_role("navigation", name="Every page from A to Z")
    assert a_to_z.locator(".a-z-letters a").count() >= 3  # each leads to where its titles start
    a_to_z.get_by_role("link", name="Every page of this site by title").click()
    assert (
        page.locator("main h2").count() >= 3
        and page.locator("main .browse-list li a").count() >= 20
    )
    page.locator("main .browse-list").get_by_role(
        "link", name="[Sample] The village mediation team"
    ).click()
    assert page.locator("h1").inner_text() == "[Sample] The village mediation team"


def test_search_works_behind_nginx_under_a_sub_path(page, served_nginx_site):
    """The published site's search, served by nginx with its headers (CSP included) and .br
    copies."""
    page.goto(served_nginx_site.url("/"))
    type_in_header(page, "ke hoach mau")
    first = page.locator(f"{RESULTS} .search-result").first
    assert "Kế hoạch mẫu" in first.locator(".result-title").inner_text()
    href = first.locator("a").first.get_attribute("href")
    assert href.startswith(served_nginx_site.url("/")), href
    page.goto(href)
    assert "Kế hoạch mẫu" in page.locator("h1").inner_text()
