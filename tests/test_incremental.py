"""Incremental builds: a rebuild gives exactly what a build from nothing gives, renders only the
pages whose inputs changed, reads only the files that changed, and leaves unchanged files alone."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.fixture import write_fixture
from plugins.portal_reader.portal_reader import PortalReader
from portal.engine.build import build
from portal.engine.file_digests import MARGIN_NS, FileDigests
from portal.engine.fingerprint import site_fingerprint
from portal.engine.output_tree import OutputTree

PLACES = {"LOCALITY_PROVINCES": ["12"]}  # Lai Châu: the province with the fewest communes


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def first(folder: Path, pattern: str) -> Path:
    return sorted(folder.glob(pattern))[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("incremental")
    write_fixture(folder, 16, seed=11)
    build(folder / "settings.py", folder / "output", PLACES)
    return folder


def watch(monkeypatch, cls, method: str) -> list:
    """Record the first argument of every call to `cls.method`."""
    calls, original = [], getattr(cls, method)

    def spy(self, *args, **kwargs):
        calls.append(args[0])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, method, spy)
    return calls


def test_a_rebuild_without_changes_renders_reads_and_writes_nothing(site, monkeypatch):
    before = {p: p.stat().st_ino for p in (site / "output").rglob("*.html")}
    written, read = (
        watch(monkeypatch, OutputTree, "write"),
        watch(monkeypatch, PortalReader, "read"),
    )
    build(site / "settings.py", site / "output", PLACES)
    assert read == []
    assert written == []  # pages, feeds, calendar, open data: nothing made again
    assert {p: p.stat().st_ino for p in (site / "output").rglob("*.html")} == before


def test_a_body_edit_renders_only_its_page(site, monkeypatch):
    plan = first(site / "content" / "plans", "*.vi.md")
    plan.write_text(
        plan.read_text(encoding="utf-8") + "\nMột câu mới để thử bản dựng lại.\n", encoding="utf-8"
    )
    written, read = (
        watch(monkeypatch, OutputTree, "write"),
        watch(monkeypatch, PortalReader, "read"),
    )
    build(site / "settings.py", site / "output", PLACES)
    assert [Path(p).name for p in read] == [plan.name]
    page = f"plans/{plan.name.removesuffix('.vi.md')}/index.html"
    assert [rel for rel in written if rel.endswith(".html")] == [page]
    assert "Một câu mới để thử bản dựng lại." in (site / "output" / page).read_text(
        encoding="utf-8"
    )


def test_a_rebuild_after_edits_equals_a_build_from_nothing(site, tmp_path):
    content = site / "content"
    campaign = first(content / "campaigns", "*.en.md")
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(
        re.sub(r"(?m)^title: .*$", "title: A campaign renamed for the rebuild test", text, count=1),
        encoding="utf-8",
    )
    for old in sorted(
        (content / "guidance").glob(
            first(content / "guidance", "*.vi.md").name.removesuffix(".vi.md") + ".*.md"
        )
    ):
        old.unlink()
    old_files = tree_bytes(site / "output")
    build(site / "settings.py", site / "output", PLACES)

    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("output", ".output.*"))
    settings = fresh / "settings.py"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(str(site), str(fresh)), encoding="utf-8"
    )
    build(settings, fresh / "output", PLACES)

    rebuilt, scratch = tree_bytes(site / "output"), tree_bytes(fresh / "output")
    assert rebuilt.keys() == scratch.keys()
    assert [rel for rel in rebuilt if rebuilt[rel] != scratch[rel]] == []
    assert "A campaign renamed for the rebuild test" in rebuilt["en/campaigns/index.html"].decode(
        "utf-8"
    )
    assert set(old_files) - set(rebuilt), "the deleted guidance page's files are gone"


def test_unchanged_files_keep_their_inode(site):
    """Files whose bytes did not change are not rewritten (a deploy does not send them again)."""
    output = site / "output"
    inodes = {rel: (output / rel).stat().st_ino for rel in tree_bytes(output)}
    page = first(output / "plans", "*/index.html")
    old = page.read_bytes()
    source = site / "content" / "plans" / (page.parent.name + ".vi.md")
    source.write_text(
        source.read_text(encoding="utf-8") + "\nThêm một câu nữa.\n", encoding="utf-8"
    )
    build(site / "settings.py", output, PLACES)
    kept = {
        rel: ino for rel, ino in inodes.items() if (output / rel).exists()
    }  # search shards are named by their hash
    changed = {rel for rel, ino in kept.items() if (output / rel).stat().st_ino != ino}
    assert page.relative_to(output).as_posix() in changed and page.read_bytes() != old
    assert all(
        rel == page.relative_to(output).as_posix() or rel.startswith("search/") for rel in changed
    )


def test_the_site_fingerprint_ignores_bodies_only(tmp_path):
    write_fixture(tmp_path, 4, seed=2)
    settings = {
        "PATH": str(tmp_path / "content"),
        "THEME": str(Path(__file__).parents[1] / "themes" / "portal"),
    }
    before = site_fingerprint(settings)
    page = first(tmp_path / "content" / "plans", "*.en.md")
    page.write_text(page.read_text(encoding="utf-8") + "\nAnother sentence.\n", encoding="utf-8")
    assert site_fingerprint(settings) == before
    page.write_text(
        page.read_text(encoding="utf-8").replace("summary: ", "summary: Changed. ", 1),
        encoding="utf-8",
    )
    assert site_fingerprint(settings) != before


def test_two_processes_make_the_bytes_of_one(tmp_path, caplog):
    """A build outside the test process (no threads) reads its content and makes its files in two
    processes (plugins/portal_reader/ahead.py, portal/engine/produce.py)."""
    write_fixture(tmp_path, 30, seed=11)
    with caplog.at_level(logging.INFO, logger="plugins.search"):
        build(tmp_path / "settings.py", tmp_path / "serial", {**PLACES, "BUILD_PROCESSES": 1})
    assert "in a new interpreter" in caplog.text
    root = Path(__file__).resolve().parents[1]
    script = (
        "import logging, sys; from pathlib import Path; from portal.engine.build import build; "
        "logging.basicConfig(level=logging.INFO, format='%(name)s: %(message)s'); "
        f"build(Path({str(tmp_path / 'settings.py')!r}), "
        f"Path({str(tmp_path / 'forked')!r}), {PLACES!r})"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert re.search(r"portal.engine.produce: made \d+ files in two processes", done.stderr), (
        done.stderr[-2000:]
    )
    read = re.search(r"ahead: read (\d+) of (\d+) files in a second process", done.stderr)
    assert read and int(read[1]) <= int(read[2]), done.stderr[-2000:]
    assert re.search(r"search index: .* in a forked process", done.stderr), done.stderr[-2000:]
    serial, forked = tree_bytes(tmp_path / "serial"), tree_bytes(tmp_path / "forked")
    assert serial.keys() == forked.keys()
    assert [rel for rel in serial if serial[rel] != forked[rel]] == []


def test_render_keys_name_a_page_by_its_body_and_a_listed_page_by_its_path():
    from pelican.contents import Page
    from pelican.settings import DEFAULT_CONFIG

    from portal.engine.render_keys import NoKey, values_key

    def page(body: str) -> Page:
        return Page(
            body,
            metadata={"title": "T", "slug": "t"},
            settings=DEFAULT_CONFIG,
            source_path="plans/t.vi.md",
        )

    one, edited = page("<p>one</p>"), page("<p>two</p>")
    assert values_key({"page": one}) != values_key({"page": edited})
    assert values_key({"pages": [one]}) == values_key({"pages": [edited]})
    assert values_key({"page": one, "render_key": "x"}) == values_key(
        {"page": edited, "render_key": "x"}
    )
    with pytest.raises(NoKey):
        values_key({"thing": object()})


def _later(monkeypatch) -> None:
    """Readings made from now on count as made two margins after the files' last change."""
    import time

    from portal.engine import file_digests

    monkeypatch.setattr(file_digests, "_now", lambda: time.time_ns() + 2 * MARGIN_NS)


