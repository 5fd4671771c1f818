"""The fixture site, built and parsed: languages, plan fields, duties, hotlines."""

from __future__ import annotations

from pathlib import Path

from conftest import parse

PLAN_VI = "plans/ke-hoach-mau/index.html"
PLAN_EN = "en/plans/ke-hoach-mau/index.html"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(page: Path, href: str) -> Path:
    """The file `href` leads to; 404 pages link from the site's root ("/en/"), served at any
    depth."""
    if href.startswith("/"):
        root = next(p for p in page.parents if (p / "index.html").is_file() and (p / "en").is_dir())
        href = str(root) + href
    target = (page.parent / href).resolve()
    return target / "index.html" if href.endswith("/") else target


def test_vietnamese_at_the_root_english_under_en(fixture_site):
    assert parse(fixture_site / "index.html").html["lang"] == "vi"
    assert parse(fixture_site / "en" / "index.html").html["lang"] == "en"


def test_every_page_declares_its_language(fixture_site):
    for page in html_pages(fixture_site):
        expected = "en" if page.relative_to(fixture_site).parts[0] == "en" else "vi"
        assert parse(page).html["lang"] == expected, page


def test_hreflang_alternates_lead_to_existing_counterparts(fixture_site):
    for page in html_pages(fixture_site):
        links = parse(page).select('link[rel="alternate"][hreflang]')
        assert {link["hreflang"] for link in links} == {"vi", "en"}, page
        for link in links:
            target = resolve(page, link["href"])
            assert target.exists(), (page, link["href"])
            assert parse(target).html["lang"] == link["hreflang"]


def test_language_switch_lands_on_the_translated_counterpart(fixture_site):
    page = fixture_site / PLAN_VI
    switch = parse(page).select_one(".lang-switch a")
    assert switch["hreflang"] == "en"
    assert resolve(page, switch["href"]) == (fixture_site / PLAN_EN).resolve()
    back = parse(fixture_site / PLAN_EN).select_one(".lang-switch a")
    assert resolve(fixture_site / PLAN_EN, back["href"]) == (fixture_site / PLAN_VI).resolve()


def facts(page: Path) -> dict[str, str]:
    dl = parse(page).select_one("dl.facts")
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in dl.find_all("dt")
    }


def test_plan_fields_are_rendered_and_dates_follow_the_locale(fixture_site):
    vi, en = facts(fixture_site / PLAN_VI), facts(fixture_site / PLAN_EN)
    assert vi["Số hiệu"] == "24/KH-UBND" and en["Number"] == "24/KH-UBND"
    # Vietnamese prose style, through Babel (portal/site/i18n.py)
    assert vi["Ngày ban hành"] == "ngày 8 tháng 2 năm 2017"
    assert en["Date issued"] == "8 February 2017"
    assert en["Signed by"] == "Lê Hồng Sơn"
    assert en["Issued by"] == "Sample People's Committee"
    assert en["Applies to"] == "Hanoi" and vi["Áp dụng tại"] == "Hà Nội"


def test_targets_table_shows_each_value_with_its_comparison(fixture_site):
    rows = parse(fixture_site / PLAN_EN).select("table.targets tbody tr")
    cells = [(r.th.get_text(strip=True), r.select_one("td.num").get_text(strip=True)) for r in rows]
    assert cells == [
        ("City and district newspapers updated with materials", "75%"),
        ("Cases prosecuted and tried", "over 95%"),
        ("Prosecutions", "at least 2% (compared with 2016)"),
    ]
    bars = [r.select_one("svg.bar rect.fill") for r in rows]
    # a change is not drawn as a share
    assert [b["width"] if b else None for b in bars] == [
        "75",
        "95",
        None,
    ]


def test_duties_are_grouped_by_agency_and_link_to_agency_pages(fixture_site):
    page = fixture_site / PLAN_EN
    groups = parse(page).select(".duty")
    assert len(groups) == 2
    first = groups[0]
    assert first.h3.a.get_text(strip=True) == "Sample City Police"
    assert "inferred" in first.h3.get_text()
    assert [li.get_text(strip=True) for li in first.select("li")] == [
        "Advise the steering committee.",
        "Investigate and break up rings.",
    ]
    joint = [a.get_text(strip=True) for a in groups[1].select("h3 a")]
    assert joint == ["Sample People's Committee", "Sample City Police"]
    for link in parse(page).select(".duty h3 a"):
        target = resolve(page, link["href"])
        assert parse(target).h1.get_text(strip=True) == link.get_text(strip=True)


def test_deadlines_and_places_are_shown(fixture_site):
    page = parse(fixture_site / PLAN_VI)
    row = page.select_one("table.deadlines tbody tr")
    assert row.time["datetime"] == "2025-06-17"
    assert row.time.get_text(strip=True) == "trước 17/06/2025"  # compact in a table
    assert "Quận Cầu Giấy" in page.select_one("ul.places").get_text()


def test_every_page_has_the_national_hotlines_as_tap_to_call_links(fixture_site):
    for page in html_pages(fixture_site):
        links = parse(page).select(".hotline-strip a.tel")
        assert [a["href"] for a in links] == ["tel:111"], page


def test_sources_are_linked_or_said_to_have_no_address(fixture_site):
    page = parse(fixture_site / "en/guidance/huong-dan-mau/index.html")
    link = page.select_one(".sources a")
    assert link["href"] == "https://example.org/nguon" and "noreferrer" in link["rel"]
    plan = parse(fixture_site / PLAN_EN).select_one(".sources li").get_text()
    assert "no public address known" in plan


def test_list_pages_and_404_exist_in_both_languages(fixture_site):
    for prefix in ("", "en/"):
        for name in (
            "index.html",
            "404.html",
            "plans/index.html",
            "campaigns/index.html",
            "hotlines/index.html",
            "agencies/index.html",
            "guidance/index.html",
        ):
            assert (fixture_site / prefix / name).exists(), prefix + name
    titles = [
        a.get_text(strip=True)
        for a in parse(fixture_site / "en/plans/index.html").select(".item-list a")
    ]
    assert titles == ["Sample plan for 2017"]


def test_an_agency_page_lists_the_duties_plans_give_it_newest_first(fixture_site):
    page = fixture_site / "en/agencies/cong-an-mau/index.html"
    sections = parse(page).select("main .duty")
    assert [s.h3.get_text(strip=True) for s in sections] == [
        "Sample campaign 2024",
        "Sample plan for 2017",
    ]
    plan = sections[1]
    assert [li.get_text(strip=True) for li in plan.select("li")] == [
        "Advise the steering committee.",
        "Investigate and break up rings.",
        "Work together on awareness.",
    ]
    assert "8 Feb 2017" in plan.select_one(".meta").get_text()  # compact in a list
    assert resolve(page, plan.h3.a["href"]) == (fixture_site / PLAN_EN).resolve()
