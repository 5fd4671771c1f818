"""Build the site with Pelican beside `output/` and put it in place of `output/` in one step.

Usage: `build(Path("pelicanconf.py"), Path("output"))`.

`output/` is always one complete site, the previous or the new one. A failed build (a content
error, any error Pelican logs, a full disk, a read-only folder) raises `BuildError` or
`ContentError` and leaves `output/` exactly as it was; a killed build leaves it too, and the next
build cleans what the killed one left (`portal.engine.generations`).

Builds are incremental. The caches of `output/` live beside it, in `.output.cache/`: Pelican's
content cache (under a name that changes with the code and settings, `portal.engine.fingerprint`;
files are compared by content digest, not modification time), the search and template caches, and
the manifest of the files of the last build (`portal.engine.output_tree`). Every cache is checked
before it is trusted (`portal.engine.sealed`): a damaged one is discarded with a one-line notice. A
rebuild renders only the pages whose inputs changed (`portal.engine.caching_writer`, which the build
installs itself, and whose queue it makes once Pelican has run: `portal.engine.produce`), carries
the other files of `output/` over by hard link once they are checked against the manifest, and swaps
the new tree in; the previous tree is kept as the spare that the next build updates
(`portal.engine.generations`). `incremental=False` (publishing) builds from nothing with a
throwaway cache and keeps no spare.
"""

from __future__ import annotations

import copy
import gc
import logging
import shutil
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from pelican import Pelican, signals
from pelican.settings import read_settings

from portal.content.problems import ContentError
from portal.engine import caching_writer, generations, pelican_fixes
from portal.engine.file_digests import FileDigests
from portal.engine.fingerprint import code_fingerprint, site_fingerprint
from portal.engine.output_tree import OutputTree, load_manifest, save_manifest
from portal.engine.produce import produce_pending
from portal.engine.sealed import check_folder, seal_folder
from portal.engine.state import BuildState, current, running
from portal.settings import SettingsError, apply

DIGESTS = "file-digests.cache"  # in the cache folder: `portal.engine.file_digests`
# sent once a generator and its caches are made (`generator_init` comes before its own cache)
MADE_SIGNALS = (signals.article_generator_init, signals.page_generator_init)


class BuildError(RuntimeError):
    pass


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def _fail_on_logged_errors():
    """Pelican logs some failures (a file it could not read) and carries on; we do not."""
    counter = _ErrorCounter()
    logger = logging.getLogger("pelican")
    logger.addHandler(counter)
    try:
        yield
    finally:
        logger.removeHandler(counter)
    if counter.messages:
        raise BuildError("the build logged errors:\n" + "\n".join(counter.messages))


def cache_dir(output: Path) -> Path:
    """Where the build caches of `output` live."""
    return output.parent / f".{output.name}.cache"


def build(
    settings_file: Path,
    output: Path,
    overrides: dict | None = None,
    finish=None,
    incremental: bool = True,
) -> Path:
    """`finish(staging)`, if given, runs on the built tree before the swap (a failure there also
    keeps the old output)."""
    output = output.resolve()
    cache = cache_dir(output)
    try:
        with generations.lock(cache):
            generations.clean_leftovers(output)
            _clean_cache(cache)
            return _build_in(settings_file, output, cache, overrides, finish, incremental)
    except OSError as exc:  # the cache folder or the output's folder cannot be written
        raise BuildError(_os_error(exc)) from exc


def leave_to_the_os() -> None:
    """For a command whose process ends once the build has (`invoke build`, `invoke publish`):
    what the build read and made is left for the operating system to reclaim with the process,
    not collected at exit. Pelican's pages, generators and contexts refer to each other, so only
    the cycle collector frees them, and the interpreter's last collection walked and freed them
    one by one: 0.3 s at the national fixture, 3.5 s at ten times its content (`bench/profile.md`).
    `gc.freeze` puts every object out of its reach; output and caches are written already. Never
    in a process that goes on (the tests, `invoke serve`): its garbage would stay for good."""
    gc.freeze()


def _clean_cache(cache: Path) -> None:
    """What a killed build left in the cache: its search job files and a publish's scratch cache."""
    for path in cache.glob("search-job-*"):
        path.unlink()
    for path in cache.glob("build-cache-*"):
        shutil.rmtree(path, ignore_errors=True)


