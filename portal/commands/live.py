"""Instant preview for `invoke serve`: an edit of a content file shows in the served page at once.

A preview server lives long, so it keeps what its last build made in memory (`LiveSite`): the
Pelican generators with their contexts, settings and templates, every content page, and, for each
file the writer was given (`portal.engine.caching_writer.recorder`), the generator that wrote it and
the content pages it was given as its own (`page=`, `item=`: the page itself, its poster and flyer).

After an edit `LiveSite.apply` re-reads only the changed files and, when the edit is one it can
show exactly,

- a body edit (the front matter is byte for byte the same): no other page shows a page's body
  (the rule render keys rely on, `portal.engine.caching_writer`), so only the files given that page
  change;
- a title or summary edit (nothing else in the front matter changed): the same files, with the
  new title,

puts the new body or title into the page object, has the generators that wrote those files
(the pages' and the posters': they only render) run their output step again into a writer that
renders just those files, and writes the ones whose bytes changed into the preview's output, in
place (each by an atomic rename: a reader sees the old file or the new one). Nothing else is
rendered. Any other change (a new or deleted file, other metadata, a file with problems, the
theme, the code, the settings) has no fast path: `apply` returns None.

Either way the full build follows (`Settle`, in a thread): the ordinary incremental build of
`portal.engine.build`, with its staging folder, manifest and atomic swap, which also brings
everything the fast path leaves for later up to date (list pages, search, feeds, localities, open
data). It records the new state, and any edit made while it ran is shown again on the new tree. So
the pages served once the build has finished are those of a cold build of the same tree
(tests/test_serve.py compares them), and the first page to change after a body or title edit
is the edited one, in a fraction of a second. The published path (`invoke build`, `publish`)
never uses any of this.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.contents import Content

from portal.engine import caching_writer
from portal.engine.file_digests import front_matter

RENDER_ONLY = (
    "PagesGenerator",
    "PostersGenerator",
)  # generators whose output step only calls the writer
DISPLAY_ONLY = (
    "title",
    "summary",
)  # front matter fields the fast path shows (the others wait for the build)


def _digest(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


class Recorder:
    """Called by the build's writer for every file it is given
    (`portal.engine.caching_writer.recorder`)."""

    def __init__(self):
        self.settings: dict | None = None
        self.generators: dict[str, object] = {}  # output file -> the generator that wrote it
        self.owners: dict[
            str, list[str]
        ] = {}  # source file (absolute) -> output files given it as their own
        self.pages: dict[str, Content] = {}  # source file (absolute) -> its page

    def __call__(self, writer, name, template, context, relative_urls, kwargs) -> None:
        if self.settings is None:
            self.settings = writer.settings
        self.generators[name] = _calling_generator()
        for value in kwargs.values():
            if isinstance(value, Content) and value.source_path:
                source = os.path.abspath(value.source_path)
                self.pages[source] = value
                self.owners.setdefault(source, []).append(name)


def _calling_generator():
    """The generator whose `generate_output` called the writer (None if there is none)."""
    from pelican.generators import Generator

    frame = sys._getframe(2)
    for _ in range(12):
        if frame is None:
            return None
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, Generator):
            return candidate
        frame = frame.f_back
    return None


@dataclass
class State:
    """What one build made, kept in memory."""

    recorder: Recorder
    sources: dict[
        str, tuple[str, bytes]
    ]  # content file (absolute) -> (digest, front matter) as the build read it
    stale: set = field(default_factory=set)  # output files a fast path showed a newer version of


def read_sources(content: Path) -> dict[str, tuple[str, bytes]]:
    out = {}
    for root, _dirs, names in os.walk(content):
        for name in names:
            if name.endswith(".md"):
                path = os.path.join(root, name)
                with open(path, "rb") as fh:
                    data = fh.read()
                out[os.path.abspath(path)] = (_digest(data), front_matter(data))
    return out


class OnlyThese:
    """A writer that renders only the files named in `wanted`, into `made`."""

    def __init__(self, wanted: set[str]):
        self.wanted = wanted
        self.made: dict[str, bytes] = {}

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if name in self.wanted:
            local = caching_writer.CachingWriter._local_context(
                context, name, relative_urls, kwargs
            )
            self.made[name] = template.render(local).encode("utf-8")


class LiveSite:
    """The site a preview serves: `build()` (the full build, recorded), `apply(paths)` (the fast
    path)."""

    def __init__(
        self,
        settings_file: Path,
        output: Path,
        overrides: dict | None = None,
        build: Callable | None = None,
    ):
        from pelican.settings import read_settings

        from portal.engine.build import build as build_site

        self.settings_file, self.output = Path(settings_file), Path(output).resolve()
        self.overrides = overrides or {}
        self._build = build or build_site
        settings = read_settings(str(settings_file), override=dict(self.overrides))
        self.content = Path(settings["PATH"]).resolve()
        self.theme = Path(settings["THEME"]).resolve()
        self.state: State | None = None
        self.lock = threading.RLock()
        self.rendered: list[str] = []  # the files the last `apply` rendered (the tests count them)
        self.written_during: set[str] = (
            set()
        )  # files the fast path wrote while the running build ran

    def build(self) -> Path:
        """The full build of `portal.engine.build` (its errors propagate), recorded for the fast
        path."""
        sources = read_sources(self.content)
        recorder = Recorder()
        with self.lock:
            self.written_during = set()
        caching_writer.recorder = recorder
        try:
            path = self._build(self.settings_file, self.output, self.overrides)
        except BaseException:
            with self.lock:
                self.state = (
                    None  # the preview shows the build's problems: no fast path until one succeeds
                )
            raise
        finally:
            caching_writer.recorder = None
            self._restamp()
        with self.lock:
            _forget_memos()
            self.state = State(recorder, sources) if recorder.settings is not None else None
        return path

    def _restamp(self) -> None:
        """A file the fast path wrote while the build ran may have been carried into the new
        output under the build's record of its older bytes: give it a new stamp, so that the
        next build checks its bytes rather than trust that record (`portal.engine.output_tree`)."""
        with self.lock:
            for name in self.written_during:
                with contextlib.suppress(OSError):
                    os.utime(self.output / name)  # changes its ctime too, which the stamp includes
            self.written_during = set()

    def changed(self) -> list[str]:
        """Content files that differ from what the last build read (new and deleted ones too)."""
        state = self.state
        if state is None:
            return []
        now = {path: entry[0] for path, entry in read_sources(self.content).items()}
        before = {path: entry[0] for path, entry in state.sources.items()}
        return sorted(
            path for path in now.keys() | before.keys() if now.get(path) != before.get(path)
        )

    def apply(self, paths: Iterable[str]) -> list[str] | None:
        """Show the edits of the content files `paths` in the output now: the output files
        written (their bytes changed), or None if only the full build can show these edits."""
        with self.lock:
            self.rendered = []
            state = self.state
            if state is None:
                return None
            edits = []
            for path in sorted({os.path.abspath(p) for p in paths}):
                if not path.endswith(".md"):
                    continue
                old = state.sources.get(path)
                try:
                    data = Path(path).read_bytes()
                except OSError:
                    return None  # deleted
                if old is None:
                    return None  # a new file
                if _digest(data) != old[0]:
                    edits.append((path, data, old))
            written: list[str] = []
            for path, data, old in edits:
                done = self._edit(state, path, data, old)
                if done is None:
                    self.state = (
                        None  # a page may be half updated: only the build goes on from here
                    )
                    return None
                written += done
            return written

    def _edit(
        self, state: State, path: str, data: bytes, old: tuple[str, bytes]
    ) -> list[str] | None:
        from plugins.portal_reader.portal_reader import PortalReader

        page = state.recorder.pages.get(path)
        names = state.recorder.owners.get(path, [])
        if page is None or not names:
            return None
        settings = state.recorder.settings
        html, metadata = PortalReader(settings).read(path)
        if not self._same_except_display(page, metadata, same_front=front_matter(data) == old[1]):
            return None
        page._content = html
        page.__dict__.pop("_body_digest", None)
        for key in DISPLAY_ONLY + ("data", "source_doc"):
            page.metadata[key] = metadata[key]
            setattr(page, key, metadata[key])
        if "summary" in metadata:
            page._summary = metadata["summary"]
        page.refresh_metadata_intersite_links()
        _forget_memos(page)
        made = self._render(state, set(names))
        if made is None:
            return None
        state.sources[path] = (_digest(data), front_matter(data))
        return self._write(made)

    @staticmethod
    def _same_except_display(page: Content, metadata: dict, same_front: bool) -> bool:
        """The new reading differs from the page only in its body, title or summary, and has no
        problem (nor any other link or phone number) than before: no check across files can come
        out otherwise."""
        old_doc, new_doc = page.metadata.get("source_doc"), metadata.get("source_doc")
        if old_doc is None or new_doc is None or metadata.get("data") is None:
            return False
        if [str(p) for p in old_doc.problems] != [str(p) for p in new_doc.problems]:
            return False
        if _addresses(old_doc) != _addresses(new_doc) or _numbers(old_doc) != _numbers(new_doc):
            return False
        keys = set(metadata) - set(DISPLAY_ONLY) - {"data", "source_doc"}
        if any(page.metadata.get(key) != metadata[key] for key in keys):
            return False
        if same_front:
            return True
        ignore = set(DISPLAY_ONLY)
        return page.data.model_dump(exclude=ignore) == metadata["data"].model_dump(
            exclude=ignore
        ) and type(page.data) is type(metadata["data"])

    def _render(self, state: State, names: set[str]) -> dict[str, bytes] | None:
        by_generator: dict[int, tuple[Any, set[str]]] = {}
        for name in names:
            generator = state.recorder.generators.get(name)
            if generator is None or type(generator).__name__ not in RENDER_ONLY:
                return None
            by_generator.setdefault(id(generator), (generator, set()))[1].add(name)
        made: dict[str, bytes] = {}
        for generator, wanted in by_generator.values():
            writer = OnlyThese(wanted)
            generator.generate_output(writer)
            if set(writer.made) != wanted:
                return None  # the page no longer gives the same files
            made.update(writer.made)
        self.rendered += sorted(made)
        return made

    def _write(self, made: dict[str, bytes]) -> list[str]:
        written = []
        for name, data in sorted(made.items()):
            target = self.output / name
            try:
                if target.read_bytes() == data:
                    continue
            except OSError:
                pass
            temporary = target.with_name(f".{target.name}.live-{os.getpid()}")
            temporary.write_bytes(data)
            os.replace(
                temporary, target
            )  # never in place: the file may share its inode with a build's tree
            written.append(name)
            self.written_during.add(name)
        return written


def _addresses(doc) -> list[str]:
    """The addresses the body links to (the checks across files read them; their lines only place a
    report)."""
    return [address for _line, address in doc.links or []]


def _numbers(doc) -> list[str]:
    """The phone numbers the file shows (checked against the hotlines across files)."""
    return [number for _line, _field, number in doc.numbers or []]


def _forget_memos(page: Content | None = None) -> None:
    """Pelican memoizes a page's content and summary for good: forget one page's, or all."""
    for name in ("get_content", "get_summary"):
        cache = Content.__dict__[name].cache
        if page is None:
            cache.clear()
        else:
            for key in [key for key in list(cache) if key and key[0] is page]:
                del cache[key]


class Settle(threading.Thread):
    """The full builds, one at a time, in the background: `request()` asks for one more."""

    def __init__(self, preview, site: LiveSite, notify: Callable[[], None]):
        super().__init__(name="preview-build", daemon=True)
        self.preview, self.site, self.notify = preview, site, notify
        self.wanted = threading.Event()
        self.idle = threading.Event()
        self.idle.set()

    def request(self) -> None:
        self.idle.clear()
        self.wanted.set()

    def run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            self.settle()
            if not self.wanted.is_set():
                self.idle.set()

    def settle(self) -> None:
        started = time.monotonic()
        try:
            if self.preview.rebuild():
                print(
                    f"The whole preview is up to date ({time.monotonic() - started:.1f} s)",
                    file=sys.stderr,
                )
                late = self.site.changed()  # edited while the build ran: show them on the new tree
                if late:
                    self.site.apply(late)
                    self.wanted.set()
        except Exception as exc:  # noqa: BLE001 — the server keeps serving the last good site
            print(f"The preview build stopped: {type(exc).__name__}: {exc}", file=sys.stderr)
        self.notify()


class LiveLoop:
    """Watches the content, theme, code and settings; shows content edits at once (`LiveSite.apply`)
    and has the full build follow every change (`Settle`)."""

    def __init__(
        self, preview, site: LiveSite, watched: Iterable[Path], notify: Callable[[], None]
    ):
        self.preview, self.site, self.notify = preview, site, notify
        self.watched = [Path(p).resolve() for p in watched]
        self.settle = Settle(preview, site, notify)
        self.seen = self._stamps()

    def _stamps(self) -> dict[str, tuple[int, int]]:
        stamps = {}
        for root in self.watched:
            if root.is_file():
                st = root.stat()
                stamps[str(root)] = (st.st_mtime_ns, st.st_size)
                continue
            for folder, dirs, names in os.walk(root):
                dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
                for name in names:
                    path = os.path.join(folder, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    stamps[path] = (st.st_mtime_ns, st.st_size)
        return stamps

    def start(self) -> None:
        """Start the build thread and watch the files (with inotify, through watchfiles)."""
        from tornado.ioloop import IOLoop

        self.settle.start()
        threading.Thread(
            target=self._watch, args=(IOLoop.current(),), name="preview-watch", daemon=True
        ).start()

    def _watch(self, loop) -> None:
        from watchfiles import watch

        for changes in watch(
            *self.watched, step=20, raise_interrupt=False
        ):  # a batch once 20 ms pass without a change
            loop.add_callback(self.changed, sorted({path for _change, path in changes}))

    def poll(self) -> list[str] | None:
        """One look at the watched files by their stamps (the tests use it in place of the watcher
        thread)."""
        now = self._stamps()
        changed = sorted(
            path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path)
        )
        self.seen = now
        return self.changed(changed) if changed else []

    def changed(self, paths: list[str]) -> list[str] | None:
        """Show the edits at once if the fast path can (what it wrote, or None), then rebuild."""
        written = None
        content = str(self.site.content) + os.sep
        if self.preview.error is None and all(
            os.path.abspath(path).startswith(content) for path in paths
        ):
            written = self.site.apply(paths)
            if written:
                print(
                    f"Showed {len(paths)} edited file(s) at once: {', '.join(written)}",
                    file=sys.stderr,
                )
                self.notify()
        self.settle.request()
        return written


def reload_browsers() -> None:
    """Tell every open page to reload (livereload's clients)."""
    from livereload.handlers import LiveReloadHandler

    if getattr(LiveReloadHandler, "watcher", None) is not None:
        LiveReloadHandler.reload_waiters()


def serve_live(preview, site: LiveSite, watched: Iterable[Path], port: int) -> None:
    """Build, then serve on http://127.0.0.1:`port`: content edits show at once, every change is
    rebuilt."""
    from tornado.ioloop import IOLoop

    from portal.commands.serve import PreviewServer

    preview.rebuild()  # before any thread starts: the first build may render in two processes
    server = PreviewServer(preview)
    server.watch(
        str(site.settings_file)
    )  # livereload's own watcher would otherwise walk the working folder
    loop = IOLoop.current()
    live = LiveLoop(preview, site, watched, lambda: loop.add_callback(reload_browsers))
    loop.add_callback(live.start)
    server.serve(port=port, host="127.0.0.1")
