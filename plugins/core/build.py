"""Build the site with Pelican into a fresh directory and bring it into place only on success.

Usage: `build(Path("pelicanconf.py"), Path("output"))`.

A failed build (a content error, or any error Pelican logs) raises and leaves the previous
`output/` exactly as it was.

Builds are incremental. The caches of `output/` live beside it, in `.output.cache/`: Pelican's
content cache (under a name that changes with the code and settings, `core.fingerprint`) and
the manifest of the files of the last build (`core.output_tree`). A rebuild renders only the
pages whose inputs changed (the `render_cache` plugin), and moves only the files whose bytes
changed into `output/`. `incremental=False` (publishing) builds from nothing: the staging folder
becomes the output.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from .fingerprint import code_fingerprint, site_fingerprint
from .output_tree import OutputTree, apply, load_manifest, save_manifest
from .problems import ContentError


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


def build(settings_file: Path, output: Path, overrides: dict | None = None, finish=None, incremental: bool = True) -> Path:
    """`finish(staging)`, if given, runs on the built tree before the swap (a failure there also keeps the old output)."""
    output = output.resolve()
    staging = output.parent / f".{output.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    cache = cache_dir(output)
    if not incremental:  # the output is replaced wholesale: its old manifest would lie
        shutil.rmtree(cache, ignore_errors=True)
        cache = Path(tempfile.mkdtemp(prefix="build-cache-"))
    try:
        return _build(settings_file, output, staging, cache, overrides, finish, incremental)
    finally:
        if not incremental:
            shutil.rmtree(cache, ignore_errors=True)


def _build(settings_file: Path, output: Path, staging: Path, cache: Path, overrides: dict | None, finish, incremental: bool) -> Path:
    settings = read_settings(str(settings_file), override={**(overrides or {}), "OUTPUT_PATH": str(staging), "FINAL_OUTPUT_PATH": str(output)})
    settings = copy.deepcopy(settings)  # Pelican edits some values (MARKDOWN) in place: keep pelicanconf's own intact
    settings["BUILD_CACHE_PATH"] = str(cache)  # caches that check their own inputs (search terms)
    code = code_fingerprint(settings)
    settings["CACHE_PATH"] = _content_cache(cache, code)
    settings["SITE_FINGERPRINT"] = site_fingerprint(settings, code)
    tree = settings["OUTPUT_TREE"] = OutputTree(staging, output, load_manifest(cache, output) if incremental else {})
    try:
        with _fail_on_logged_errors():
            Pelican(settings).run()
        if finish is not None:
            finish(staging)
        tree.finish()
    except (ContentError, BuildError):
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except Exception as exc:  # a template or plugin bug: same rule, previous output stays
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    _bring_into_place(tree)
    if incremental:
        save_manifest(cache, tree)
    return output


def _content_cache(cache: Path, code: str) -> str:
    """Pelican's content cache, in a folder named after the code and settings; older ones go."""
    folder = cache / f"content-{code[:16]}"
    for old in cache.glob("content-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    return str(folder)


def _bring_into_place(tree: OutputTree) -> None:
    if tree.incremental:
        apply(tree)
        shutil.rmtree(tree.staging, ignore_errors=True)
    else:
        swap_into_place(tree.staging, tree.final)


def swap_into_place(staging: Path, output: Path) -> None:
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)
