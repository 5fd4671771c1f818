"""Atom feeds (per language, type and locality), autodiscovery links, sitemap.xml and robots.txt."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
from lxml import etree

from conftest import build_fixture, parse
from plugins.sitemap.sitemap import listed, urlset
from portal.site.urls import PLACEHOLDER

# a development build has no public address: machine-readable files use the placeholder
BASE = PLACEHOLDER + "/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
ATOM = "application/atom+xml"


def output_file(site: Path, url: str) -> Path:
    """The file in the output that a public address points at."""
    assert url.startswith(BASE), url
    path = url.removeprefix(BASE)
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def read_feed(site: Path, path: str):
    feed = feedparser.parse((site / path).read_bytes())
    assert feed.version == "atom10" and not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def language_links(entry) -> dict[str, str]:
    return {
        link.hreflang: link.href
        for link in entry.links
        if link.rel == "alternate" and link.get("hreflang")
    }


def test_every_feed_in_the_output_parses_as_atom(fixture_site):
    feeds = sorted(fixture_site.rglob("*.atom"))
    names = {str(p.relative_to(fixture_site)) for p in feeds}
    assert {
        "feed.atom",
        "en/feed.atom",
        "plans/feed.atom",
        "en/plans/feed.atom",
        "campaigns/feed.atom",
        "en/campaigns/feed.atom",
    } <= names
    assert "localities/ha-noi/feed.atom" in names and "en/localities/hai-phong/feed.atom" in names
    for path in feeds:
        read_feed(fixture_site, str(path.relative_to(fixture_site)))


def test_language_feeds_hold_every_dated_item_newest_first(fixture_site):
    vi, en = read_feed(fixture_site, "feed.atom"), read_feed(fixture_site, "en/feed.atom")
    assert [e.title for e in vi.entries] == ["Chiến dịch mẫu 2024", "Kế hoạch mẫu năm 2017"]
    assert [e.title for e in en.entries] == ["Sample campaign 2024", "Sample plan for 2017"]
    assert vi.feed.language == "vi" and en.feed.language == "en"
    assert en.entries[0].updated.startswith("2024-07-30") and en.entries[1].published.startswith(
        "2017-02-08"
    )


def test_type_feeds_hold_only_their_type(fixture_site):
    assert [e.title for e in read_feed(fixture_site, "en/plans/feed.atom").entries] == [
        "Sample plan for 2017"
    ]
    assert [e.title for e in read_feed(fixture_site, "campaigns/feed.atom").entries] == [
        "Chiến dịch mẫu 2024"
    ]
    assert (
        read_feed(fixture_site, "plans/feed.atom").feed.title
        == "Kế hoạch · Phòng, chống mua bán người"
    )
    # hotlines, agencies and guidance carry no date of their own: no feed rather than an empty one
    assert (
        not (fixture_site / "hotlines/feed.atom").exists()
        and not (fixture_site / "en/guidance/feed.atom").exists()
    )


def test_every_entry_links_its_translation_and_both_exist(fixture_site):
    checked = 0
    for path in fixture_site.rglob("*.atom"):
        feed = read_feed(fixture_site, str(path.relative_to(fixture_site)))
        lang = feed.feed.language
        for entry in feed.entries:
            assert output_file(fixture_site, entry.link).exists(), entry.link
            versions = language_links(entry)
            assert set(versions) == {"vi", "en"} and versions[lang] == entry.link, (
                path,
                entry.title,
            )
            # the reader opens the feed's language
            assert entry.link.startswith(BASE + "en/") == (lang == "en"), entry.link
            for href in versions.values():
                assert output_file(fixture_site, href).exists(), href
                checked += 1
    assert checked > 10


def test_locality_feeds_inherit_national_items(content_copy, tmp_path):
    for lang in ("vi", "en"):  # the fixture campaign is for Hải Phòng; make it national
        path = content_copy / "campaigns" / f"chien-dich-mau.{lang}.md"
        path.write_text(
            path.read_text(encoding="utf-8").replace('localities: ["31"]', "localities: [VN]"),
            encoding="utf-8",
        )
    site = build_fixture(tmp_path / "output", content_copy)
    ward = read_feed(site, "en/localities/ha-noi/cau-giay/feed.atom")
    assert [e.title for e in ward.entries] == ["Sample campaign 2024", "Sample plan for 2017"]
    assert language_links(ward.entries[0]) == {
        "vi": BASE + "campaigns/chien-dich-mau/",
        "en": BASE + "en/campaigns/chien-dich-mau/",
    }
    assert [e.title for e in read_feed(site, "localities/hai-phong/feed.atom").entries] == [
        "Chiến dịch mẫu 2024"
    ]


def feed_links(site: Path, page: str) -> dict[str, Path]:
    """Title → file of each autodiscovery link in a page's head."""
    out = {}
    for link in parse(site / page).head.find_all("link", rel="alternate", type=ATOM):
        href = link["href"]
        out[link["title"]] = (
            site / href.lstrip("/")
            if href.startswith("/")
            else (site / page).parent.joinpath(href).resolve()
        )
    return out


