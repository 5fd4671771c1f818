"""The build engine never publishes less than the site is: a file queued and never made fails the
build, and a build with any one feature plugin left out of `PLUGINS` either still writes every
file the other plugins own or fails loudly."""

from __future__ import annotations

import fcntl
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import portal.engine.build as engine
from conftest import FIXTURE, ROOT, build_fixture
from portal.engine.build import BuildError
from portal.engine.output_tree import OutputTree, digest, stamp
from portal.engine.produce import BLOCK, RENDERER_NICENESS, _deal
from portal.engine.state import BuildState
from portal.settings import project_settings

PLUGINS = project_settings()["PLUGINS"]

# What each feature plugin writes (each pattern also under en/). Pages of content items are
# Pelican's own; a plugin not named here owns no file of its own.
OWNS = {
    "plugins.listings": ["index.html", "404.html", "*/index.html"],
    "plugins.localities": ["localities/*"],
    "plugins.calendar": ["calendar.ics", "calendar/*"],
    "plugins.feeds": ["feed.atom", "*/feed.atom"],
    "plugins.content_guide": ["content-guide/*"],
    "plugins.opendata": ["data/*", "open-data/*"],
    "plugins.posters": ["*/poster/index.html", "*/flyer/index.html"],
    "plugins.sitemap": ["sitemap.xml", "robots.txt"],
    "plugins.search": ["search/*"],
    "plugins.assets": ["theme/*"],
}


def owned_by(plugin: str, rel: str) -> bool:
    rel = rel.removeprefix("en/")
    return any(fnmatch.fnmatch(rel, pattern) for pattern in OWNS.get(plugin, []))


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_a_file_queued_and_never_made_fails_the_build(tmp_path, monkeypatch):
    tree = OutputTree(tmp_path / "staging", tmp_path / "output")
    tree.defer("feed.atom", "key", lambda: "<feed/>")
    with pytest.raises(RuntimeError, match="1 files were queued and never made"):
        tree.finish()
    monkeypatch.setattr(
        engine, "produce_pending", lambda tree, settings: None
    )  # a flush that never happens
    with pytest.raises(BuildError, match="queued and never made"):
        build_fixture(tmp_path / "site")
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def full_site(tmp_path_factory) -> set[str]:
    return files(build_fixture(tmp_path_factory.mktemp("engine") / "full"))


