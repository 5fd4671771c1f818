"""The published site served by Debian's nginx with the configuration of `docs/deploy.md`.

Every file answers with its type (text in UTF-8), the `.br` and `.gz` copies are sent to the
browsers that accept them, hashed assets are cached for a year and everything else revalidates,
every answer carries the security headers, and a missing address at any depth gets the styled
404 page of its language. Runs at the domain root and under a sub-path (`conftest.py`). A site
published with the officers' editor (EDITOR_PUBLISH) sends the editor's own policy for its folder
only, and the site's policy, unchanged, everywhere else.
"""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from test_publish import crawl

from conftest import FIXTURE, parse

from .nginx import doc_blocks, published_behind_nginx

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".xml": "text/xml; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".png": "image/png",
    ".webmanifest": "application/manifest+json; charset=utf-8",
}
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    ),
}


class Answer:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body


def get(url: str, encoding: str = "") -> Answer:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


def files(site, suffixes=None) -> list[Path]:
    found = [
        p for p in sorted(site.root.rglob("*")) if p.is_file() and p.suffix not in (".gz", ".br")
    ]
    return [p for p in found if suffixes is None or p.suffix in suffixes]


def address(site, path: Path) -> str:
    rel = path.relative_to(site.root).as_posix()
    return site.url("/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel))


def meta_policy(site) -> str:
    return parse(site.root / "index.html").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"}
    )["content"]


def test_every_file_is_served_with_its_type(nginx_site):
    wrong = []
    for path in files(nginx_site):
        answer = get(address(nginx_site, path))
        expected = TYPES.get(path.suffix, "?")
        if (
            answer.status != 200
            or answer.headers["Content-Type"] != expected
            or answer.body != path.read_bytes()
        ):
            wrong.append(
                f"{path.relative_to(nginx_site.root)}: {answer.status} "
                f"{answer.headers['Content-Type']} (expected {expected})"
            )
    assert wrong == []
    kinds = {p.suffix for p in files(nginx_site)}
    assert {".html", ".css", ".js", ".json", ".atom", ".xml", ".ics", ".csv", ".txt"} <= kinds