def _build_in(
    settings_file: Path,
    output: Path,
    cache: Path,
    overrides: dict | None,
    finish,
    incremental: bool,
) -> Path:
    if incremental:
        return _build(settings_file, output, cache, overrides, finish, incremental)
    for stale in (
        "content-*",
        "output-manifest.json",
        "search-*.pickle",
        "jinja-*",
    ):  # the output is replaced wholesale
        for path in cache.glob(stale):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    scratch = Path(tempfile.mkdtemp(prefix="build-cache-", dir=cache))
    try:
        return _build(settings_file, output, scratch, overrides, finish, incremental)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _build(
    settings_file: Path,
    output: Path,
    cache: Path,
    overrides: dict | None,
    finish,
    incremental: bool,
) -> Path:
    staging = generations.staging_for(output)
    settings = read_settings(
        str(settings_file), override={**(overrides or {}), "OUTPUT_PATH": str(staging)}
    )
    try:
        settings = apply(
            copy.deepcopy(settings)
        )  # Pelican edits some values (MARKDOWN) in place: keep pelicanconf's own intact
    except SettingsError as exc:
        raise BuildError(str(exc)) from exc
    code = code_fingerprint(settings)
    settings["CACHE_PATH"] = _content_cache(cache, code)
    settings["CHECK_MODIFIED_METHOD"] = (
        "sha256"  # an edit that keeps the file's mtime is still an edit
    )
    tree = OutputTree(
        staging,
        output,
        load_manifest(cache, output) if incremental else {},
        generations.spare_of(output) if incremental else None,
    )
    digests = FileDigests.load(cache / DIGESTS) if incremental else FileDigests()
    fingerprint = site_fingerprint(settings, code, digests)
    try:
        with (
            running(BuildState(tree, output, cache, fingerprint, digests=digests)) as state,
            _fewer_collections(),
        ):
            _make(settings, state, finish)
        generations.checkpoint("staged")
        generations.exchange(tree.result, output)
    except ContentError:  # the content was read whole: what Pelican cached of it stays good
        shutil.rmtree(staging, ignore_errors=True)
        seal_folder(Path(settings["CACHE_PATH"]))
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    generations.checkpoint("swapped")
    _keep_previous(tree, incremental)
    save_manifest(cache, tree)
    seal_folder(Path(settings["CACHE_PATH"]))
    if incremental:
        digests.save(cache / DIGESTS)
    return output


def _keep_previous(tree: OutputTree, incremental: bool) -> None:
    """The previous output is now where the new site was assembled: it becomes the spare
    generation of the next build (`portal.engine.generations`), or goes when publishing.
    Staging is deleted (when the spare was used, only its emptied folders are left)."""
    if tree.result == tree.staging and incremental and tree.staging.exists():
        tree.staging.rename(generations.spare_for(tree.final))
    shutil.rmtree(tree.staging, ignore_errors=True)


def _make(settings: dict, state: BuildState, finish) -> None:
    """Run Pelican into staging, make every queued file, wait for the helpers (the search index)
    and complete the tree there; every failure becomes a build error."""
    tree = state.tree
    caching_writer.install()
    pelican_fixes.install()
    for made in MADE_SIGNALS:  # a generator made, with its caches
        made.connect(_stamp_by_digest)
    signals.all_generators_finalized.connect(_freeze_what_was_read)
    try:
        with _fail_on_logged_errors():
            Pelican(settings).run()
        gc.freeze()
        produce_pending(tree, settings)
        if finish is None:  # the rest of the tree, while the helpers still run
            tree.finish(but=tuple(state.helper_folders))
        state.join_helpers()
        if finish is not None:
            finish(tree.staging)
        tree.finish()
    except (ContentError, BuildError):
        raise
    except OSError as exc:
        raise BuildError(_os_error(exc)) from exc
    except Exception as exc:  # a template or plugin bug: same rule, previous output stays
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        signals.all_generators_finalized.disconnect(_freeze_what_was_read)
        for made in MADE_SIGNALS:
            made.disconnect(_stamp_by_digest)
        gc.unfreeze()
        with suppress(Exception):  # a failed build still waits for what it started
            state.join_helpers()


@contextmanager
def _fewer_collections():
    """Python's cycle collector runs after every 700 new objects, and each full collection walks
    every object alive: reading 20,000 pages back from Pelican's cache makes millions, and the
    collections took about a sixth of a warm build at that size. As mypy does, the build raises
    the first threshold to 200,000 (garbage without cycles is freed at once as always; cycles a
    little later) and puts the thresholds back afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _stamp_by_digest(generator) -> None:
    """Pelican's content cache stamps each file with its SHA-256 (`CHECK_MODIFIED_METHOD`): it
    gets the same digest from the build's memo, which reads only files changed since
    (`portal.engine.file_digests`)."""
    build = current()
    if build is None:
        return
    for cacher in (generator, generator.readers):  # both are Pelican's FileStampDataCacher
        cacher._filestamp_func = build.digests.whole


def _freeze_what_was_read(_generators) -> None:
    """What was read lives until the build ends: the garbage collector stops going over it
    (`gc.freeze`). Rendering then makes its short-lived objects without a full collection
    walking the whole site again and again, and the forked renderer (`portal.engine.produce`)
    does not copy every page of its parent's memory by touching the objects' headers. `_make`
    freezes again once the pages are queued, and thaws everything when the build ends."""
    gc.freeze()


def _os_error(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"could not write the site: {exc.strerror or exc}{where}"


def _content_cache(cache: Path, code: str) -> str:
    """Pelican's content cache, in a folder named after the code and settings; older ones go.
    A folder that is not what the last good build left is discarded (`portal.engine.sealed`)."""
    folder = cache / f"content-{code[:16]}"
    for old in cache.glob("content-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    check_folder(folder)
    return str(folder)