@pytest.mark.parametrize("plugin", [p for p in PLUGINS if p != "plugins.portal_reader"])
def test_leaving_out_a_plugin_never_silently_drops_other_files(plugin, full_site, tmp_path):
    """Each build runs in a process of its own: Pelican's signals stay connected for the life of a
    process."""
    output = tmp_path / "output"
    plugins = [p for p in PLUGINS if p != plugin]
    build = (
        f"build(Path({str(FIXTURE / 'settings.py')!r}), Path({str(output)!r}), "
        f"{{'PLUGINS': {plugins!r}, 'BUILD_PROCESSES': 1}})"
    )
    script = (
        "from pathlib import Path; from portal.engine.build import build; import tasks; "
        f"tasks._or_exit(lambda: {build}, 'Build failed')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:  # as `invoke build` reports it
        assert "Traceback" not in done.stderr and "Build failed" in done.stderr, done.stderr[-3000:]
        assert not output.exists()
        return  # failed loudly: fine
    missing = sorted(rel for rel in full_site - files(output) if not derived(rel))
    assert [rel for rel in missing if not owned_by(plugin, rel)] == [], (
        f"without {plugin} the build succeeded but left out other plugins' files"
    )


def derived(rel: str) -> bool:
    """The search index's shards and record files are named by what they hold, which follows from
    the pages other plugins make (without the calendar there is no calendar page to index): only
    each language's manifest must be there."""
    return fnmatch.fnmatch(rel, "search/*/*/*") or fnmatch.fnmatch(rel, "en/search/*/*/*")


def test_helpers_are_joined_in_order_and_the_first_failure_raised_after_all(tmp_path):
    state = BuildState(OutputTree(tmp_path / "s", tmp_path / "o"), tmp_path / "o", tmp_path, "")
    ended = []

    def fails():
        ended.append("first")
        raise RuntimeError("first failed")

    state.helpers.extend([fails, lambda: ended.append("second")])
    with pytest.raises(RuntimeError, match="first failed"):
        state.join_helpers()
    assert ended == ["first", "second"] and state.helpers == []
    state.join_helpers()  # nothing left: joining again does nothing
    assert ended == ["first", "second"]


def in_fresh_python(script: str) -> dict:
    """What `script` prints (one JSON object) when run by a new interpreter in the project: a
    process with no other thread, so it may fork whatever this test process has running (a test
    server's thread left by an earlier test would make `may_fork` refuse here)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_the_search_index_runs_while_the_queued_files_are_made(tmp_path):
    """The indexing process is joined after the pages are made, not when Pelican's run ends, so
    that it and the renderers share the cores."""
    got = in_fresh_python(f"""
        import json
        from pathlib import Path
        import portal.engine.build as engine
        from conftest import build_fixture
        from portal.engine.state import current
        waiting, make = [], engine.produce_pending
        def produce(tree, settings):
            waiting.append(len(current().helpers))
            make(tree, settings)
        engine.produce_pending = produce
        site = build_fixture(Path({str(tmp_path / "site")!r}))
        manifest = (site / "search" / "vi" / "manifest.json").is_file()
        print(json.dumps({{"waiting": waiting, "manifest": manifest}}))
    """)
    assert got == {"waiting": [1], "manifest": True}


def test_the_forked_renderer_yields_to_the_build_and_the_index(tmp_path):
    """Files made in the second process are made at a lower priority than the build's own (the
    search index's process, forked from the build, keeps the build's)."""
    got = in_fresh_python(f"""
        import json, os
        from pathlib import Path
        from portal.engine.output_tree import OutputTree
        from portal.engine.produce import can_fork, produce_pending
        settings = {{"BUILD_PROCESSES": 2}}
        assert can_fork(settings, 400), "a new interpreter may fork"
        here = Path({str(tmp_path)!r})
        tree = OutputTree(here / "staging", here / "output")
        def whose():
            return f"{{os.getpid()}} {{os.getpriority(os.PRIO_PROCESS, 0)}}"
        for n in range(400):
            tree.defer(f"f{{n}}.txt", "", whose)
        produce_pending(tree, settings)
        made = {{(here / "staging" / f"f{{n}}.txt").read_text() for n in range(400)}}
        print(json.dumps({{
            "pid": os.getpid(),
            "nice": os.getpriority(os.PRIO_PROCESS, 0),
            "made": sorted(made),
        }}))
    """)
    by_pid = {int(pid): int(nice) for pid, nice in (line.split() for line in got["made"])}
    assert by_pid.pop(got["pid"]) == got["nice"]
    assert list(by_pid.values()) == [min(got["nice"] + RENDERER_NICENESS, 19)]


@pytest.mark.parametrize(
    "early_fork_mb, busy_for, forked_at", [(0, 5, 6), (0, None, None), (10**6, None, 0)]
)
def test_a_large_build_forks_its_second_renderer_once_the_helpers_have_ended(
    early_fork_mb, busy_for, forked_at, tmp_path
):
    """Until then the search index's process has the other core, and a forked renderer would
    copy the build's memory (`portal.engine.produce`); a small build forks it at once.
    `busy_for`: blocks made while a helper still runs (None: it runs until every file is made);
    `forked_at`: the blocks made by the build process alone (None: all)."""
    got = in_fresh_python(f"""
        import json, os
        from pathlib import Path
        import portal.engine.produce as produce
        from portal.engine.output_tree import OutputTree
        from portal.engine.state import BuildState, running
        produce.EARLY_FORK_MB = {early_fork_mb!r}
        here = Path({str(tmp_path)!r})
        tree = OutputTree(here / "staging", here / "output")
        asked = []
        def busy():
            asked.append(1)
            return {busy_for!r} is None or len(asked) <= {busy_for!r}
        state = BuildState(tree, here / "output", here, "")
        state.busy.append(busy)
        for n in range(800):
            tree.defer(f"f{{n}}.txt", "", lambda: str(os.getpid()))
        with running(state):
            produce.produce_pending(tree, {{"BUILD_PROCESSES": 2}})
        made = [int((here / "staging" / f"f{{n}}.txt").read_text()) for n in range(800)]
        print(json.dumps({{"pid": os.getpid(), "made": made}}))
    """)
    mine = [n for n, pid in enumerate(got["made"]) if pid == got["pid"]]
    if forked_at is None:
        assert len(mine) == 800
    else:  # the block taken when the helpers were seen to have ended is the build's too
        assert mine[: forked_at * BLOCK] == list(range(forked_at * BLOCK))
        assert len(set(got["made"])) == 2


def test_the_blocks_dealt_cover_every_job_once():
    for count, size in [(1, 16), (200, 16), (1_000_000, 31)]:
        pipe, got = _deal(count)
        with os.fdopen(pipe, "rb") as numbers:
            data = numbers.read()
        starts = [int.from_bytes(data[i : i + 2], "little") * got for i in range(0, len(data), 2)]
        assert got == size and starts == list(range(0, count, size))


def test_the_block_numbers_fit_a_pipe_of_one_page(monkeypatch):
    """Linux gives a pipe one page when a user holds many: the numbers are written before anyone
    reads, so the blocks grow until they fit (a write that would block raises here instead)."""
    real = os.pipe

    def small():
        read_end, write_end = real()
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
        os.set_blocking(write_end, False)
        return read_end, write_end

    monkeypatch.setattr(os, "pipe", small)
    pipe, size = _deal(100_000)
    with os.fdopen(pipe, "rb") as numbers:
        data = numbers.read()
    assert size > 16 and len(data) < 4096
    assert [int.from_bytes(data[i : i + 2], "little") * size for i in range(0, len(data), 2)] == (
        list(range(0, 100_000, size))
    )


def test_the_tree_is_completed_around_the_folders_a_helper_is_still_writing(tmp_path):
    """`finish(but=…)` links the carried-over files and records the strays everywhere but in the
    helper's folders, which it does not look into (a file there may be half written); `finish()`
    then does those folders only."""
    final, staging = tmp_path / "output", tmp_path / "staging"
    old = {"index.html": b"home", "a/index.html": b"a", "search/vi/t/1.json": b"{}"}
    for rel, data in old.items():
        (final / rel).parent.mkdir(parents=True, exist_ok=True)
        (final / rel).write_bytes(data)
    previous = {rel: [digest(data), "", ""] for rel, data in old.items()}
    tree = OutputTree(staging, final, previous)
    tree.write("index.html", b"home")  # unchanged: carried over
    tree.write("a/index.html", b"a, edited")
    (staging / "theme").mkdir()
    (staging / "theme" / "site.css").write_bytes(b"body{}")  # written by other code
    (staging / "search" / "vi").mkdir(parents=True)
    (staging / "search" / "vi" / "manifest.json").write_bytes(b'{"half')  # being written
    tree.finish(but=("search/vi/",))
    assert files(staging) == {
        "index.html",
        "a/index.html",
        "theme/site.css",
        "search/vi/manifest.json",
    }
    assert (staging / "index.html").stat().st_ino == (final / "index.html").stat().st_ino
    assert "search/vi/manifest.json" not in tree.files
    (staging / "search" / "vi" / "manifest.json").write_bytes(b"{}")
    helper = OutputTree(staging, final, previous)  # the helper's own tree, as the index has
    helper.write("search/vi/manifest.json", b"{}")
    helper.write("search/vi/t/1.json", b"{}")
    tree.add(helper.files, sorted(helper.written))
    tree.finish()
    assert files(staging) == {*old, "theme/site.css", "search/vi/manifest.json"}
    assert (staging / "search/vi/t/1.json").stat().st_ino == (
        final / "search/vi/t/1.json"
    ).stat().st_ino
    assert set(tree.files) == files(staging) and tree.written == {
        "a/index.html",
        "theme/site.css",
        "search/vi/manifest.json",
    }
    tree.finish()  # finished already: nothing more to do
    assert files(staging) == {*old, "theme/site.css", "search/vi/manifest.json"}


def test_the_spare_generation_is_brought_up_to_date_by_differences(tmp_path):
    """The spare (the site before the output) becomes the new site: what it has of the output's
    own files stays untouched, everything else is replaced, linked or removed, the helper's folder
    only at the second call; the output is not touched at all."""
    final, staging, spare = tmp_path / "output", tmp_path / "staging", tmp_path / "spare"
    old = {
        "index.html": b"home",
        "a/index.html": b"a",
        "b/index.html": b"b",
        "gone.html": b"gone",
        "search/vi/1.json": b"{}",
    }
    for rel, data in old.items():
        (final / rel).parent.mkdir(parents=True, exist_ok=True)
        (final / rel).write_bytes(data)
    (spare / "a").mkdir(parents=True)
    os.link(final / "index.html", spare / "index.html")  # the output's own file
    (spare / "a" / "index.html").write_bytes(b"a, older")
    shutil.copytree(final / "b", spare / "b")  # the same bytes, but not the output's file
    (spare / "c" / "deep").mkdir(parents=True)  # a folder where the build writes a file
    (spare / "c" / "deep" / "x.html").write_bytes(b"x")
    (spare / "empty" / "er").mkdir(parents=True)
    (spare / "stray.html").write_bytes(b"not ours")
    (spare / "link.html").symlink_to(final / "index.html")
    (spare / "search" / "vi").mkdir(parents=True)
    (spare / "search" / "vi" / "old.json").write_bytes(b"[]")
    previous = {rel: [digest(data), "", stamp(str(final / rel))] for rel, data in old.items()}
    before = {rel: stamp(str(final / rel)) for rel in old}
    tree = OutputTree(staging, final, previous, spare)
    for rel, data in [("index.html", b"home"), ("b/index.html", b"b"), ("c", b"c")]:
        tree.write(rel, data)
    tree.write("a/index.html", b"a, edited")
    tree.write("new/x.html", b"new")
    (staging / "search" / "vi").mkdir(parents=True)
    (staging / "search" / "vi" / "2.json").write_bytes(b'{"half')  # being written
    tree.finish(but=("search/vi/",))
    assert tree.result == spare
    assert (spare / "search" / "vi" / "old.json").exists(), "the helper's folder is left alone"
    helper = OutputTree(staging, final, previous)
    helper.write("search/vi/1.json", b"{}")
    helper.write("search/vi/2.json", b"[2]")
    tree.add(helper.files, sorted(helper.written))
    tree.finish()
    site = {"index.html", "a/index.html", "b/index.html", "c", "new/x.html"}
    assert files(spare) == site | {"search/vi/1.json", "search/vi/2.json"}
    assert sorted(p.name for p in spare.iterdir() if p.is_dir()) == ["a", "b", "new", "search"]
    assert [(spare / rel).read_bytes() for rel in ("a/index.html", "c", "search/vi/2.json")] == [
        b"a, edited",
        b"c",
        b"[2]",
    ]
    for rel in ("index.html", "b/index.html", "search/vi/1.json"):
        assert (spare / rel).stat().st_ino == (final / rel).stat().st_ino, rel
    assert files(staging) == set(), "the new files were moved, not copied"
    after = {rel: stamp(str(final / rel)) for rel in old}
    changed = {rel for rel in old if after[rel] != before[rel]}
    assert changed == {"b/index.html", "search/vi/1.json"}, "only newly linked files' ctime moves"
    assert {rel: (final / rel).read_bytes() for rel in old} == old


@pytest.mark.parametrize("parent", ["the build", "gone"])
def test_a_helper_whose_build_is_gone_ends_at_once(parent):
    """A helper asks to die with its build; if the build died before it could ask (its parent is
    no longer the build that started it), it ends at once instead of running on unwatched."""
    build_pid = os.getpid() if parent == "the build" else 1 << 22  # above any pid in use here
    helper = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from portal.engine.generations import die_with_parent; "
            "die_with_parent(int(sys.argv[1])); print('ran on')",
            str(build_pid),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if parent == "the build":
        assert (helper.returncode, helper.stdout) == (0, "ran on\n"), helper.stderr
    else:
        assert (helper.returncode, helper.stdout) == (1, ""), helper.stderr


class _Item:
    """What Pelican's `process_translations` reads of a page."""

    def __init__(self, slug: str, lang: str, translation: str | None = None, section: str = "a"):
        self.slug, self.lang, self.section = slug, lang, section
        self.in_default_lang = lang == "vi"
        self.metadata = {"translation": translation} if translation else {}
        self.source_path = f"{section}/{slug}.{lang}.md"


