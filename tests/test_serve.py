"""`invoke serve`: the preview server shows the site, a failed rebuild's problems on every page, then the site again.

The real Tornado application runs on a free loopback port in a background thread; the test drives
the rebuild the file watcher would run.
"""

from __future__ import annotations

import asyncio
import html
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from conftest import build_fixture
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from portal.commands.serve import Preview, make_app

PLAN_EN = "plans/ke-hoach-mau.en.md"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@contextmanager
def running(preview: Preview) -> Iterator[str]:
    """The preview application on 127.0.0.1 at a free port; yields its origin."""
    ready, state = threading.Event(), {}

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        sockets = bind_sockets(0, "127.0.0.1")
        port = sockets[0].getsockname()[1]
        server = HTTPServer(make_app(preview, port))
        server.add_sockets(sockets)
        state.update(port=port, server=server, loop=IOLoop.current())
        ready.set()
        IOLoop.current().start()
        server.stop()
        IOLoop.current().close(all_fds=True)

    thread = threading.Thread(target=run, name="preview", daemon=True)
    thread.start()
    assert ready.wait(10), "the preview server did not start"
    try:
        yield f"http://127.0.0.1:{state['port']}"
    finally:
        state["loop"].add_callback(state["loop"].stop)
        thread.join(10)


@pytest.fixture
def preview(tmp_path, content_copy) -> Preview:
    output = tmp_path / "output"
    return Preview(lambda: build_fixture(output, content_copy), output)


def test_a_failed_rebuild_shows_its_problems_on_every_page_until_fixed(preview, content_copy):
    assert preview.rebuild()
    plan = content_copy / PLAN_EN
    good = plan.read_text(encoding="utf-8")
    line = good.split("\n").index("issued: 2017-02-08") + 1
    with running(preview) as origin:
        status, page = fetch(origin + "/en/plans/ke-hoach-mau/")
        assert status == 200 and "<h1" in page

        plan.write_text(good.replace("issued: 2017-02-08", "issued: 8/2/2017"), encoding="utf-8")
        assert not preview.rebuild()
        for address in ("/", "/en/plans/ke-hoach-mau/", "/theme/anything.css", "/no/such/page"):
            status, page = fetch(origin + address)
            assert status == 500, address
            text = html.unescape(page)
            assert f"ke-hoach-mau.en.md:{line}: field 'issued'" in text  # English
            assert f"ke-hoach-mau.en.md:{line}: trường 'issued'" in text  # and Vietnamese
            assert '<script src="/livereload.js?port=' in page, "the error page must reload itself once fixed"
        assert (preview.output / "en" / "plans" / "ke-hoach-mau" / "index.html").is_file(), "the last good build was removed"

        plan.write_text(good, encoding="utf-8")
        assert preview.rebuild()
        status, page = fetch(origin + "/en/plans/ke-hoach-mau/")
        assert status == 200 and "<h1" in page and "field 'issued'" not in page


def test_pages_load_the_live_reload_client_as_a_script_the_policy_allows(preview):
    assert preview.rebuild()
    with running(preview) as origin:
        status, page = fetch(origin + "/")
        port = origin.rsplit(":", 1)[1]
        assert status == 200
        head = page.split("</head>", 1)[0]
        assert f'<script src="/livereload.js?port={port}"></script>' in head
        assert "<script>" not in page and '<script type="text/javascript">' not in page, "an inline script: the CSP blocks it"
        assert "script-src 'self'" in head
        status, client = fetch(origin + "/livereload.js")
        assert status == 200 and "LiveReload" in client


def test_a_missing_address_gets_the_sites_404_page(preview):
    assert preview.rebuild()
    with running(preview) as origin:
        status, page = fetch(origin + "/en/a/b/c/")
        assert status == 404 and '<html lang="en">' in page
        status, page = fetch(origin + "/a/b/c")
        assert status == 404 and '<html lang="vi">' in page