def test_the_digest_memo_reads_a_file_again_only_when_its_stamp_or_its_reading_says_so(
    tmp_path, monkeypatch
):
    page, memo_file = tmp_path / "a.vi.md", tmp_path / "digests.cache"
    page.write_bytes(b"---\ntitle: A\n---\nBody one.\n")
    memo = FileDigests()
    assert memo.whole(page) == hashlib.sha256(page.read_bytes()).digest()
    assert memo.front(page) == hashlib.sha256(b"---\ntitle: A\n---").digest()
    memo.save(memo_file)
    # read within a second of the file's last change: read again, whatever its stamp says
    again = FileDigests.load(memo_file)
    again.whole(page)
    assert again.read == 1
    _later(monkeypatch)
    again.whole(str(page))  # the same file by either kind of path
    assert again.read == 2
    again.save(memo_file)
    quiet = FileDigests.load(memo_file)
    assert quiet.whole(page) == hashlib.sha256(page.read_bytes()).digest() and quiet.read == 0
    # another body of the same size, the modification time put back as `cp -p` would
    before = page.stat()
    page.write_bytes(b"---\ntitle: A\n---\nBody two.\n")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert quiet.whole(page) == hashlib.sha256(page.read_bytes()).digest() and quiet.read == 1
    # a damaged memo is dropped and everything read again
    quiet.save(memo_file)
    memo_file.write_bytes(memo_file.read_bytes()[:-3] + b"xyz")
    fresh = FileDigests.load(memo_file)
    assert fresh.entries == {} and not memo_file.exists()


def test_a_rebuild_reads_only_the_content_files_changed_since(site, monkeypatch):
    _later(monkeypatch)
    build(site / "settings.py", site / "output", PLACES)  # every reading now counts as quiet
    memos: list[FileDigests] = []
    original = FileDigests.save

    def save(self, path):
        memos.append(self)
        original(self, path)

    monkeypatch.setattr(FileDigests, "save", save)
    plan = first(site / "content" / "plans", "*.en.md")
    plan.write_text(plan.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(site / "settings.py", site / "output", PLACES)
    assert len(memos) == 1 and memos[0].read == 1
    assert str(plan.resolve()) in {str(Path(p).resolve()) for p in memos[0].used}
    assert len(memos[0].used) >= len(list((site / "content").rglob("*.md")))
    page = site / "output" / "en" / "plans" / plan.name.removesuffix(".en.md") / "index.html"
    assert "One more line." in page.read_text(encoding="utf-8")
