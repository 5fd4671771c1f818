"""Index and export every language in a second process, while Pelican renders the pages.

Indexing is the slowest part of a build and needs nothing the renderer produces, so the
generator hands the documents to `python -m plugins.search_index` (`start`) and the build
waits for it on `finalized` (`finish`); a failure there fails the build. A plain subprocess, not
multiprocessing: a fork could deadlock inside a process with threads (the test suite's browser),
and "spawn" re-runs the caller's main script, which need not guard itself.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .export import export
from .indexer import build_index, save_copy

STAMP = "manifest-version"


def index_all(docs_by_lang: dict[str, list], output: str, reference: str) -> None:
    shutil.rmtree(reference, ignore_errors=True)
    for lang, docs in docs_by_lang.items():
        index = build_index(docs, lang)
        manifest = export(index, docs, lang, Path(output) / "search" / lang)
        save_copy(index, Path(reference) / lang)
        (Path(reference) / lang / STAMP).write_text(manifest["version"], encoding="utf-8")


def start(docs_by_lang: dict[str, list], output: Path, reference: Path) -> tuple:
    handle, batch = tempfile.mkstemp(prefix="search-docs-", suffix=".pickle")
    with os.fdopen(handle, "wb") as fh:
        pickle.dump(docs_by_lang, fh, protocol=pickle.HIGHEST_PROTOCOL)
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-m", "plugins.search_index", batch, str(output), str(reference)], env=env, cwd=root)
    return process, batch


def finish(running: tuple) -> None:
    process, batch = running
    code = process.wait()
    Path(batch).unlink(missing_ok=True)
    if code != 0:
        raise RuntimeError(f"search index: the indexing process failed (exit code {code}); its error is printed above")


def main(argv: list[str]) -> None:
    """`python -m plugins.search_index BATCH OUTPUT REFERENCE` (see `start`)."""
    batch_file, output_dir, reference_folder = argv
    with open(batch_file, "rb") as fh:
        index_all(pickle.load(fh), output_dir, reference_folder)
