"""The preview server of `invoke serve`: the built site with live reload, or the build's errors.

`Preview(rebuild, output)` calls `rebuild()` (which builds the site into `output`, keeping the
old output when it fails) and remembers the problems when it fails. `make_app(preview, port)` is
the Tornado application: while the last build failed it answers every address with an error page
listing the problems (file, line, field, in Vietnamese and English); otherwise it serves `output`,
with the nearest `404.html` for a missing address. HTML gets the livereload client as an external
script, `/livereload.js`, which the site's Content-Security-Policy allows (livereload's own inline
snippet would be blocked), so the browser reloads after every rebuild: onto the error page when
the build broke, back onto the site when it is fixed. `portal.commands.live.serve_live` runs it:
content edits shown at once, every change rebuilt.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from tornado import web

from portal.content.problems import ContentError
from portal.engine.build import BuildError

ERROR_PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" \
content="default-src 'none'; script-src 'self'; connect-src 'self'">
<title>Lỗi khi tạo trang · Build failed</title>
</head>
<body>
<h1>Không tạo được trang web · The site could not be built</h1>
<p>Sửa các lỗi dưới đây rồi lưu tệp: trang này sẽ tự tải lại.</p>
<p lang="en">Fix the problems below and save the file: this page reloads by itself.</p>
<pre>{problems}</pre>
</body>
</html>
"""


def error_text(exc: Exception) -> str:
    """What went wrong, for the officer: every content problem in Vietnamese, then in English."""
    if isinstance(exc, ContentError):
        return "\n".join(p.text("vi") for p in exc.problems) + "\n\n" + exc.report()
    return str(exc)


def error_page(problems: str) -> bytes:
    return ERROR_PAGE.format(problems=html.escape(problems)).encode("utf-8")


class Preview:
    """The result of the last build: `error` is None when it succeeded."""

    def __init__(self, rebuild: Callable[[], object], output: Path):
        self._rebuild = rebuild
        self.output = output
        self.error: str | None = None

    def rebuild(self) -> bool:
        try:
            self._rebuild()
        except (ContentError, BuildError) as exc:
            self.error = error_text(exc)
            print(self.error, "\nThe build failed: the browser shows why.", file=sys.stderr)
            return False
        self.error = None
        print(f"Built {self.output}", file=sys.stderr)
        return True


class SiteHandler(web.StaticFileHandler):
    """The built site, or the error page for every address while the last build failed."""

    def initialize(  # type: ignore[override]  # Tornado passes the route's extra `preview` here
        self, path: str, preview: Preview, default_filename: str = "index.html"
    ) -> None:
        super().initialize(path, default_filename)
        self.preview = preview

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.preview.error is not None:
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(error_page(self.preview.error) if include_body else b"")
            return
        await super().get(path, include_body)

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")  # a preview must never show yesterday's page

    def compute_etag(self) -> None:
        return None

    def write_error(self, status_code: int, **kwargs) -> None:
        page = nearest_404(Path(self.root), self.request.path) if status_code == 404 else None
        if page is None:
            return super().write_error(status_code, **kwargs)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page.read_bytes())


def nearest_404(root: Path, address: str) -> Path | None:
    """The `404.html` of the deepest folder above `address` that has one (en/404.html for
    /en/x/y)."""
    folder = PurePosixPath(unquote(urlsplit(address).path)).parent
    for candidate in [folder, *folder.parents]:
        page = root / str(candidate).lstrip("/") / "404.html"
        if page.is_file():
            return page
    return None


def make_app(preview: Preview, port: int) -> web.Application:
    inject = type(
        "InjectLiveReload",
        (LiveScriptInjector,),
        {"script": f'<script src="/livereload.js?port={port}"></script>'.encode()},
    )
    handlers: list[Any] = [
        (r"/livereload", LiveReloadHandler),
        (r"/livereload.js", LiveReloadJSHandler),
        (r"/(.*)", SiteHandler, {"path": str(preview.output), "preview": preview}),
    ]
    return web.Application(handlers, transforms=[inject])


class PreviewServer(Server):
    """livereload's server (watching, reload messages) with our application."""

    def __init__(self, preview: Preview):
        super().__init__()
        self.preview = preview

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        make_app(self.preview, int(port)).listen(int(port), address=host)
