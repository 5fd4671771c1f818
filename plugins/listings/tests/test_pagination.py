"""Long lists on numbered pages (`portal/site/render.py`, `write_pages`), read from the built HTML.

A generated fixture (40 items, seed 5) built with small page sizes, so that every kind of
paginated list has several pages: the lists of each content type, the year pages of the calendar
and the A–Z list. Each list's pages have stable addresses (`<list>/`, `<list>/page/2/`, …), link
each other (a `nav` landmark with its name and `aria-current`, `rel` prev/next), exist in both
languages, are in the sitemap and, together, list every item exactly once.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import parse
from portal.content.schema import SECTIONS
from portal.engine.build import build
from portal.site.render import page_count, page_path
from portal.site.routes import LANG_PREFIX

LANGS = LANG_PREFIX  # where each language's pages live
SIZES = {"list": 4, "hotline": 3, "calendar": 5, "a-z": 7}
SECTION_ITEMS = {"hotlines": "main section.hotline > h2 > a"}  # the hotline list shows cards
LIST_ITEMS = "main .item-list > li > h2 > a"


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    from bench.fixture import write_fixture

    folder = tmp_path_factory.mktemp("paged")
    write_fixture(folder, 40, seed=5)
    build(
        folder / "settings.py",
        folder / "output",
        {"LOCALITY_PROVINCES": ["01"], "PAGE_SIZES": SIZES},
    )
    return folder


def site_of(folder: Path) -> Path:
    return folder / "output"


def target(page: Path, href: str) -> Path:
    path = (page.parent / href.split("#")[0]).resolve()
    return path / "index.html" if href.split("#")[0].endswith("/") else path


def pages_of(site: Path, path: str) -> list[Path]:
    """The pages of the list at `path` (site-relative, e.g. "plans/"), followed by `rel=next` from
    the first."""
    pages = [site / path / "index.html"]
    while True:
        after = parse(pages[-1]).select_one('head link[rel="next"]')
        if after is None:
            return pages
        pages.append(target(pages[-1], after["href"]))
        assert len(pages) < 200, f"{path}: rel=next goes round in circles"


def check_pages_link_each_other(site: Path, path: str, expected: int) -> list[Path]:
    """The pages' addresses, nav, rel links and titles; returns the pages."""
    pages = pages_of(site, path)
    assert pages == [
        (site / page_path(path, n) / "index.html").resolve() for n in range(1, expected + 1)
    ], f"{path}: not at the stable addresses"
    titles = [parse(p).title.get_text() for p in pages]
    assert len(set(titles)) == len(titles), f"{path}: two pages share a title: {titles}"
    for number, page in enumerate(pages, start=1):
        soup = parse(page)
        assert soup.select("main h1") and len(soup.select("main h1")) == 1, page
        prev, after = (
            soup.select_one('head link[rel="prev"]'),
            soup.select_one('head link[rel="next"]'),
        )
        assert (target(page, prev["href"]) if prev else None) == (
            pages[number - 2] if number > 1 else None
        ), page
        assert (target(page, after["href"]) if after else None) == (
            pages[number] if number < len(pages) else None
        ), page
        navs = soup.select("main nav.pagination")
        if len(pages) == 1:
            assert navs == [], f"{page}: a list on one page needs no page links"
            continue
        [nav] = navs
        assert nav.get("aria-label"), f"{page}: the pages' nav needs a name"
        numbered = [a for a in nav.select("a") if not a.get("rel")]
        assert [target(page, a["href"]) for a in numbered] == pages, page
        assert [target(page, a["href"]) for a in nav.select("a[aria-current=page]")] == [page]
        assert [
            a.get_text(strip=True)[-len(str(n)) :] for n, a in enumerate(numbered, start=1)
        ] == [str(n) for n in range(1, len(pages) + 1)]
        rels = {a["rel"][0]: target(page, a["href"]) for a in nav.select("a[rel]")}
        assert rels == {
            k: v
            for k, v in (
                ("prev", pages[number - 2] if number > 1 else None),
                ("next", pages[number] if number < len(pages) else None),
            )
            if v
        }, page
    return pages


