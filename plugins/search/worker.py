"""Export every language's index in a second process, while Pelican renders the pages.

The export needs nothing the renderer produces, so the generator hands the documents to a second
process (`start`) and the build waits for it once its queued pages are made (`finish`); a failure
there fails the build. Where the build may fork (`portal.engine.produce.may_fork`: no other thread,
more than one core) the process is a forked child, which makes the documents itself from the
context it shares, a language at a time (so the build process neither spends that time nor keeps
them); elsewhere it is `python -m plugins.search JOB RESULT BUILD_PID`, a new interpreter that
reads them from a job file (a fork could deadlock inside a process with threads, such as the test
suite's browser). Not multiprocessing: its "spawn" re-runs the caller's main script, which need
not guard itself. Either dies with the build (`portal.engine.generations.die_with_parent`).

The process writes through an `OutputTree` of its own, made from the previous build's files under
`search/<lang>/`: a file whose bytes did not change is not written again. Its result (the files it
made, as `OutputTree.part()`, and how many documents it analysed) comes back as JSON for the build's
own tree. Terms come from the analysis cache (`cache.py`) when it has them. The languages are
indexed one after the other, and each one's documents, terms and entries are let go (its cache
file written) before the next: what the process holds at once is about one language's.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from portal.engine.generations import die_with_parent
from portal.engine.output_tree import OutputTree

from .searchdoc import keep

if TYPE_CHECKING:
    from .cache import TermCache


@dataclass
class Job:
    docs: dict[str, list]  # language → its documents, numbered in this order
    output: str  # where this build writes (its staging folder)
    final: str  # where the output ends up
    # the previous build's files under search/<lang>/: rel → [digest, key]
    previous: dict[str, list]
    cache: str | None  # the build's cache folder (the analysis cache files, `cache.file_for`)
    reference: str  # where the documents are kept for the whoosh reference
    # language → aliases (`aliases.load_aliases`), shipped in the manifest
    aliases: dict = field(default_factory=dict)


def run(job: Job, make_docs: Callable[[str], list] | None = None) -> dict:
    """Index each language of `job`, one after the other: its documents (from the job, or made by
    `make_docs(lang)`) and its analysis cache are let go once it is exported and the cache saved.
    The index's own modules (and numpy) are imported here, in the index's process: the build
    process, which forks it, never needs them."""
    from .cache import TermCache, file_for

    tree = OutputTree(Path(job.output), Path(job.final), job.previous)
    documents = analysed = 0
    for lang in list(job.docs):
        docs = job.docs.pop(lang)
        if make_docs is not None:
            docs = make_docs(lang)
        cache = TermCache(file_for(job.cache, lang), lang)
        documents += len(docs)
        _index(lang, docs, job, tree, cache)
        cache.save()
        analysed += cache.analysed
        del docs, cache
    return {"tree": tree.part(), "analysed": analysed, "documents": documents}


def _index(lang: str, docs: list, job: Job, tree: OutputTree, cache: TermCache) -> None:
    from .entries import encoded
    from .export import export

    terms = cache.terms(docs)
    parts = encoded(terms, lang, cache.before())
    cache.keep_entries(parts)
    cuts = cache.cuts(tree.kept)
    manifest = export(docs, terms, parts, lang, tree.write, job.aliases.get(lang), cuts=cuts)
    keep(docs, manifest["version"], Path(job.reference) / lang)


def start(job: Job, fork: bool = False, make_docs: Callable[[str], list] | None = None) -> tuple:
    """The indexing process, running: (process or pid, job file or None, result file). A forked
    process may make each language's documents itself (`make_docs(lang)`), so that the build
    process neither spends the time nor keeps them."""
    # in the build cache: a killed build's job files are removed at the next start
    folder = job.cache
    if fork:
        handle, result = tempfile.mkstemp(prefix="search-job-", suffix=".json", dir=folder)
        os.close(handle)
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            _in_child(job, result, parent, make_docs)
        return pid, None, result
    handle, batch = tempfile.mkstemp(prefix="search-job-", suffix=".pickle", dir=folder)
    with os.fdopen(handle, "wb") as fh:
        pickle.dump(job, fh, protocol=pickle.HIGHEST_PROTOCOL)
    result = batch.removesuffix(".pickle") + ".json"
    process = subprocess.Popen(
        [sys.executable, "-m", "plugins.search", batch, result, str(os.getpid())]
    )
    return process, batch, result


def _in_child(job: Job, result: str, parent: int, make_docs: Callable[[str], list] | None) -> None:
    """The forked indexing process; never returns. Errors are printed as `main` prints them."""
    code = 1
    try:
        die_with_parent(parent)
        _run_to(job, result, time.perf_counter(), make_docs)
        code = 0
    except SystemExit as exc:
        print(exc.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 — the build reports the exit code
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(code)


def still_running(running: tuple) -> bool:
    """Whether the indexing process of `start` has not ended yet; it is not reaped (`finish` waits
    for it)."""
    process = running[0]
    if not isinstance(process, int):
        return process.poll() is None  # Popen keeps the exit code for `finish`
    try:
        return os.waitid(os.P_PID, process, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
    except ChildProcessError:  # reaped already
        return False


def finish(running: tuple) -> dict:
    """Wait for the process; what `run` returned, and whether the process was `forked`."""
    process, batch, result = running
    if isinstance(process, int):
        code = os.waitstatus_to_exitcode(os.waitpid(process, 0)[1])
    else:
        code = process.wait()
        Path(batch).unlink(missing_ok=True)
    try:
        if code != 0:
            raise RuntimeError(
                f"search index: the indexing process failed (exit code {code}); its error "
                "is printed above"
            )
        made = json.loads(Path(result).read_text(encoding="utf-8"))
        return made | {"forked": isinstance(process, int)}
    finally:
        Path(result).unlink(missing_ok=True)


def main(argv: list[str]) -> None:
    """`python -m plugins.search JOB RESULT BUILD_PID` (see `start`)."""
    started = time.perf_counter()
    job_file, result_file, parent = argv
    die_with_parent(int(parent))
    with open(job_file, "rb") as fh:
        job = pickle.load(fh)
    _run_to(job, result_file, started)


def _run_to(
    job: Job, result_file: str, started: float, make_docs: Callable[[str], list] | None = None
) -> None:
    try:  # forked, the documents are made here (their memo is written), a language at a time
        result = run(job, make_docs)
    except OSError as exc:  # a full disk or a folder it may not write: one line, not a traceback
        where = f" ({exc.filename})" if exc.filename else ""
        sys.exit(f"search index: could not write the index: {exc.strerror or exc}{where}")
    result["seconds"] = round(time.perf_counter() - started, 2)
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")
