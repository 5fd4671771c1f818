"""Locality pages, feeds, the name filter's data, and the registry's own checks."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest

from conftest import ROOT, parse
from plugins.localities.localities import Applying, chain_of
from plugins.localities.names import bare, shard_key
from plugins.localities.paths import locality_paths, selected_units, shares_page
from portal.content.localities import check_registry, load_registry

REGISTRY = ROOT / "content" / "data" / "localities"


def main_text(page: Path) -> str:
    return parse(page).main.get_text(" ", strip=True)


def test_a_commune_page_shows_its_province_plan_and_the_national_hotlines(fixture_site):
    page = fixture_site / "en/localities/ha-noi/cau-giay/index.html"
    soup = parse(page)
    assert soup.h1.get_text(strip=True) == "Cau Giay Ward"
    plan_links = [
        a
        for a in soup.select("main .item-list a")
        if a.get_text(strip=True) == "Sample plan for 2017"
    ]
    assert (
        plan_links
        and (page.parent / plan_links[0]["href"]).resolve()
        == (fixture_site / "en/plans/ke-hoach-mau").resolve()
    )
    assert "tel:111" in [a["href"] for a in soup.select("main a.tel")]
    assert [li.get_text(strip=True) for li in soup.select(".breadcrumbs li")] == [
        "Viet Nam",
        "Hanoi",
        "Cau Giay Ward",
    ]


def test_content_of_another_province_does_not_leak_in(fixture_site):
    assert "Sample campaign 2024" not in main_text(fixture_site / "en/localities/ha-noi/index.html")
    assert "Sample campaign 2024" in main_text(fixture_site / "en/localities/hai-phong/index.html")


def test_a_province_page_lists_its_communes_and_former_units(fixture_site):
    soup = parse(fixture_site / "localities/ha-noi/index.html")
    names = [a.get_text(strip=True) for a in soup.select(".unit-list a")]
    assert "Phường Cầu Giấy" in names and "Quận Cầu Giấy" in names
    assert len(names) == 126 + 30  # 126 communes and wards, 30 former districts


def test_a_merged_province_leads_to_its_successor(fixture_site):
    page = fixture_site / "en/localities/hai-duong/index.html"
    soup = parse(page)
    canonical = soup.find("link", rel="canonical")["href"]
    assert (page.parent / canonical).resolve() == (
        fixture_site / "en/localities/hai-phong"
    ).resolve()
    link = soup.select_one(".notice a")
    assert link.get_text(strip=True) == "Hai Phong"


def test_a_former_district_lists_what_replaced_it_and_says_the_mapping_is_derived(fixture_site):
    page = fixture_site / "localities/ha-noi/districts/cau-giay/index.html"
    soup = parse(page)
    successors = [a.get_text(strip=True) for a in soup.select(".notice a")]
    assert "Phường Cầu Giấy" in successors and "Phường Nghĩa Đô" in successors
    assert (
        "trích xuất tự động" in soup.select_one(".notice").get_text()
        or "automated extraction" in soup.select_one(".notice").get_text()
    )


def test_locality_feeds_parse_as_atom_and_list_the_right_entries(fixture_site):
    hanoi = feedparser.parse(
        (fixture_site / "en/localities/ha-noi/cau-giay/feed.atom").read_bytes()
    )
    assert hanoi.version == "atom10" and not hanoi.bozo
    assert [e.title for e in hanoi.entries] == ["Sample plan for 2017"]
    assert hanoi.entries[0].link.endswith("/en/plans/ke-hoach-mau/")
    haiphong = feedparser.parse((fixture_site / "localities/hai-phong/feed.atom").read_bytes())
    assert [e.title for e in haiphong.entries] == ["Chiến dịch mẫu 2024"]


def test_one_page_per_unit_per_language_in_a_restricted_build(fixture_site):
    registry = load_registry(REGISTRY)
    units = selected_units(registry, ["01", "31"])
    paths = locality_paths(registry, units)
    expected = {paths[u.code] for u in units if not shares_page(u, paths)}
    for prefix in ("", "en/"):
        written = {
            str(p.parent.relative_to(fixture_site / prefix)) + "/"
            for p in (fixture_site / prefix / "localities").rglob("index.html")
        }
        assert written == expected
    assert (fixture_site / "localities/hai-phong/index.html").exists() and not (
        fixture_site / "localities/da-nang"
    ).exists()


def test_the_shipped_site_has_every_commune_in_both_languages(shipped_site):
    registry = load_registry(REGISTRY)
    with (REGISTRY / "communes_2025.csv").open(encoding="utf-8") as fh:
        communes = list(csv.DictReader(fh))
    assert len(communes) == 3321
    for row in communes:
        province = registry[row["province_code"]].slug
        for prefix in ("", "en/"):
            assert (
                shipped_site / prefix / "localities" / province / row["slug"] / "index.html"
            ).exists(), row["code"]


@pytest.mark.parametrize(
    ("typed", "expected_path"),
    [
        ("Hà Giang", "localities/ha-giang/"),
        ("ha giang", "localities/ha-giang/"),
        ("quận Cầu Giấy", "localities/ha-noi/districts/cau-giay/"),
        ("Thừa Thiên Huế", "localities/hue/"),
        ("phuong cau giay", "localities/ha-noi/cau-giay/"),
    ],
)
def test_name_shards_find_current_and_former_names(shipped_site, typed, expected_path):
    query = bare(typed)
    rows = json.loads(
        (shipped_site / "localities/names" / f"{shard_key(typed)}.json").read_text(encoding="utf-8")
    )
    assert expected_path in [r[3] for r in rows if r[0].startswith(query)]


def test_the_first_keystroke_does_not_download_every_name(shipped_site):
    folder = shipped_site / "localities/names"
    sizes = {p.stem: p.stat().st_size for p in folder.glob("*.json") if p.stem != "index"}
    assert len(sizes) >= 15
    assert max(sizes.values()) < sum(sizes.values()) / 4


def broken_registry(tmp_path, name: str, row_filter) -> Path:
    folder = tmp_path / "localities"
    shutil.copytree(REGISTRY, folder)
    path = folder / name
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text(
        "\n".join(row_filter(i, line) for i, line in enumerate(lines)), encoding="utf-8"
    )
    return folder


def test_registry_unknown_parent_names_file_and_line(tmp_path):
    folder = broken_registry(
        tmp_path,
        "communes_2025.csv",
        lambda i, line: line.replace(",01,ha-noi,", ",77,ha-noi,") if i == 1 else line,
    )
    problems = check_registry(load_registry(folder), "reg")
    assert [str(p) for p in problems] == [
        "reg/communes_2025.csv:2: field 'province_code': unit 00070 names an unknown "
        "parent 77 — use the code of an existing province"
    ]


def test_registry_missing_english_name(tmp_path):
    folder = broken_registry(
        tmp_path,
        "communes_2025.csv",
        lambda i, line: line.replace("Cua Nam Ward", "") if i == 2 else line,
    )
    problems = check_registry(load_registry(folder), "reg")
    assert [(p.path, p.line, p.field) for p in problems] == [
        ("reg/communes_2025.csv", 3, "name_en")
    ]


def test_registry_duplicate_code(tmp_path):
    folder = broken_registry(
        tmp_path,
        "communes_2025.csv",
        lambda i, line: line.replace("00082,", "00070,") if i == 2 else line,
    )
    problems = check_registry(load_registry(folder), "reg")
    assert any(
        p.field == "code" and p.line == 3 and "00070 is used twice" in p.message for p in problems
    )


def test_registry_cycle(tmp_path):
    # A former district whose "province" is itself a former district of that province: P01 -> 001 ->
    # P01.
    folder = broken_registry(tmp_path, "provinces_pre2025.csv", lambda i, line: line)
    registry = load_registry(folder)
    looped = registry["P01"].__class__(**{**registry["P01"].__dict__, "parent": "001"})
    registry["P01"] = looped
    problems = check_registry(registry, "reg")
    assert any(
        p.field == "parent"
        and "its own ancestor" in p.message
        and p.path == "reg/provinces_pre2025.csv"
        and p.line == 2
        for p in problems
    )


def test_the_locality_filters_type_words_are_pythons():
    """localities-match.js keeps its own copy of the words a place name may start with, since the
    browser cannot import Python: the two lists must stay equal (and fold as Python folds)."""
    from plugins.localities.names import TYPE_WORDS

    matcher = ROOT / "themes/portal/components/locality-filter/static/js/localities-match.js"
    script = (
        "globalThis.window = globalThis;\n"
        f"await import({matcher.as_uri()!r});\n"
        "console.log(JSON.stringify(window.localitiesMatch.TYPE_WORDS));\n"
    )
    run = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    )
    assert tuple(json.loads(run.stdout)) == TYPE_WORDS


def test_units_with_equal_list_keys_list_the_same_items():
    """A locality page's lists are made once per key (`Applying.fragment_key`): the key must
    follow from what applies, for every unit of the registry."""
    registry = load_registry(REGISTRY)
    units = [unit for code, unit in registry.items() if code != "VN"]
    named = [units[0], units[0], units[7], units[40], units[-1], registry["VN"]]

    def page(i):
        return SimpleNamespace(source_path=f"p{i}", data=SimpleNamespace(type="plan"))

    direct: dict[str, list] = {}
    for i, unit in enumerate(named):
        direct.setdefault(unit.code, []).append(page(i))
        for ancestor in registry.ancestors(unit.code)[:1]:  # one page names two levels
            direct.setdefault(ancestor.code, []).append(direct[unit.code][-1])
    lists: dict[tuple, list] = {}
    for unit in units:
        items = Applying(chain_of(registry, unit), direct)
        made = [
            (kind, [(p.source_path, level.code) for p, level in pages])
            for kind, pages in items.items()
        ]
        assert lists.setdefault(items.fragment_key, made) == made, unit.code
    assert len(lists) > 3  # the keys tell apart units with different lists