def content_slugs(folder: Path, section: str, lang: str) -> list[str]:
    return sorted(
        p.name.removesuffix(f".{lang}.md")
        for p in (folder / "content" / section).glob(f"*.{lang}.md")
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", SECTIONS.values())
def test_every_list_is_on_numbered_pages_listing_every_item_once(paged_site, section, lang):
    site, prefix = site_of(paged_site), LANGS[lang]
    kind = next(k for k, s in SECTIONS.items() if s == section)
    slugs = content_slugs(paged_site, section, lang)
    size = SIZES.get(kind, SIZES["list"])
    pages = check_pages_link_each_other(site, f"{prefix}{section}/", page_count(len(slugs), size))
    listed = [
        target(page, a["href"])
        for page in pages
        for a in parse(page).select(SECTION_ITEMS.get(section, LIST_ITEMS))
    ]
    assert sorted(listed) == sorted(
        (site / prefix / section / slug / "index.html").resolve() for slug in slugs
    )
    assert len(set(listed)) == len(listed), f"{section}: an item is on two pages"
    assert all(
        len(parse(page).select(SECTION_ITEMS.get(section, LIST_ITEMS))) <= size for page in pages
    )


def test_the_fixture_makes_lists_long_enough_to_paginate(paged_site):
    site = site_of(paged_site)
    assert (site / "plans/page/3/index.html").exists() and (
        site / "en/plans/page/3/index.html"
    ).exists()
    assert (site / "search/a-z/page/2/index.html").exists()
    assert list((site / "calendar").glob("*/page/2/index.html")), (
        "no year has a second page: make the calendar's page size smaller"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_and_its_other_language_link_each_other(paged_site, lang):
    site, other = site_of(paged_site), "en" if lang == "vi" else "vi"
    for page in pages_of(site, f"{LANGS[lang]}plans/"):
        soup = parse(page)
        alternates = {
            link["hreflang"]: target(page, link["href"])
            for link in soup.select('head link[rel="alternate"][hreflang]')
        }
        counterpart = (site / LANGS[other] / page.relative_to(site / LANGS[lang])).resolve()
        assert alternates == {lang: page, other: counterpart} and counterpart.exists()
        assert target(page, soup.select_one("nav.lang-switch a")["href"]) == counterpart


def test_the_sitemap_lists_every_page_of_every_list(paged_site):
    site = site_of(paged_site)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}
    paths = {loc.split("/", 3)[3] if loc.count("/") >= 3 else "" for loc in locs}
    numbered = {str(p.parent.relative_to(site)) + "/" for p in site.rglob("page/*/index.html")}
    assert numbered and numbered <= paths


@pytest.mark.parametrize("lang", LANGS)
def test_each_year_of_the_calendar_lists_its_dates_once_over_its_pages(paged_site, lang):
    site, prefix = site_of(paged_site), LANGS[lang]
    feed = Calendar.from_ical((site / prefix / "calendar.ics").read_bytes())
    dated = [e for e in feed.walk("VEVENT") if not e.get("rrule")]
    years = sorted({e.decoded("dtstart").year for e in dated})
    found = []
    for year in years:
        in_year = [e for e in dated if e.decoded("dtstart").year == year]
        pages = check_pages_link_each_other(
            site, f"{prefix}calendar/{year}/", page_count(len(in_year), SIZES["calendar"])
        )
        items = [
            (item.find("time")["datetime"], item.find("h3").get_text(strip=True))
            for page in pages
            for item in parse(page).select("main .item-list > li")
        ]
        assert len(items) == len(in_year) and all(day.startswith(str(year)) for day, _ in items)
        assert [day for day, _ in items] == sorted(day for day, _ in items), (
            f"{year}: the dates are not in order over the pages"
        )
        found += items
    for event in dated:
        day = event.decoded("dtstart").isoformat()
        assert len([i for i in found if i[0] == day and i[1] in str(event["summary"])]) >= 1, (
            day,
            str(event["summary"]),
        )


@pytest.mark.parametrize("lang", LANGS)
def test_the_a_to_z_pages_list_every_content_page_once_and_the_search_page_links_their_letters(
    paged_site, lang
):
    site, prefix = site_of(paged_site), LANGS[lang]
    expected = sorted(
        (site / prefix / section / slug / "index.html").resolve()
        for section in SECTIONS.values()
        for slug in content_slugs(paged_site, section, lang)
    )
    pages = check_pages_link_each_other(
        site, f"{prefix}search/a-z/", math.ceil(len(expected) / SIZES["a-z"])
    )
    listed = [
        target(page, a["href"])
        for page in pages
        for a in parse(page).select("main .browse-list > li > a")
    ]
    assert sorted(listed) == expected and len(set(listed)) == len(listed)
    search = site / prefix / "search/index.html"
    letters = parse(search).select("main nav.a-z .a-z-letters a")
    assert letters
    for a in letters:
        page, anchor = target(search, a["href"]), a["href"].split("#")[1]
        heading = parse(page).find(id=anchor)
        assert (
            page in pages
            and heading is not None
            and heading.get_text(strip=True) == a.get_text(strip=True)
        )