def _translation_cases() -> list[_Item]:
    import random

    items = [_Item(f"p{n:03}", lang) for n in range(60) for lang in ("vi", "en")]
    items += [
        _Item("english-only", "en"),
        _Item("two-originals", "vi"),
        _Item("two-originals", "vi", section="b"),
        _Item("marked", "vi", translation="true"),
        _Item("marked", "en"),
        _Item("all-marked", "vi", translation="True"),
        _Item("all-marked", "en", translation="true"),
    ]
    random.Random(7).shuffle(items)
    return items


@pytest.mark.parametrize("translation_id", ["slug", ("slug", "section"), None])
def test_linear_translations_give_what_pelicans_own_gives(translation_id, caplog):
    from pelican.log import LimitFilter
    from pelican.utils import process_translations

    from portal.engine.pelican_fixes import linear_process_translations

    def run(function, items):
        LimitFilter._raised_messages.clear()  # Pelican logs a warning once a process
        caplog.clear()
        return function(items, translation_id), [r.getMessage() for r in caplog.records]

    theirs_list, ours_list = _translation_cases(), _translation_cases()
    theirs, theirs_log = run(process_translations, theirs_list)
    ours, ours_log = run(linear_process_translations, ours_list)

    def names(items):
        return [i.source_path for i in items]

    assert [names(part) for part in ours] == [names(part) for part in theirs]
    assert names(ours_list) == names(theirs_list)  # sorted in place alike
    assert [names(getattr(i, "translations", [])) for i in ours_list] == [
        names(getattr(i, "translations", [])) for i in theirs_list
    ]
    assert ours_log == theirs_log
    if translation_id:
        assert theirs_log  # the odd groups were seen
    assert len(ours[0]) + len(ours[1]) == len(ours_list)


