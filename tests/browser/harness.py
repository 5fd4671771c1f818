"""Serve a built site on a loopback port, and pick which of its pages the browser visits.

>>> page_kind(Path("en/plans/ke-hoach-mau/index.html"))
('en', 'plans item')
>>> page_kind(Path("guidance/index.html"))
('vi', 'guidance list')
>>> page_kind(Path("404.html"))
('vi', '404')
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

LANGS = ("vi", "en")  # Vietnamese at the root, English under /en/ (pelicanconf.LANG_PREFIX)
# Every template the theme has, as page kinds; the fixture site must show each in both languages.
TEMPLATE_KINDS = {
    "home": "home.html",
    "404": "404.html",
    "plans item": "plan.html",
    "campaigns item": "campaign.html",
    "hotlines item": "hotline.html",
    "agencies item": "agency.html",
    "guidance item": "page.html",
    "hotlines list": "hotlines.html",
    "plans list": "list.html",
    "campaigns list": "list.html",
    "agencies list": "list.html",
    "guidance list": "list.html",
    "content-guide list": "guide.html",
}
MISSING = "no-such-page-404"  # a path no site has: the server answers with the 404 page


@dataclass(frozen=True)
class Page:
    kind: str  # "home", "404", "<section> list", "<section> item"
    lang: str
    path: str  # the address path the browser opens, "/en/plans/ke-hoach-mau/"
    file: Path

    def __str__(self) -> str:
        return f"{self.lang}:{self.kind} {self.path}"


@dataclass(frozen=True)
class Site:
    root: Path
    origin: str  # "http://127.0.0.1:PORT"
    prefix: str = ""  # the sub-path the site is served under, "/sub/path" (or "" for the root)

    def url(self, path: str) -> str:
        return self.origin + self.prefix + path

    def pages(self) -> list[Page]:
        return representative_pages(self.root)


def page_kind(rel: Path) -> tuple[str, str]:
    """(language, kind) of a built HTML file, from its place in the output tree."""
    parts = list(rel.parts)
    lang = "vi"
    if parts[0] in LANGS and parts[0] != "vi" and len(parts) > 1:
        lang = parts.pop(0)
    if parts == ["index.html"]:
        return lang, "home"
    if parts == ["404.html"]:
        return lang, "404"
    if len(parts) == 2:
        return lang, f"{parts[0]} list"
    if len(parts) == 3:
        return lang, f"{parts[0]} item"
    return lang, f"{parts[0]} depth {len(parts)}"


def url_path(rel: Path) -> str:
    """The address of a built file: directory URLs for index.html, a missing address for
    404.html."""
    posix = PurePosixPath(rel.as_posix())
    if posix.name == "index.html":
        parent = str(posix.parent)
        return "/" if parent == "." else f"/{parent}/"
    if posix.name == "404.html":
        parent = str(posix.parent)
        return f"/{MISSING}" if parent == "." else f"/{parent}/{MISSING}"
    return f"/{posix}"


def representative_pages(root: Path) -> list[Page]:
    """One page per (language, kind): the largest, since it shows the most of its template."""
    chosen: dict[tuple[str, str], Path] = {}
    for file in sorted(root.rglob("*.html")):
        rel = file.relative_to(root)
        if rel.parts[0] == "theme":
            continue
        key = page_kind(rel)
        if key not in chosen or file.stat().st_size > chosen[key].stat().st_size:
            chosen[key] = file
    return [
        Page(kind, lang, url_path(file.relative_to(root)), file)
        for (lang, kind), file in sorted(chosen.items())
    ]


class _SiteServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that leaves a page while a file still downloads closes the connection: not
        an error of the site (anything else is printed as usual)."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _SiteHandler(SimpleHTTPRequestHandler):
    """A static host like the real one: files as they are, the nearest 404.html for anything
    missing.

    With a `prefix`, the site lives under that sub-path and every address outside it is missing."""

    prefix = ""

    def log_message(self, format, *args):  # keep pytest's output clean
        pass

    def _site_path(self, address: str) -> str | None:
        """The path of `address` inside the site, or None when it is outside the prefix."""
        path = urlsplit(address).path
        if not self.prefix:
            return path
        if path == self.prefix or path.startswith(self.prefix + "/"):
            return path[len(self.prefix) :] or "/"
        return None

    def translate_path(self, path):
        inside = self._site_path(path)
        return (
            super().translate_path(inside)
            if inside is not None
            else str(Path(self.directory) / MISSING / MISSING)
        )

    def send_error(self, code, message=None, explain=None):
        page = self._not_found_page() if code == HTTPStatus.NOT_FOUND else None
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        root = Path(self.directory)
        inside = self._site_path(self.path)
        if inside is None:
            return None
        folder = PurePosixPath(unquote(inside)).parent
        for candidate in [folder, *folder.parents]:
            page = root / str(candidate).lstrip("/") / "404.html"
            if page.is_file():
                return page
        return None


@contextmanager
def serve(directory: Path, prefix: str = "") -> Iterator[Site]:
    """Serve `directory` on 127.0.0.1 at a free port from a background thread, under `prefix`
    ("/sub/path") if given.

    `directory` may be built after the server started (a published site must know its address)."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix.rstrip("/")})
    handler = functools.partial(handler, directory=str(directory))
    server = _SiteServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {directory}", daemon=True)
    thread.start()
    try:
        yield Site(Path(directory), f"http://127.0.0.1:{server.server_port}", prefix.rstrip("/"))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
