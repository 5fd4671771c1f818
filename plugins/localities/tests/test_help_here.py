"""Help where you are: every locality page names where to go, what to call and what applies there,
without a phone number or address that is not in the hotline content; and the law pages."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import yaml

from conftest import ROOT, SHARED_FACTS, build_fixture, parse
from portal.commands.check import read_tree
from portal.content.localities import load_registry
from portal.site.routes import LANG_PREFIX

REGISTRY = load_registry(ROOT / "content" / "data" / "localities")
KIND_WORDS = {
    "ward": "phường",
    "commune": "xã",
    "special-zone": "đặc khu",
    "city": "thành phố",
    "province": "tỉnh",
}
FORMER_LABELS = {
    "urban-district": ("Quận cũ", "Former urban district"),
    "rural-district": ("Huyện cũ", "Former rural district"),
    "town": ("Thị xã cũ", "Former town"),
    "provincial-city": ("Thành phố cũ", "Former city under a province"),
    "province": ("Tỉnh cũ", "Former province"),
}
# One unit of every kind in the fixture's two provinces (Hà Nội, Hải Phòng) and their former units.
SAMPLES = {
    "city": "01",
    "ward": "00166",  # Phường Cầu Giấy
    "commune": "09877",  # Xã An Khánh
    "special-zone": "11948",  # Đặc khu Bạch Long Vĩ
    "urban-district": "005",  # Quận Cầu Giấy
    "rural-district": "271",  # Huyện Ba Vì
    "town": "269",  # Thị xã Sơn Tây
    "provincial-city": "290",  # Thành phố Chí Linh
    "former-province": "P30",  # Hải Dương
}
LANGS = LANG_PREFIX  # where each language's pages live


def content_models(kind: str) -> list:
    return [d.model for d in read_tree(ROOT / "content") if d.model and d.model.type == kind]


def the_reporting_law():
    (law,) = [
        m
        for m in content_models("law")
        if m.lang == "vi" and m.status == "in-force" and "commune-peoples-committee" in m.report_to
    ]
    return law


def page_of(site: Path, code: str, lang: str) -> Path:
    unit = REGISTRY[code]
    parts = [unit.slug]
    if unit.kind == "former-district":
        parts = [_province_slug(unit), "districts", unit.slug]
    elif unit.parent not in (None, "VN"):
        parts = [REGISTRY[unit.parent].slug, unit.slug]
    return site / LANGS[lang] / "localities" / Path(*parts) / "index.html"


def _province_slug(district) -> str:
    # Former districts live under their former province's current successor page (e.g.
    # ha-noi/districts/…), or under the former province's own page when it was merged.
    old = REGISTRY[district.parent]
    new = REGISTRY[old.merged_into[0]]
    return new.slug if new.slug == old.slug else old.slug


def resolves(page: Path, href: str, site: Path) -> Path | None:
    target, _fragment = urldefrag(href)
    path = (page.parent / target).resolve() if target else page.resolve()
    path = path / "index.html" if path.is_dir() else path
    return path if path.exists() else None


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", ["city", "ward", "commune", "special-zone"])
def test_a_current_unit_names_its_committee_and_police_and_links_the_law(fixture_site, kind, lang):
    unit = REGISTRY[SAMPLES[kind]]
    page = page_of(fixture_site, unit.code, lang)
    soup = parse(page)
    help_block = soup.select_one("#help")
    text = help_block.get_text(" ", strip=True)
    place = (
        unit.name_vi
        if kind in ("city", "province")
        else unit.name_vi.split(" ", 2 if kind == "special-zone" else 1)[-1]
    )
    for office in ("Ủy ban nhân dân", "Công an"):
        assert f"{office} {KIND_WORDS[kind]} {place}" in text, (office, text)
    if lang == "en":
        assert "People's Committee" in text and "Police" in text
    law = the_reporting_law()
    hrefs = [a["href"] for a in help_block.select("a[href]")]
    assert law.sources[0].url in hrefs
    law_page = [h for h in hrefs if "/laws/" in h]
    assert law_page and resolves(page, law_page[0], fixture_site), law_page
    for office in help_block.select(".help-office"):
        assert not re.search(r"\d{3,}", office.get_text(" ")), (
            "no phone number or address for an office"
        )


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_unit_has_the_call_button_on_top_and_no_link_to_itself(fixture_site, kind, lang):
    page = page_of(fixture_site, SAMPLES[kind], lang)
    soup = parse(page)
    button = soup.select_one("main .help-call a.tel")
    assert button["href"] == "tel:111" and "111" in button.get_text()
    article = soup.select_one("main article")
    assert article.find("h1").find_next("a")["href"] == "tel:111", (
        "the call button comes right after the name"
    )
    for a in soup.select("main a[href]"):
        if a["href"].startswith(("tel:", "http", "#")):
            continue
        target = resolves(page, a["href"], fixture_site)
        assert target != page.resolve() or urldefrag(a["href"])[1], (
            f"{a.get_text(strip=True)!r} links to the page itself"
        )


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "kind", ["urban-district", "rural-district", "town", "provincial-city", "former-province"]
)
def test_a_former_unit_has_its_real_kind_and_leads_to_its_successors_help(fixture_site, kind, lang):
    unit = REGISTRY[SAMPLES[kind]]
    page = page_of(fixture_site, unit.code, lang)
    soup = parse(page)
    expected = FORMER_LABELS[unit.former_type][0 if lang == "vi" else 1]
    assert soup.select_one("article .kind").get_text(strip=True) == expected
    links = soup.select("#help a[href]")
    assert links and len(links) == len([c for c in unit.merged_into if c in REGISTRY])
    for a in links:
        assert a["href"].endswith("#help")
        target = resolves(page, a["href"], fixture_site)
        assert target and parse(target).select_one("#help .help-offices"), a["href"]


def test_province_pages_label_their_former_units_with_their_real_kind(fixture_site):
    soup = parse(fixture_site / "localities/ha-noi/index.html")
    labels = {
        a.get_text(strip=True): a.find_next_sibling("span").get_text(strip=True)
        for a in soup.select(".unit-list li a")
        if a.find_next_sibling("span")
    }
    assert labels["Quận Cầu Giấy"] == "(Quận cũ)"
    assert labels["Huyện Ba Vì"] == "(Huyện cũ)"
    assert labels["Thị xã Sơn Tây"] == "(Thị xã cũ)"


def test_the_province_page_offers_the_filter_for_its_own_communes(fixture_site):
    soup = parse(fixture_site / "localities/ha-noi/index.html")
    box = soup.select_one("#locality-filter")
    assert box["data-province"] == "Hà Nội"
    assert "Hình thành từ" not in soup.main.get_text(), (
        "Hà Nội was formed from Hà Nội: no self link"
    )


def test_current_and_former_agencies_are_apart(fixture_site):
    soup = parse(fixture_site / "en/localities/ha-noi/cau-giay/index.html")
    block = soup.select_one(".help-agencies")
    former = [a.get_text(strip=True) for a in block.select("ul.former > li > a")]
    current = [a.get_text(strip=True) for a in block.select("ul:not(.former) > li > a")]
    assert former == ["Sample district People's Committees"]
    assert "Sample district People's Committees" not in current and "Sample City Police" in current
    assert "1 July 2025" in block.get_text()


def test_the_citizens_abroad_line_is_not_called_verified_today(fixture_site, shipped_site):
    soup = parse(shipped_site / "en/localities/ha-noi/cau-giay/index.html")
    cards = soup.select(".help-hotlines li")
    abroad = [c for c in cards if "tel:+84981848484" in [a["href"] for a in c.select("a")]]
    assert abroad and "2022" in abroad[0].get_text() and "Not free" not in abroad[0].get_text()
    assert "not free" in abroad[0].get_text()
    assert "verified" not in abroad[0].get_text().lower()


# On the shipped site --------------------------------------------------------------------

PHONE = re.compile(r"(?<![\w/.,:-])\+?\d[\d .\-]{5,}\d(?![\w/])")
TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def hotline_numbers() -> set[str]:
    return {re.sub(r"\D", "", h.number) for h in content_models("hotline")}


def looks_like_a_phone(run: str) -> bool:
    digits = re.sub(r"\D", "", run)
    if not 8 <= len(digits) <= 12:
        return False
    if re.fullmatch(r"(19|20)\d\d([ .\-]+(19|20)\d\d)*", run.strip()):  # years side by side
        return False
    return not re.fullmatch(r"(19|20)\d\d-\d\d-\d\d", run.strip())  # an ISO date is no phone


def test_no_phone_number_on_any_page_that_is_not_in_the_hotline_content(shipped_site):
    allowed = hotline_numbers()
    pages = list(shipped_site.rglob("*.html"))
    assert len(pages) > 8000
    found = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for tel in re.findall(r'href="tel:([^"]+)"', html):
            if re.sub(r"\D", "", tel) not in allowed:
                found.append((path, tel))
        for run in PHONE.findall(TAG.sub(" ", html)):
            if looks_like_a_phone(run) and re.sub(r"\D", "", run) not in allowed:
                found.append((path, run))
    assert not found, sorted({run for _path, run in found})[:40]


def test_the_scan_would_find_a_local_number():
    assert looks_like_a_phone("024 3942 1234") and looks_like_a_phone("0981 84 84 84")
    assert PHONE.findall(" gọi 024.3942.1234 ") and not looks_like_a_phone("2021 2025")


def test_the_national_programme_is_on_every_locality_page(shipped_site):
    (programme,) = [
        m
        for m in content_models("law")
        if m.lang == "vi" and m.programme and m.status == "in-force"
    ]
    assert (programme.number, programme.programme.start, programme.programme.end) == (
        "33/QĐ-TTg",
        2026,
        2030,
    )
    link = f"laws/{programme.slug}/"
    pages = [
        p
        for p in (shipped_site / "localities").rglob("index.html")
        if p.parent != shipped_site / "localities"
    ]
    pages += [
        p
        for p in (shipped_site / "en/localities").rglob("index.html")
        if p.parent != shipped_site / "en/localities"
    ]
    assert len(pages) > 2 * 3321
    missing = [p for p in pages if link not in p.read_text(encoding="utf-8")]
    assert not missing, missing[:5]


def test_plan_24_links_its_seven_training_districts(shipped_site):
    page = shipped_site / "en/plans/ke-hoach-24-kh-ubnd-2017/index.html"
    soup = parse(page)
    (training,) = [li for li in soup.select("ul.places li") if "7 districts" in li.get_text()]
    links = training.select("a[href]")
    assert len(links) == 7
    for a in links:
        target = resolves(page, a["href"], shipped_site)
        assert target and "/localities/ha-noi/districts/" in str(target), a["href"]
        assert parse(target).h1.get_text(strip=True) == a.get_text(strip=True)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_applies_to_is_a_link_on_every_plan_and_campaign(shipped_site, lang):
    for kind in ("plan", "campaign"):
        for model in content_models(kind):
            if model.lang != lang or not model.localities:
                continue
            page = shipped_site / LANGS[lang] / f"{kind}s" / model.slug / "index.html"
            soup = parse(page)
            (dd,) = [
                dt.find_next_sibling("dd")
                for dt in soup.select("dl.facts dt")
                if dt.get_text(strip=True) in ("Applies to", "Áp dụng tại")
            ]
            links = dd.select("a[href]")
            assert len(links) == len(model.localities), model.slug
            assert all(resolves(page, a["href"], shipped_site) for a in links)


def test_plans_link_the_laws_they_carry_out_or_review(shipped_site):
    soup = parse(shipped_site / "en/plans/tong-ket-chuong-trinh-2021-2025-ha-noi/index.html")
    (dd,) = [
        dt.find_next_sibling("dd")
        for dt in soup.select("dl.facts dt")
        if dt.get_text(strip=True) == "Reviews"
    ]
    hrefs = [a["href"] for a in dd.select("a")]
    assert any("laws/quyet-dinh-193-qd-ttg-2021/" in h for h in hrefs) and any(
        h.endswith("laws/") for h in hrefs
    )


def test_the_laws_list_is_linked_from_the_navigation_and_the_home_page(shipped_site):
    for prefix in ("", "en/"):
        soup = parse(shipped_site / prefix / "index.html")
        assert any(a["href"].endswith("laws/") for a in soup.select(".site-nav a"))
        assert any(a["href"].endswith("laws/") for a in soup.select("main a"))
        listing = parse(shipped_site / prefix / "laws/index.html")
        assert len(listing.select("main .item-list > li")) == 8


# Against the facts sheet ----------------------------------------------------------------

needs_facts = pytest.mark.skipif(
    not (SHARED_FACTS / "laws.yaml").exists(), reason="../shared/facts is not next to this checkout"
)


@needs_facts
def test_every_law_of_the_facts_sheet_has_a_page_in_both_languages_with_the_same_facts(
    shipped_site,
):
    sheet = yaml.safe_load((SHARED_FACTS / "laws.yaml").read_text(encoding="utf-8"))
    laws = {(m.number, m.lang): m for m in content_models("law")}
    for entry in sheet:
        for lang in ("vi", "en"):
            model = laws[(entry["number"], lang)]
            assert (model.adopted, model.effective) == (entry["adopted"], entry["effective"]), (
                entry["id"]
            )
            assert (shipped_site / LANGS[lang] / "laws" / model.slug / "index.html").exists()
            if entry["source_url"]:
                assert model.sources[0].url == entry["source_url"], entry["id"]
            unconfirmed = re.search(
                r"\bNOT\b|not read|not shown|not checked|was not", entry.get("notes", "")
            )
            if unconfirmed or entry["effective"] is None:
                assert model.caveats, (
                    f"{entry['id']}: its unconfirmed points must be said on the page"
                )


# Lists made once per language and depth (`remember` in the templates) ---------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "code", ["01", "00166", "09877"]
)  # a city and two of its communes: two depths
def test_lists_made_once_follow_each_pages_language_and_depth(fixture_site, code, lang):
    page = page_of(fixture_site, code, lang)
    soup = parse(page)
    button = soup.select_one("main .help-call a.tel")
    assert button.get_text(" ", strip=True).startswith("Call" if lang == "en" else "Gọi")
    blocks = soup.select(
        "main .help-hotlines, main .help-read, main .help-commitments, "
        "main .help-agencies, main #help"
    )
    assert len(blocks) == 5
    for block in blocks:
        for a in block.select("a[href]"):
            if a["href"].startswith(("tel:", "http")):
                continue
            target = resolves(page, a["href"], fixture_site)
            assert target, (block["class"], a["href"])
            assert (target.relative_to(fixture_site.resolve()).parts[0] == "en") == (
                lang == "en"
            ), a["href"]


def test_a_unit_with_a_plan_of_its_own_lists_it_and_its_neighbours_do_not(content_copy, tmp_path):
    for lang in ("vi", "en"):
        text = (content_copy / "plans" / f"ke-hoach-mau.{lang}.md").read_text(encoding="utf-8")
        text = text.replace("slug: ke-hoach-mau", "slug: ke-hoach-cau-giay").replace(
            'localities: ["01"]', 'localities: ["00166"]'
        )
        text = text.replace("24/KH-UBND", "25/KH-UBND").replace(
            "title: Sample plan for 2017", "title: Sample plan for Cau Giay"
        )
        text = text.replace("title: Kế hoạch mẫu năm 2017", "title: Kế hoạch mẫu cho Cầu Giấy")
        (content_copy / "plans" / f"ke-hoach-cau-giay.{lang}.md").write_text(text, encoding="utf-8")
    site = build_fixture(tmp_path / "output", content_copy)

    def listed(code: str, lang: str) -> list[str]:
        return [
            a.get_text(strip=True)
            for a in parse(page_of(site, code, lang)).select(".help-commitments li > a")
        ]

    for lang, title in (("vi", "Kế hoạch mẫu cho Cầu Giấy"), ("en", "Sample plan for Cau Giay")):
        own, neighbour = listed("00166", lang), listed("09877", lang)
        assert title in own and title not in neighbour
        assert [t for t in own if t != title] == neighbour, (
            "both list what applies to all of Hà Nội"
        )
