"""`invoke serve` shows the site, a failed rebuild's problems on every page, then the site again.

The real Tornado application runs on a free loopback port in a background thread; the test drives
the rebuild the file watcher would run.
"""

from __future__ import annotations

import asyncio
import html
import re
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
import pytest
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from bench.fixture import write_fixture
from conftest import build_fixture
from plugins.portal_reader.portal_reader import PortalReader
from portal.commands.live import LiveLoop, LiveSite
from portal.commands.serve import Preview, make_app
from portal.content.problems import ContentError
from portal.engine.build import build

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
            assert '<script src="/livereload.js?port=' in page, (
                "the error page must reload itself once fixed"
            )
        assert (preview.output / "en" / "plans" / "ke-hoach-mau" / "index.html").is_file(), (
            "the last good build was removed"
        )

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
        assert "<script>" not in page and '<script type="text/javascript">' not in page, (
            "an inline script: the CSP blocks it"
        )
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


# The instant preview (portal.commands.live): edits shown at once, then the full build; always a
# cold build's bytes.

PLACES = {"LOCALITY_PROVINCES": ["12"]}  # Lai Châu: the province with the fewest communes


def tree_bytes(root) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def assert_cold(folder, output) -> None:
    """`output` holds, byte for byte, what a build from nothing of the same content makes."""
    cold = build(folder / "settings.py", folder / "cold", PLACES, incremental=False)
    served, fresh = tree_bytes(output), tree_bytes(cold)
    assert sorted(served.keys() - fresh.keys()) == [] and sorted(fresh.keys() - served.keys()) == []
    assert [rel for rel in served if served[rel] != fresh[rel]] == []
    shutil.rmtree(cold)


def assert_files_cold(folder, output, names) -> None:
    """These files of `output` are those of a build from nothing (the rest may still be catching
    up)."""
    cold = build(folder / "settings.py", folder / "cold", PLACES, incremental=False)
    assert [
        name for name in names if (output / name).read_bytes() != (cold / name).read_bytes()
    ] == []
    shutil.rmtree(cold)


@pytest.fixture(scope="module")
def live_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    write_fixture(folder, 16, seed=11)
    return folder


def test_the_instant_preview_serves_a_cold_builds_bytes_after_every_edit(live_folder):
    folder, output = live_folder, live_folder / "output"
    site = LiveSite(folder / "settings.py", output, PLACES)
    preview = Preview(site.build, output)
    live = LiveLoop(
        preview, site, [folder / "content"], notify=lambda: None
    )  # polled and settled by hand
    assert preview.rebuild()
    live.seen = live._stamps()
    content = folder / "content"
    guide = sorted((content / "guidance").glob("*.en.md"))[0]
    url = f"/en/guidance/{guide.name.removesuffix('.en.md')}/"
    with running(preview) as origin:
        # a body edit: shown by the fast path alone, exactly as a cold build shows it
        guide.write_text(
            guide.read_text(encoding="utf-8") + "\nA new sentence for the live preview.\n",
            encoding="utf-8",
        )
        written = live.poll()
        assert written == [url.lstrip("/") + "index.html"]
        status, page = fetch(origin + url)
        assert status == 200 and "A new sentence for the live preview." in page
        assert_files_cold(folder, output, written)
        live.settle.settle()
        assert_cold(folder, output)

        # a title edit: the page at once, the lists, search, feeds and places once the build is done
        text = guide.read_text(encoding="utf-8")
        guide.write_text(
            re.sub(
                r"(?m)^title: .*$", "title: Guidance renamed in the live preview", text, count=1
            ),
            encoding="utf-8",
        )
        written = live.poll()
        assert url.lstrip("/") + "index.html" in written
        status, page = fetch(origin + url)
        assert "Guidance renamed in the live preview" in page
        assert_files_cold(folder, output, written)  # the page and its sheets are already right
        live.settle.settle()
        assert "Guidance renamed in the live preview" in fetch(origin + "/en/guidance/")[1]
        assert_cold(folder, output)

        # a deleted item and a new one: no fast path, the full build
        for old in sorted(
            (content / "plans").glob(
                sorted((content / "plans").glob("*.vi.md"))[0].name.removesuffix(".vi.md") + ".*.md"
            )
        ):
            old.unlink()
        assert live.poll() is None
        live.settle.settle()
        assert_cold(folder, output)
        for source in sorted(content.glob(f"guidance/{guide.name.removesuffix('.en.md')}.*.md")):
            slug = guide.name.removesuffix(".en.md")
            text = source.read_text(encoding="utf-8").replace(f"slug: {slug}", f"slug: {slug}-copy")
            text = re.sub(
                r"(?m)^title: .*$", f"title: A copy ({source.name[-5:-3]})", text, count=1
            )
            (source.parent / source.name.replace(slug, slug + "-copy")).write_text(
                text, encoding="utf-8"
            )
        assert live.poll() is None
        live.settle.settle()
        assert preview.error is None
        assert fetch(origin + url.rstrip("/") + "-copy/")[0] == 200
        assert_cold(folder, output)