@pytest.mark.parametrize(
    "page, titles",
    [
        ("index.html", ["Phòng, chống mua bán người"]),
        ("en/hotlines/index.html", ["Preventing human trafficking"]),
        (
            "en/plans/index.html",
            ["Preventing human trafficking", "Plans · Preventing human trafficking"],
        ),
        (
            "plans/ke-hoach-mau/index.html",
            ["Phòng, chống mua bán người", "Kế hoạch · Phòng, chống mua bán người"],
        ),
        (
            "en/campaigns/chien-dich-mau/index.html",
            ["Preventing human trafficking", "Campaigns · Preventing human trafficking"],
        ),
        ("en/localities/ha-noi/index.html", ["Preventing human trafficking", "Hanoi"]),
    ],
)
def test_page_heads_announce_their_feeds(fixture_site, page, titles):
    links = feed_links(fixture_site, page)
    assert list(links) == titles
    for target in links.values():
        assert feedparser.parse(target.read_bytes()).version == "atom10", target


def test_every_autodiscovery_link_points_at_a_feed_in_the_output(fixture_site):
    pages = sorted(fixture_site.rglob("*.html"))
    for page in pages:
        links = feed_links(fixture_site, str(page.relative_to(fixture_site)))
        assert links, page
        assert all(target.exists() for target in links.values()), page


def sitemap(site: Path):
    return etree.parse(str(site / "sitemap.xml")).getroot()


def test_the_sitemap_lists_every_page_in_both_languages_with_alternates(fixture_site):
    root = sitemap(fixture_site)
    urls = root.findall("s:url", NS)
    locs = [u.findtext("s:loc", namespaces=NS) for u in urls]
    assert locs == sorted(set(locs))
    assert BASE in locs and BASE + "en/" in locs and BASE + "en/localities/ha-noi/cau-giay/" in locs
    assert root.findall(".//s:lastmod", NS) == []
    for url, loc in zip(urls, locs, strict=True):
        assert output_file(fixture_site, loc).exists(), loc
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert all(link.get("rel") == "alternate" for link in url.findall("x:link", NS))
        assert set(alternates) == {"vi", "en"}, loc
        assert loc in alternates.values() and set(alternates.values()) <= set(locs), loc


def test_the_sitemap_holds_every_html_page_but_errors_and_non_canonical_ones(fixture_site):
    listed_files = {
        output_file(fixture_site, loc.text)
        for loc in sitemap(fixture_site).findall("s:url/s:loc", NS)
    }
    expected = set()
    for page in fixture_site.rglob("*.html"):
        if page.name != "404.html" and not re.search(
            r'<link rel="?canonical', page.read_text(encoding="utf-8")
        ):
            expected.add(page)
    assert listed_files == expected
    # former province, canonical to Hải Phòng
    assert fixture_site / "localities/hai-duong/index.html" not in listed_files


def test_robots_txt_points_at_the_sitemap(fixture_site):
    robots = (fixture_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()
    assert output_file(fixture_site, BASE + "sitemap.xml").exists()


def test_drafts_and_hidden_pages_stay_out_of_the_sitemap():
    assert not listed("plans/x/index.html", {"page": SimpleNamespace(status="draft")})
    assert not listed("plans/x/index.html", {"page": SimpleNamespace(status="hidden")})
    assert listed("plans/x/index.html", {"page": SimpleNamespace(status="published")})


def test_a_sitemap_past_the_protocol_limit_stops_the_build():
    pages = {"": {"vi": ""}, "en/": {"en": "en/"}}
    with pytest.raises(RuntimeError, match="sitemap index"):
        urlset(pages, {"PUBLIC_URL": "https://example.org"}, limit=1)


def test_feeds_that_list_a_page_share_its_item_and_write_what_a_feed_of_its_own_writes():
    """Thousands of locality feeds list the same plans: each holds the one item the build made
    for a page (345,000 copies, about 200 MB, at ten times the national fixture)."""
    import datetime
    from types import SimpleNamespace

    from portal.site.atom import Entries, add_page, feed_bytes, new_feed

    settings = {"SITEURL": "https://example.org", "SITENAME": "Site", "LANGUAGES": ["vi", "en"]}
    data = SimpleNamespace(
        type="plan", title="Kế hoạch", summary="Tóm tắt", issued=datetime.date(2024, 5, 1)
    )
    page = SimpleNamespace(data=data, url="plans/k/", lang="vi", translations=[])

    def feed(entries: Entries):
        made = new_feed(settings, "Hà Nội", "vi", "localities/ha-noi/", "f.atom", None, entries)
        add_page(made, settings, page)
        return made

    shared = Entries("Site")
    first, second = feed(shared), feed(shared)
    assert first.items[0] is second.items[0]
    alone = feed(Entries("Site"))
    assert feed_bytes(second) == feed_bytes(alone) == feed_bytes(first)
    assert b"<title>K\xe1\xba\xbf ho\xe1\xba\xa1ch</title>" in feed_bytes(second)
