"""Publishing: the site works under a sub-path, with precompressed copies and content-hashed assets.

The fixture site is published for `http://127.0.0.1:PORT/phong-chong-mua-ban-nguoi` and served
there by a small loopback server that knows nothing outside that sub-path; a crawler follows every
link, form action and asset from the home page and from every page.

>>> links_of(
...     '<a href="x/#top">x</a><link rel="stylesheet" href="a.css">'
...     '<img src="i.png" srcset="i2.png 2x, i3.png 3x">'
... )
['x/#top', 'a.css', 'i.png', 'i2.png', 'i3.png']
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import brotli
import pytest
from browser.harness import serve

import portal.commands.publish as publishing
from conftest import FIXTURE, ROOT, build_fixture
from portal.commands.publish import MIN_BYTES, TEXT_SUFFIXES, compressible, publish
from portal.content.problems import ContentError
from portal.engine.build import BuildError
from portal.settings import SETTINGS, inherit

SUB = "/phong-chong-mua-ban-nguoi"
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<suffix>\.[^.]+)?$")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.found.append(value)
            elif name == "srcset" and value:
                self.found += [part.split()[0] for part in value.split(",") if part.strip()]


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.found


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body); an error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def crawl(
    origin: str, start: list[str], depth: int | None = None
) -> tuple[dict[str, int], list[str]]:
    """Follow same-host href/src from `start` (`depth` steps, or all): ({address: status}, ["page →
    address (status)"])."""
    host = urlsplit(origin).netloc
    seen: dict[str, int] = {}
    broken, referrer = [], {}
    queue = deque((url, 0) for url in start)
    while queue:
        url, steps = queue.popleft()
        if url in seen:
            continue
        status, kind, body = fetch(url)
        seen[url] = status
        if status != 200 and url not in start:
            broken.append(f"{referrer.get(url)} → {url} ({status})")
        if "html" not in kind or (depth is not None and steps >= depth):
            continue
        for ref in links_of(body.decode("utf-8")):
            target = urlsplit(urljoin(url, ref))
            if target.scheme in ("http", "https") and target.netloc == host:
                address = urlunsplit(target._replace(fragment=""))
                referrer.setdefault(address, url)
                queue.append((address, steps + 1))
    return seen, broken


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The fixture site published for, and served under,
    http://127.0.0.1:PORT/phong-chong-mua-ban-nguoi."""
    root = tmp_path_factory.mktemp("publish") / "public"
    with serve(root, prefix=SUB) as site:  # the server first: the build needs its address
        publish(FIXTURE / "settings.py", root, siteurl=site.origin + SUB)
        yield site


def address_of(root: Path, page: Path) -> str:
    rel = page.relative_to(root).as_posix()
    return SUB + "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_every_page_link_and_asset_works_under_a_sub_path(published):
    """From the home page, and from every page in case one is linked from nowhere."""
    pages = sorted(p for p in published.root.rglob("*.html") if p.name != "404.html")
    start = [published.url("/")] + [published.origin + address_of(published.root, p) for p in pages]
    seen, broken = crawl(published.origin, start)
    assert broken == []
    assert [a for a in start if seen[a] != 200] == []
    kinds = {Path(urlsplit(a).path).suffix for a in seen}
    assert {".css", ".js", ".atom"} <= kinds, (
        f"the crawl missed stylesheets, scripts or feeds: {sorted(kinds)}"
    )
    assert all(urlsplit(a).path.startswith(SUB + "/") for a in seen)


def test_links_are_absolute_and_carry_the_sub_path(published):
    home = (published.root / "en" / "plans" / "index.html").read_text(encoding="utf-8")
    refs = [
        r
        for r in links_of(home)
        if not r.startswith(("#", "tel:", "mailto:", "https://www.google.com/"))
    ]
    assert refs and all(r.startswith(published.origin + SUB + "/") for r in refs), refs


@pytest.mark.parametrize(
    "address", ["/no-such-page", "/a/b/c/d/", "/en/no-such-page", "/en/plans/x/y/z"]
)
def test_the_404_page_works_at_any_depth_when_published(published, address):
    status, _, body = fetch(published.url(address))
    assert status == 404
    lang = "en" if address.startswith("/en/") else "vi"
    assert f'<html lang="{lang}">' in body.decode("utf-8")
    seen, broken = crawl(published.origin, [published.url(address)], depth=1)
    assert broken == [] and len(seen) > 5


def test_the_404_page_works_at_any_depth_in_development(fixture_site):
    """Development builds link relatively, but 404.html is served at any depth: it links from the
    server's root."""
    with serve(fixture_site) as site:
        for address in ("/x", "/a/b/c/d/e", "/en/a/b/c"):
            status, _, body = fetch(site.url(address))
            assert status == 404
            assets = [r for r in links_of(body.decode("utf-8")) if "/theme/" in r]
            assert len(assets) >= 2 and all(r.startswith("/theme/") for r in assets), assets
            _, broken = crawl(site.origin, [site.url(address)], depth=1)
            assert broken == []


def test_every_text_file_has_gzip_and_brotli_copies_that_decompress_to_it(published):
    root = published.root
    files = compressible(root)
    assert {p.suffix for p in files} >= {".html", ".css", ".js", ".json", ".atom"}
    for path in files:
        data = path.read_bytes()
        packed = path.with_name(path.name + ".gz").read_bytes()
        assert gzip.decompress(packed) == data, path
        assert packed[3] == 0 and packed[4:8] == b"\0\0\0\0", (
            f"{path}.gz carries a file name or a time"
        )
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
    copies = [p for p in root.rglob("*") if p.suffix in (".gz", ".br")]
    assert len(copies) == 2 * len(files)
    # and nothing else was compressed: no binary, no tiny file, no copy of a copy
    for copy in copies:
        original = copy.with_suffix("")
        assert original.suffix in TEXT_SUFFIXES and original.stat().st_size >= MIN_BYTES, copy


def test_small_files_are_left_uncompressed(tmp_path):
    (tmp_path / "small.json").write_text("[]")
    (tmp_path / "large.json").write_text("[" + ",".join(["1"] * 500) + "]")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG" + bytes(1000))
    assert publishing.precompress(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "large.json",
        "large.json.br",
        "large.json.gz",
        "picture.png",
        "small.json",
    ]
    # Brotli's best quality unless BROTLI_QUALITY says otherwise
    data = (tmp_path / "large.json").read_bytes()
    assert (tmp_path / "large.json.br").read_bytes() == brotli.compress(data, quality=11)


def test_brotli_quality_is_the_setting_and_a_wrong_one_stops_the_publish(published, tmp_path):
    page = published.root / "index.html"
    data = page.read_bytes()
    quality = inherit(FIXTURE / "settings.py")["BROTLI_QUALITY"]
    assert quality != 11 and SETTINGS["BROTLI_QUALITY"].default == 11
    assert page.with_name("index.html.br").read_bytes() == brotli.compress(data, quality=quality)
    with pytest.raises(BuildError, match="setting BROTLI_QUALITY: expected a whole number"):
        publish(
            FIXTURE / "settings.py",
            tmp_path / "b",
            siteurl="http://127.0.0.1:8000/sub",
            overrides={"BROTLI_QUALITY": 12},
        )
    assert not (tmp_path / "b").exists()


def hashed_files(folder: Path) -> dict[str, str]:
    """{unhashed name: hashed name} of every file under `folder`, checking each name carries its
    content's hash."""
    names = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        match = HASHED.match(path.name)
        assert match, f"{path} has no content hash in its name"
        assert match["hash"] == hashlib.sha256(path.read_bytes()).hexdigest()[:10], (
            f"{path}: the hash is not its content's"
        )
        rel = path.relative_to(folder).with_name(match["stem"] + (match["suffix"] or ""))
        names[str(rel)] = str(path.relative_to(folder))
    return names


def test_theme_files_are_named_by_their_content(fixture_site):
    names = hashed_files(fixture_site / "theme")
    assert {"css/site.css", "js/site.js", "js/localities.js"} <= set(names)
    html = (fixture_site / "index.html").read_text(encoding="utf-8")
    assert f'href="./theme/{names["css/site.css"]}"' in html
    assert f'src="./theme/{names["js/site.js"]}"' in html


def test_hashed_names_change_when_the_content_does_and_only_then(fixture_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "portal", theme)
    with (theme / "static" / "css" / "site.css").open("a", encoding="utf-8") as css:
        # a rule: comments are not shipped (plugins/assets)
        css.write("\n.changed { color: #000; }\n")
    changed = build_fixture(tmp_path / "output", THEME=str(theme))
    before, after = hashed_files(fixture_site / "theme"), hashed_files(changed / "theme")
    assert before.keys() == after.keys()
    assert before["css/site.css"] != after["css/site.css"]
    assert {k: v for k, v in before.items() if k != "css/site.css"} == {
        k: v for k, v in after.items() if k != "css/site.css"
    }
    assert f'href="./theme/{after["css/site.css"]}"' in (changed / "index.html").read_text(
        encoding="utf-8"
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def previous(published, tmp_path) -> Path:
    """A copy of the published site to fail publishing onto."""
    target = tmp_path / "public"
    shutil.copytree(published.root, target)
    return target


def test_publish_keeps_the_previous_site_when_the_content_is_wrong(previous, content_copy):
    before = snapshot(previous)
    plan = content_copy / "plans" / "ke-hoach-mau.en.md"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("issued: 2017-02-08", "issued: 8/2/2017", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="ke-hoach-mau.en.md"):
        publish(
            FIXTURE / "settings.py",
            previous,
            siteurl="http://127.0.0.1:8000/sub",
            overrides={"PATH": str(content_copy)},
        )
    assert snapshot(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == [
        ".public.cache",
        "content",
        "public",
    ], "a staging folder was left behind"
    assert [p.name for p in (previous.parent / ".public.cache").iterdir()] == ["build.lock"], (
        "publishing keeps no cache"
    )


def test_publish_keeps_the_previous_site_when_compression_fails(previous, monkeypatch):
    before = snapshot(previous)

    def broken(data, quality):
        raise OSError("disk full")

    monkeypatch.setattr(publishing, "brotli_bytes", broken)
    with pytest.raises(BuildError, match="disk full"):
        publish(FIXTURE / "settings.py", previous, siteurl="http://127.0.0.1:8000/sub")
    assert snapshot(previous) == before


@pytest.mark.parametrize("siteurl", ["example.org", "/phong-chong-mua-ban-nguoi", "https://"])
def test_publish_wants_the_full_address(tmp_path, siteurl):
    with pytest.raises(BuildError, match="SITEURL must be the site's full address"):
        publish(FIXTURE / "settings.py", tmp_path / "public", siteurl=siteurl)
    assert not (tmp_path / "public").exists()


def test_the_publish_task_reports_a_wrong_address(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "publish",
            "--siteurl",
            "example.org",
            "--output",
            str(tmp_path / "public"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "SITEURL must be the site's full address" in run.stderr


@pytest.mark.parametrize(
    "siteurl", ["", "https://example.org/phong-chong-mua-ban-nguoi", "https://www.example.com"]
)
def test_publish_refuses_without_a_real_address_and_says_what_needs_it(tmp_path, siteurl):
    with pytest.raises(BuildError) as failure:
        publish(FIXTURE / "settings.py", tmp_path / "public", siteurl=siteurl or None)
    for needs in ("QR codes", "calendar subscription", "feeds", "sitemap", "--siteurl"):
        assert needs in str(failure.value)
    assert not (tmp_path / "public").exists()


def test_the_publish_task_without_an_address_exits_with_the_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    run = subprocess.run(
        [sys.executable, "-m", "invoke", "publish", "--output", str(tmp_path / "public")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert run.returncode == 1
    assert "Publishing needs the site's public address" in run.stderr and "QR codes" in run.stderr
    assert not (tmp_path / "public").exists()


def test_the_deployment_guide_sets_the_pages_policy_and_is_linked():
    base = (ROOT / "themes" / "portal" / "templates" / "base.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', base)[1]
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert guide.count(f"{policy}; frame-ancestors 'none'") >= 3, (
        "each host's example must send the page's policy plus frame-ancestors"
    )
    for header in (
        "Cache-Control",
        "Content-Encoding",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert header in guide
    assert "docs/deploy.md" in (ROOT / "README.md").read_text(encoding="utf-8")