def test_a_body_edit_renders_only_the_pages_given_that_page(live_folder, tmp_path, monkeypatch):
    folder = tmp_path / "site"
    shutil.copytree(live_folder / "content", folder / "content")
    settings = (live_folder / "settings.py").read_text(encoding="utf-8")
    (folder / "settings.py").write_text(settings, encoding="utf-8")
    site = LiveSite(folder / "settings.py", folder / "output", PLACES)
    site.build()
    renders, reads = [], []
    render, read = jinja2.Template.render, PortalReader.read
    monkeypatch.setattr(
        jinja2.Template,
        "render",
        lambda self, *a, **k: renders.append(self.name) or render(self, *a, **k),
    )
    monkeypatch.setattr(
        PortalReader, "read", lambda self, path: reads.append(Path(path).name) or read(self, path)
    )
    plan = sorted((folder / "content" / "plans").glob("*.vi.md"))[1]
    plan.write_text(plan.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    assert site.apply([plan]) == [f"plans/{plan.name.removesuffix('.vi.md')}/index.html"]
    assert site.rendered == [f"plans/{plan.name.removesuffix('.vi.md')}/index.html"]
    assert reads == [plan.name] and renders == ["plan.html"]  # one file read, one page rendered
    guide = sorted((folder / "content" / "guidance").glob("*.vi.md"))[0]
    guide.write_text(guide.read_text(encoding="utf-8") + "\nMột câu nữa.\n", encoding="utf-8")
    site.apply([guide])
    page = f"guidance/{guide.name.removesuffix('.vi.md')}/"
    assert sorted(site.rendered) == [
        page + "flyer/index.html",
        page + "index.html",
        page + "poster/index.html",
    ]  # the sheets show its headings
    assert reads[1:] == [guide.name] and sorted(renders[1:]) == [
        "page.html",
        "poster.html",
        "poster.html",
    ]


def test_a_body_edit_that_adds_a_phone_number_waits_for_the_full_builds_check(
    live_folder, tmp_path
):
    """A number checked against the hotlines is a check across files: no fast path may show it."""
    folder = tmp_path / "site"
    shutil.copytree(live_folder / "content", folder / "content")
    shutil.copy(live_folder / "settings.py", folder / "settings.py")
    site = LiveSite(folder / "settings.py", folder / "output", PLACES)
    site.build()
    plan = sorted((folder / "content" / "plans").glob("*.vi.md"))[1]
    plan.write_text(plan.read_text(encoding="utf-8") + "\nGọi 0912 345 678.\n", encoding="utf-8")
    assert site.apply([plan]) is None and site.rendered == []
    with pytest.raises(ContentError) as info:
        site.build()
    assert "the phone number 0912 345 678 is not one of the site's hotlines" in str(info.value)


def test_a_page_shown_while_the_build_runs_is_never_taken_for_the_older_one(live_folder, tmp_path):
    """The fast path may replace a page just before the running build carries it over under its
    older record; the next build must still look at its bytes (here: after the edit is undone)."""
    folder = tmp_path / "site"
    shutil.copytree(live_folder / "content", folder / "content")
    (folder / "settings.py").write_text(
        (live_folder / "settings.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    plan = sorted((folder / "content" / "plans").glob("*.vi.md"))[2]
    original = plan.read_text(encoding="utf-8")
    shown = []

    def build_and_edit(settings, output, overrides):
        def edit(staging):
            if site.state is not None and not shown:
                plan.write_text(original + "\nMột câu viết trong lúc dựng.\n", encoding="utf-8")
                shown.append(site.apply([plan]))

        return build(settings, output, overrides, finish=edit)

    site = LiveSite(folder / "settings.py", folder / "output", PLACES, build=build_and_edit)
    site.build()
    site.build()
    assert shown == [[f"plans/{plan.name.removesuffix('.vi.md')}/index.html"]]
    plan.write_text(original, encoding="utf-8")
    build(folder / "settings.py", folder / "output", PLACES)
    assert_cold(folder, folder / "output")
