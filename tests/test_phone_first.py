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
    """The file `href` leads to; an address from the root ("/search/", in 404 pages) is under
    `site`."""
    if href.startswith("/") and site is not None:
        return (site / href.lstrip("/")).resolve()
    return (page.parent / href).resolve()


def test_every_page_links_one_self_hosted_hashed_svg_favicon(fixture_site):
    for page in pages(fixture_site):
        icons = parse(page).select('link[rel="icon"]')
        assert len(icons) == 1, page
        assert icons[0]["type"] == "image/svg+xml" and HASHED_ICON.search(icons[0]["href"]), icons[
            0
        ]
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


@pytest.mark.parametrize(
    ("lang", "one", "other"),
    [("en", "{n} result", "{n} results"), ("vi", "{n} kết quả", "{n} kết quả")],
)
def test_the_search_count_uses_the_catalog_plural_forms(fixture_site, lang, one, other):
    page = fixture_site / ("en/search/index.html" if lang == "en" else "search/index.html")
    for form in parse(page).select("form[data-search]"):
        assert (form["data-count-one"], form["data-count-other"]) == (one, other)
    script = (Path(__file__).parents[1] / "plugins/search/static/js/search/search-ui.js").read_text(
        encoding="utf-8"
    )
    assert "countOne" in script and "countOther" in script


@pytest.mark.parametrize(
    ("lang", "one", "other", "became"),
    [
        ("en", "{n} place found", "{n} places found", "former unit, now part of {name}"),
        ("vi", "Tìm thấy {n} địa danh", "Tìm thấy {n} địa danh", "đơn vị cũ, nay thuộc {name}"),
    ],
)
def test_the_locality_filter_says_what_it_counts_and_what_a_former_unit_became(
    fixture_site, lang, one, other, became
):
    box = parse(
        fixture_site / ("en/" if lang == "en" else "") / "localities/index.html"
    ).select_one("#locality-filter")
    assert (box["data-count-one"], box["data-count-other"], box["data-became"]) == (
        one,
        other,
        became,
    )


def test_hotline_rows_on_a_place_page_name_the_number_once(fixture_site):
    for lang in ("", "en/"):
        # "Call now" (components/help.html)
        rows = parse(fixture_site / lang / "localities/ha-noi/index.html").select(
            "main .help-cards > li"
        )
        calls = [row for row in rows if row.select_one("a.tel")]
        assert calls
        for row in calls:
            text = " ".join(row.get_text(" ").split())
            number = row.select_one("a.tel")["href"].removeprefix("tel:")
            assert f"{number} {number}" not in text.replace("+", ""), text


def test_no_place_page_claims_the_site_has_nothing(shipped_site):
    """An empty section of a place says none applies there yet (components/help.html), never that
    the site has nothing."""
    pages = sorted((shipped_site / "en" / "localities").glob("*/index.html")) + sorted(
        (shipped_site / "localities").glob("*/index.html")
    )
    for page in pages:
        assert "Nothing on this site yet" not in parse(page).find("main").get_text(" "), page


def english_place_names() -> dict[str, str]:
    """Accented Vietnamese names of provinces (current and former) → the registry's English
    names."""
    from portal.content.localities import load_registry

    registry = load_registry(Path(__file__).parents[1] / "content" / "data" / "localities")
    return {
        u.name_vi: u.name_en
        for u in registry.values()
        if u.kind in ("city", "province", "former-province") and u.name_vi != u.name_en
    }


def test_english_pages_name_places_as_the_registry_does_in_english(shipped_site):
    """The rule: English text names a place by the registry's `name_en` (Hanoi, Hai Phong), never
    the Vietnamese form, except where it quotes a source (titles of sources) or is marked
    lang="vi"."""
    names = english_place_names()
    assert names["Hà Nội"] == "Hanoi" and names["Hải Phòng"] == "Hai Phong"
    pattern = re.compile("|".join(map(re.escape, names)))
    wrong = {}
    for page in sorted((shipped_site / "en").rglob("index.html")):
        rel = page.relative_to(shipped_site / "en")
        if rel.parts[0] == "localities" and len(rel.parts) > 3:
            # thousands of commune pages, made by one template that the province pages show
            continue
        main = parse(page).find("main")

        def quoted(t):
            return (
                t.find_parent("code")
                or t.find_parent(attrs={"lang": "vi"})
                or t.find_parent(class_="sources")
            )

        text = " ".join(t for t in main.find_all(string=True) if not quoted(t))
        hits = sorted(set(pattern.findall(text)))
        if hits:
            wrong[str(rel)] = hits
    assert wrong == {}, "English pages should use the registry's English names"


