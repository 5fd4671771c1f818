"""Defects a new user saw on the built site (issue "Phone first"), checked in the parsed HTML.

Layout checks (breadcrumbs, definition lists, the locality filter) run in a browser:
tests/browser/test_visible_defects.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import parse

HASHED_ICON = re.compile(r"theme/img/favicon\.[0-9a-f]{10}\.svg$")


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "theme")


def resolve(page: Path, href: str, site: Path | None = None) -> Path:
    """The file `href` leads to; an address from the root ("/search/", in 404 pages) is under `site`."""
    if href.startswith("/") and site is not None:
        return (site / href.lstrip("/")).resolve()
    return (page.parent / href).resolve()


def test_every_page_links_one_self_hosted_hashed_svg_favicon(fixture_site):
    for page in pages(fixture_site):
        icons = parse(page).select('link[rel="icon"]')
        assert len(icons) == 1, page
        assert icons[0]["type"] == "image/svg+xml" and HASHED_ICON.search(icons[0]["href"]), icons[0]
        target = resolve(page, icons[0]["href"], fixture_site)
        assert target.is_file() and target.read_text(encoding="utf-8").startswith("<svg"), page


def test_every_search_form_submits_to_the_search_page_of_its_language(fixture_site):
    for page in pages(fixture_site):
        lang = parse(page).html["lang"]
        for form in parse(page).select("form[role=search]"):
            action = form.get("action")
            assert action, f"{page}: a form needs an action (an empty one is invalid HTML)"
            expected = fixture_site / ("en/search" if lang == "en" else "search")
            assert resolve(page, action, fixture_site) == expected.resolve(), (page, action)


@pytest.mark.parametrize(("lang", "one", "other"), [("en", "{n} result", "{n} results"), ("vi", "{n} kết quả", "{n} kết quả")])
def test_the_search_count_uses_the_catalog_plural_forms(fixture_site, lang, one, other):
    page = fixture_site / ("en/search/index.html" if lang == "en" else "search/index.html")
    for form in parse(page).select("form[data-search]"):
        assert (form["data-count-one"], form["data-count-other"]) == (one, other)
    script = (Path(__file__).parents[1] / "themes/portal/static/js/search/search-ui.js").read_text(encoding="utf-8")
    assert "countOne" in script and "countOther" in script


@pytest.mark.parametrize(
    ("lang", "one", "other", "became"),
    [("en", "{n} place found", "{n} places found", "former unit, now part of {name}"), ("vi", "Tìm thấy {n} địa danh", "Tìm thấy {n} địa danh", "đơn vị cũ, nay thuộc {name}")],
)
def test_the_locality_filter_says_what_it_counts_and_what_a_former_unit_became(fixture_site, lang, one, other, became):
    box = parse(fixture_site / ("en/" if lang == "en" else "") / "localities/index.html").select_one("#locality-filter")
    assert (box["data-count-one"], box["data-count-other"], box["data-became"]) == (one, other, became)


def test_hotline_rows_on_a_place_page_name_the_number_once(fixture_site):
    for lang in ("", "en/"):
        rows = parse(fixture_site / lang / "localities/ha-noi/index.html").select("main .item-list li")
        calls = [row for row in rows if row.select_one("a.tel")]
        assert calls
        for row in calls:
            text = " ".join(row.get_text(" ").split())
            number = row.select_one("a.tel")["href"].removeprefix("tel:")
            assert f"{number} {number}" not in text.replace("+", ""), text


def test_a_place_without_campaigns_says_so_and_links_every_campaign(shipped_site):
    page = shipped_site / "en/localities/ha-noi/index.html"
    text = parse(page).find("main").get_text(" ")
    assert "Nothing on this site yet" not in text
    heading = next(h for h in parse(page).select("main h2") if h.get_text() == "Campaigns")
    empty = heading.find_next_sibling()
    if empty.name == "p":  # Hà Nội has no campaign today: the sentence must not say the site has none
        assert "None for this place yet." in empty.get_text()
        assert resolve(page, empty.a["href"]) == (shipped_site / "en/campaigns").resolve()