def test_the_build_uses_the_linear_translations(fixture_site):
    import pelican.generators

    from portal.engine.pelican_fixes import linear_process_translations

    assert pelican.generators.process_translations is linear_process_translations


def test_pelicans_content_cache_is_saved_without_growing_the_pages_html(fixture_site, tmp_path):
    """Pickling a non-ASCII string keeps its UTF-8 form inside it; the cache pickles the HTML as
    bytes (`pickling.Utf8Text`) and gives it back as the string, saved and loaded."""
    import sys

    from pelican.readers import Readers
    from pelican.settings import DEFAULT_CONFIG

    settings = DEFAULT_CONFIG | {
        "CACHE_PATH": str(tmp_path),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CHECK_MODIFIED_METHOD": "sha256",
    }
    source = tmp_path / "page.md"
    source.write_text("Người bán hàng", encoding="utf-8")
    html = "<p>Người bán hàng</p>".encode().decode()  # a string no pickle has seen
    size = sys.getsizeof(html)
    readers = Readers(settings, "readers")
    readers.cache_data(str(source), (html, {"title": "Người"}))
    readers.save_cache()
    assert sys.getsizeof(html) == size
    again = Readers(settings, "readers").get_cached_data(str(source), (None, None))
    assert again == (html, {"title": "Người"}) and type(again[0]) is str