def test_vietnamese_pages_write_dates_in_vietnamese_style(fixture_site):
    english_style = re.compile(r"\d{1,2} tháng \d{1,2}, \d{4}")
    prose, compact = (
        re.compile(r"ngày \d{1,2} tháng \d{1,2} năm \d{4}"),
        re.compile(r"\b\d{2}/\d{2}/\d{4}\b"),
    )
    seen = {"prose": 0, "compact": 0}
    for page in pages(fixture_site):
        if parse(page).html["lang"] != "vi":
            continue
        for time in parse(page).select("time"):
            text = time.get_text(" ", strip=True)
            assert not english_style.search(text), f"{page}: {text}"
            seen["prose"] += bool(prose.search(text))
            seen["compact"] += bool(compact.search(text))
    assert seen["prose"] and seen["compact"], seen


def test_editors_notes_are_folded_apart_from_the_facts(fixture_site):
    for lang, summary in (("", "Ghi chú của người biên tập"), ("en/", "Editor's note")):
        soup = parse(fixture_site / lang / "plans/ke-hoach-mau/index.html")
        notes = soup.select("details.editor-note")
        assert notes and all(n.summary.get_text() == summary for n in notes)
        assert not soup.select("dl.facts .editor-note, dl.facts .note"), (
            "no editor's note inside a fact"
        )
        duty = soup.select_one(".duty .editor-note")
        assert duty is not None and duty.p.get_text() in {
            "Tiêu đề mục bị mất trong bản gốc.",
            "The item's heading is lost in the source.",
        }


def test_the_shipped_plan_keeps_its_issuer_note_out_of_the_issuer_field(shipped_site):
    soup = parse(shipped_site / "en/plans/tong-ket-chuong-trinh-2021-2025-ha-noi/index.html")
    issued_by = next(
        dt for dt in soup.select("dl.facts dt") if dt.get_text() == "Issued by"
    ).find_next_sibling("dd")
    assert issued_by.get_text(strip=True) == "not named in the source"
    assert "inferred" in soup.select_one("dl.facts + details.editor-note").get_text()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_a_long_plan_starts_with_a_contents_list_of_its_sections(shipped_site, lang):
    soup = parse(shipped_site / lang / "plans/ke-hoach-24-kh-ubnd-2017/index.html")
    toc = soup.select_one("main nav.toc")
    assert toc is not None
    assert toc.find_previous("h1") is not None and not toc.find_previous("h2"), (
        "the contents list comes before every section"
    )
    targets = [a["href"].removeprefix("#") for a in toc.select("a")]
    sections = [h["id"] for h in soup.select("main h2[id]") if h["id"] != "toc-h"]
    assert targets == sections, "one entry per section, in page order"
    assert {"objectives", "targets", "duties", "sources-h"} <= set(targets)


def reviewed_dates(content: Path) -> dict[str, str | None]:
    """{"plans/slug/" (vi) or "en/plans/slug/": "YYYY-MM-DD"} from each file's `reviewed:` line."""
    out = {}
    for path in content.glob("*/*.md"):
        if path.parent.name == "data":
            continue
        found = re.search(
            r"^reviewed: (\d{4}-\d{2}-\d{2})$", path.read_text(encoding="utf-8"), re.M
        )
        slug, lang = path.name.removesuffix(".md").rsplit(".", 1)
        out[("en/" if lang == "en" else "") + f"{path.parent.name}/{slug}/"] = (
            found[1] if found else None
        )
    return out


def test_every_content_page_shows_when_it_was_last_reviewed_from_its_own_field(shipped_site):
    dates = reviewed_dates(Path(__file__).parents[1] / "content")
    assert dates and all(dates.values()), [k for k, v in dates.items() if not v]
    for url, day in sorted(dates.items()):
        shown = parse(shipped_site / url / "index.html").select_one("main .reviewed time")
        assert shown is not None and shown["datetime"] == day, url


def test_the_reviewed_date_is_validated_like_the_other_dates(content_copy, tmp_path):
    from conftest import build_fixture
    from portal.content.problems import ContentError

    page = content_copy / "guidance" / "huong-dan-mau.en.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("reviewed: 2026-11-23", "reviewed: 23/11/2026", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as failure:
        build_fixture(tmp_path / "output", content=content_copy)
    report = failure.value.report()
    assert "huong-dan-mau.en.md" in report and "'reviewed'" in report and "YYYY-MM-DD" in report, (
        report
    )