@pytest.mark.parametrize(
    ("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)]
)
def test_compressed_copies_are_sent_to_browsers_that_accept_them(nginx_site, encoding, decode):
    checked = 0
    for suffix in sorted({p.suffix for p in files(nginx_site)}):
        with_copy = [p for p in files(nginx_site, {suffix}) if p.with_name(p.name + ".gz").exists()]
        for path in with_copy[:3]:
            answer = get(address(nginx_site, path), f"{encoding}, identity")
            assert answer.headers["Content-Encoding"] == encoding, path
            assert "Accept-Encoding" in answer.headers.get("Vary", ""), path
            assert decode(answer.body) == path.read_bytes()
            assert answer.headers["Content-Type"] == TYPES[suffix]
            checked += 1
    assert checked >= 10
    plain = get(nginx_site.url("/"))
    assert (
        plain.headers.get("Content-Encoding") is None
        and plain.body == (nginx_site.root / "index.html").read_bytes()
    )


def test_hashed_assets_are_cached_for_a_year_and_pages_revalidate(nginx_site):
    theme = files(nginx_site, {".css", ".js", ".svg", ".png"})
    assets = [p for p in theme if p.relative_to(nginx_site.root).parts[0] == "theme"]
    assert assets
    for path in assets:
        assert re.search(r"\.[0-9a-f]{10}\.", path.name), (
            f"{path.name} is cached for a year but its name has no hash"
        )
        assert (
            get(address(nginx_site, path)).headers["Cache-Control"]
            == "public, max-age=31536000, immutable"
        )
    for path in files(nginx_site, {".html", ".atom", ".json", ".ics", ".xml"})[:40]:
        assert get(address(nginx_site, path)).headers["Cache-Control"] == "no-cache", path


@pytest.mark.parametrize("where", ["/", "/en/", "/theme/", "/no-such-page", "/en/plans/x/y/z"])
def test_every_answer_carries_the_security_headers(nginx_site, where):
    if where == "/theme/":
        where = "/" + files(nginx_site, {".css"})[0].relative_to(nginx_site.root).as_posix()
    headers = get(nginx_site.url(where)).headers
    for name, value in SECURITY.items():
        assert headers[name] == value, name
    assert (
        headers["Content-Security-Policy"] == meta_policy(nginx_site) + "; frame-ancestors 'none'"
    )


@pytest.mark.parametrize(
    ("missing", "lang"),
    [
        ("/no-such-page", "vi"),
        ("/a/b/c/d/", "vi"),
        ("/en/no-such-page", "en"),
        ("/en/plans/x/y/z/", "en"),
    ],
)
def test_a_missing_address_gets_the_styled_404_page_of_its_language(nginx_site, missing, lang):
    answer = get(nginx_site.url(missing))
    assert answer.status == 404
    html = answer.body.decode("utf-8")
    assert f'<html lang="{lang}"' in html
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sheets and all(get(href).status == 200 for href in sheets), (
        "the 404 page's stylesheet must load at any depth"
    )


def test_a_folder_without_its_slash_is_redirected(nginx_site):
    answer = get(nginx_site.url("/plans"))
    assert answer.status == 200 and "<h1" in answer.body.decode("utf-8")


def test_every_link_and_resource_resolves(nginx_site):
    pages = [p for p in files(nginx_site, {".html"}) if p.name != "404.html"]
    start = [nginx_site.url("/")] + [address(nginx_site, p) for p in pages]
    seen, broken = crawl(nginx_site.origin, start)
    assert broken == []
    assert [a for a in start if seen[a] != 200] == []


@pytest.fixture(scope="module")
def nginx_editor_site(tmp_path_factory):
    """The fixture site published under the sub-path with the editor for a hosted Git service."""
    setting = {
        "EDITOR_PUBLISH": {
            "backend": {"name": "github", "repo": "my-org/site", "branch": "main"},
            "path": "admin",
        }
    }
    with published_behind_nginx(
        tmp_path_factory.mktemp("nginx-editor"),
        FIXTURE / "settings.py",
        "/phong-chong-mua-ban-nguoi",
        setting,
    ) as site:
        yield site


def snippet_policy(name: str) -> str:
    return re.search(
        r'add_header Content-Security-Policy "([^"]+)" always;', doc_blocks()[1][name]
    )[1]


def test_the_published_editor_gets_its_own_policy_and_every_other_page_the_strict_one(
    nginx_editor_site,
):
    from plugins.editor.export import PAGE_POLICY

    site = nginx_editor_site
    editor = get(site.url("/admin/"))
    assert editor.status == 200 and "decap/decap-cms.js" in editor.body.decode("utf-8")
    assert (
        editor.headers["Content-Security-Policy"]
        == PAGE_POLICY + "; frame-ancestors 'none'"
        == snippet_policy("portal-editor-headers.conf")
    )
    assert (
        parse(site.root / "admin" / "index.html").find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"}
        )["content"]
        == PAGE_POLICY
    )
    for name, value in SECURITY.items():
        assert editor.headers[name] == value, name
    strict = meta_policy(site) + "; frame-ancestors 'none'"
    assert strict == snippet_policy("portal-headers.conf") and "unsafe-eval" not in strict
    others = [
        p
        for p in files(site, {".html", ".css", ".js", ".json", ".xml"})
        if p.relative_to(site.root).parts[0] != "admin"
    ]
    assert len(others) > 20
    assert [
        p for p in others if get(address(site, p)).headers["Content-Security-Policy"] != strict
    ] == []
    bundle = get(site.url("/admin/decap/decap-cms.js"), "br, gzip")
    assert (
        bundle.status == 200
        and bundle.headers["Content-Security-Policy"] == editor.headers["Content-Security-Policy"]
    )
    missing = get(site.url("/admin/no-such-file"))
    assert (
        missing.status == 404
        and missing.headers["Content-Security-Policy"] == strict
        and '<html lang="vi"' in missing.body.decode("utf-8")
    )


def test_without_the_editor_its_folder_is_missing_with_the_strict_policy(nginx_site):
    answer = get(nginx_site.url("/admin/"))
    assert (
        answer.status == 404
        and answer.headers["Content-Security-Policy"]
        == meta_policy(nginx_site) + "; frame-ancestors 'none'"
    )