def test_pelicans_content_cache_is_saved_in_pieces_and_read_back_whole(fixture_site, tmp_path):
    """Pickled at once, the cache kept the UTF-8 bytes of every page's HTML until it was written;
    in pieces (`pickling.dump_pieces`) at most a piece's are held, and a new `Readers` reads every
    piece, not only the first that Pelican's own loading reads."""
    import tracemalloc

    from pelican.readers import Readers
    from pelican.settings import DEFAULT_CONFIG

    from portal.engine.pickling import PIECE

    settings = DEFAULT_CONFIG | {
        "CACHE_PATH": str(tmp_path),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CHECK_MODIFIED_METHOD": "sha256",
    }
    sources = []
    readers = Readers(settings, "readers")
    for n in range(3 * PIECE):
        sources.append(tmp_path / f"page-{n}.md")
        sources[-1].write_text(str(n), encoding="utf-8")
        readers.cache_data(str(sources[-1]), (f"<p>Người bán hàng {n}</p>" * 200, {"n": n}))
    html_bytes = len("<p>Người bán hàng 0</p>".encode()) * 200 * len(sources)
    tracemalloc.start()
    try:
        readers.save_cache()
        held = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert held < html_bytes / 2
    again = Readers(settings, "readers")
    for n in (0, PIECE, 3 * PIECE - 1):
        found = again.get_cached_data(str(sources[n]), (None, None))
        assert found == (f"<p>Người bán hàng {n}</p>" * 200, {"n": n})
    # cut short after its first piece: read again from the content, not a crash
    cache_file = tmp_path / "readers"
    cache_file.write_bytes(cache_file.read_bytes()[: cache_file.stat().st_size // 2])
    assert Readers(settings, "readers").get_cached_data(str(sources[0]), "none") == "none"


def test_pieces_are_read_back_as_one_list_and_an_empty_run_as_none():
    import io
    import pickle

    from portal.engine.pickling import PIECE, dump_pieces, load_pieces

    for count in (0, 1, PIECE, PIECE + 1):
        file = io.BytesIO()
        dump_pieces(file, ((n, str(n)) for n in range(count)))
        file.write(b"after")
        file.seek(0)
        assert load_pieces(file) == [(n, str(n)) for n in range(count)]
        assert file.read() == b"after"
    empty = io.BytesIO()
    dump_pieces(empty, [])
    assert pickle.loads(empty.getvalue()) is None  # what Pelican's loading reads: not a dict


def test_a_pickle_is_sealed_as_it_is_written_the_same_file_as_a_whole(tmp_path):
    import pickle

    from portal.engine.sealed import dump_pickle, load_pickle, write_sealed

    # more than one frame of the pickle and one chunk of the copy (1 MB)
    value = {"terms": [("đường", bytes(range(200)))] * 3000, "numbers": list(range(300_000))}
    dump_pickle(tmp_path / "streamed", "kind", "1", value)
    whole = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    write_sealed(tmp_path / "whole", "kind", "1", whole)
    assert (tmp_path / "streamed").read_bytes() == (tmp_path / "whole").read_bytes()
    assert (tmp_path / "streamed").stat().st_size > len(whole) > 1 << 20
    assert load_pickle(tmp_path / "streamed", "kind", "1", lambda v: True) == value
    assert sorted(p.name for p in tmp_path.iterdir()) == ["streamed", "whole"]  # nothing left


def test_the_build_collects_cycles_less_often_and_puts_the_thresholds_back(tmp_path):
    import gc

    from pelican import signals

    seen = []

    def note(_pelican):
        seen.append(gc.get_threshold())

    before = gc.get_threshold()
    signals.finalized.connect(note)
    try:
        build_fixture(tmp_path / "output")
    finally:
        signals.finalized.disconnect(note)
    assert seen == [(200_000, 30, 30)]
    assert gc.get_threshold() == before


@pytest.mark.parametrize("left", [True, False], ids=["as-invoke-build", "collected-at-exit"])
def test_the_build_command_leaves_what_the_build_made_to_the_os(tmp_path, left):
    """`invoke build` ends its process once the site is built: the interpreter's last collection
    does not walk the build's objects (a cycle the build left, with a finaliser, is never
    collected). Without `leave_to_the_os` the same cycle is collected at exit."""
    freed = tmp_path / "freed"
    got = in_fresh_python(f"""
        import gc, json
        from pathlib import Path
        from invoke import Context
        import portal.engine.build as engine
        import tasks
        gc.disable()  # no collection but the interpreter's last one
        class Made:
            def __del__(self):
                Path({str(freed)!r}).write_text("freed")
        def build(settings, output):
            made = Made()
            made.itself = made  # garbage once the build returns, freed only by a collection
            return output
        engine.build = build
        if not {left!r}:
            engine.leave_to_the_os = lambda: None
        tasks.build(Context(), output={str(tmp_path / "output")!r})
        print(json.dumps({{"frozen": gc.get_freeze_count() > 0}}))
    """)
    assert got == {"frozen": left}
    assert freed.exists() is not left


def test_files_made_from_the_whole_site_are_queued_first(tmp_path, monkeypatch):
    """The iCalendar feeds, the open data and the site's feeds lead the queue, so that a large
    build makes them alone, before it forks its second renderer (`portal.engine.produce`); the
    pages keep their order behind them."""
    queued: list[str] = []
    make = engine.produce_pending

    def watched(tree, settings):
        queued.extend(rel for rel, _key, _produce in tree.pending)
        make(tree, settings)

    monkeypatch.setattr(engine, "produce_pending", watched)
    build_fixture(tmp_path / "site")

    def whole_site(rel: str) -> bool:
        return (
            rel.endswith(".ics")
            or (rel.endswith("feed.atom") and "localities/" not in rel)
            or (rel.startswith("data/") and rel.endswith((".json", ".csv")))
        )

    first = [rel for rel in queued if whole_site(rel)]
    assert {"calendar.ics", "en/feed.atom", "en/plans/feed.atom", "data/plans.csv"} <= set(first)
    assert queued[: len(first)] == first
    assert any(rel.startswith("localities/") and rel.endswith("feed.atom") for rel in queued)
