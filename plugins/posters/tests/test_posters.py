"""Posters and flyers in the built fixture site: linked from their page, carrying its title, its key
points, the national hotlines and an inline QR code that obeys the Content-Security-Policy.

(That each sheet prints to one page and its QR code decodes is checked in a browser:
tests/browser/test_posters.py.)
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import parse
from plugins.posters.posters import poster_points

PAGES = [
    "campaigns/chien-dich-mau/",
    "guidance/huong-dan-mau/",
    "en/campaigns/chien-dich-mau/",
    "en/guidance/huong-dan-mau/",
]
KINDS = ("poster", "flyer")


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    """The fixture site published (without compression) for a real-looking address, and that
    address."""
    from conftest import FIXTURE
    from portal.engine.build import build

    base = "https://phong-chong.test/sub"
    root = build(
        FIXTURE / "settings.py",
        tmp_path_factory.mktemp("published") / "public",
        {"SITEURL": base, "RELATIVE_URLS": False},
        incremental=False,
    )
    return root, base


def target(site: Path, page: Path, href: str) -> Path:
    return (page.parent / href).resolve().relative_to(site.resolve())


@pytest.mark.parametrize("url", PAGES)
def test_each_campaign_and_guidance_page_links_its_poster_and_flyer(fixture_site, url):
    page = fixture_site / url / "index.html"
    links = parse(page).select(".print-links a")
    assert [str(target(fixture_site, page, a["href"])) for a in links] == [
        url + "poster",
        url + "flyer",
    ]
    for link in links:
        assert (fixture_site / target(fixture_site, page, link["href"]) / "index.html").is_file()
    if url.startswith("en/"):
        assert [a.get_text() for a in links] == ["Print a poster (A4)", "Print a flyer (A5)"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("url", PAGES)
def test_a_sheet_has_the_title_key_points_hotlines_and_qr_code_of_its_page(fixture_site, url, kind):
    source = parse(fixture_site / url / "index.html")
    sheet_file = fixture_site / url / kind / "index.html"
    sheet = parse(sheet_file).select_one(".sheet")
    assert sheet.h1.get_text() == source.h1.get_text()
    points = source.select(".key-messages li, .key-points li")
    assert points, "the fixture page should have key messages or key points"
    keep = 3 if kind == "poster" else 2  # a poster carries three points, a flyer two in larger type
    assert [li.get_text() for li in sheet.select(".sheet-points li")] == [
        li.get_text() for li in points
    ][:keep]
    assert (
        "this page" not in sheet.get_text().lower() and "trang này" not in sheet.get_text().lower()
    ), "paper has no 'this page'"
    national = [a["href"] for a in source.select(".hotline-strip a.tel")]
    assert national, "the fixture should have a national hotline"
    assert [a["href"] for a in sheet.select(".sheet-hotlines a.sheet-number")] == national
    assert not sheet.select("figure.sheet-qr svg"), (
        "a development build has no public address: no QR code"
    )
    expected = (
        "preview — address not set" if url.startswith("en/") else "bản xem trước — chưa có địa chỉ"
    )
    assert sheet.select_one(".qr-missing").get_text() == expected


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("url", PAGES)
def test_a_published_sheet_has_the_qr_code_and_address_of_its_page(published_site, url, kind):
    site, base = published_site
    sheet = parse(site / url / kind / "index.html").select_one(".sheet")
    svg = sheet.select_one("figure.sheet-qr svg.qr-code")
    address = base + "/" + url
    assert svg["role"] == "img" and svg.title.get_text() == address
    assert sheet.select_one(".sheet-address").get_text() == address
    assert sheet.select_one(".sheet-address .url-scheme").get_text() == "https://", (
        "the scheme never wraps"
    )
    assert not [el.name for el in svg.find_all(True) if el.has_attr("style")], (
        "the CSP forbids style attributes"
    )
    assert svg.select("path") and not svg.select("image, use, foreignObject")


def test_no_page_of_a_development_build_prints_a_placeholder_address(fixture_site):
    for page in fixture_site.rglob("index.html"):
        if page.parent.name in KINDS or page.parent.name == "calendar":
            text = page.read_text(encoding="utf-8")
            assert "example.org" not in text and "example.com" not in text, page


@pytest.mark.parametrize("kind", KINDS)
def test_a_sheet_keeps_the_strict_policy_the_quick_exit_and_its_language_pair(fixture_site, kind):
    sheet = parse(fixture_site / "en/guidance/huong-dan-mau" / kind / "index.html")
    source = parse(fixture_site / "en/guidance/huong-dan-mau/index.html")
    policy = 'meta[http-equiv="Content-Security-Policy"]'
    assert sheet.select_one(policy)["content"] == source.select_one(policy)["content"]
    assert sheet.select_one("a#quick-exit")
    tools = " ".join(part.get_text() for part in sheet.select(".print-tools"))
    assert (
        "Print command" in tools
        and f"one sheet of {'A4' if kind == 'poster' else 'A5'} paper" in tools
    )
    assert sheet.select_one(".print-back a")["href"].endswith("/en/guidance/huong-dan-mau/"), (
        "the way back to the page"
    )
    assert sheet.html["lang"] == "en"
    pair = {
        link["hreflang"]: link["href"] for link in sheet.select('link[rel="alternate"][hreflang]')
    }
    assert pair["vi"].endswith(f"/guidance/huong-dan-mau/{kind}/") and pair["en"].endswith(
        f"/en/guidance/huong-dan-mau/{kind}/"
    )
    stylesheets = [link["href"] for link in sheet.select('link[rel="stylesheet"]')]
    assert any("/css/poster." in href for href in stylesheets), stylesheets


def test_a_guidance_page_without_key_points_lists_its_section_headings():
    page = SimpleNamespace(
        data=SimpleNamespace(type="page", key_points=[]),
        content='<p>x</p><h2 id="a">Signs &amp; <em>tricks</em></h2><h3>No</h3><h2>What to do</h2>',
    )
    assert poster_points(page) == ["Signs & tricks", "What to do"]


def test_a_campaign_lists_its_key_messages():
    page = SimpleNamespace(
        data=SimpleNamespace(type="campaign", key_messages=["Call 111."]),
        content="<h2>Ignored</h2>",
    )
    assert poster_points(page) == ["Call 111."]


def test_only_campaigns_and_guidance_for_citizens_have_printables(shipped_site):
    about = shipped_site / "guidance/gioi-thieu"
    assert (about / "index.html").is_file()
    assert not (about / "poster").exists() and not (about / "flyer").exists(), (
        "'About this site' needs no poster"
    )
    assert not parse(about / "index.html").select(".print-links")
    for section in ("plans", "hotlines", "agencies"):
        assert not list((shipped_site / section).glob("*/poster")), section
    for page in (
        "campaigns/ke-hoach-77-kh-bcd799-2024-hai-phong",
        "guidance/nhan-biet-thu-doan",
        "en/guidance/nhan-biet-thu-doan",
    ):
        links = parse(shipped_site / page / "index.html").select(".print-links a")
        assert [a["href"].rstrip("/").rsplit("/", 1)[1] for a in links] == ["poster", "flyer"], page
