"""Export every language's index in a second process, while Pelican renders the pages.

The export needs nothing the renderer produces, so the generator hands the documents to a second
process (`start`) and the build waits for it once its queued pages are made (`finish`); a failure
there fails the build. The process is always a new interpreter, `python -m plugins.search JOB
RESULT BUILD_PID`, that reads a job file: the job, then each language's documents, in pieces,
read one language at a time. Where the build may fork (`portal.engine.produce.may_fork`: no other
thread, more than one core) a forked child makes the documents from the context it shares, writes
the job file and becomes that interpreter (`os.execv`, the same process), so that the build
process neither spends the time nor keeps them; elsewhere the build makes them and starts the
interpreter (a fork could deadlock inside a process with threads, such as the test suite's
browser). Not multiprocessing: its "spawn" re-runs the caller's main script, which need not guard
itself. Either dies with the build (`portal.engine.generations.die_with_parent`).

Why a new interpreter, and not the forked child indexing on: a forked child shares the build's
memory page by page until either process writes to a page, and both write all the time (reading an
object writes its reference count; the build renders pages meanwhile). At ten times the national
fixture a forked child that indexed on held 970 MB beside the build's 620 MB, most of it copies of
the build's pages; the interpreter holds only its documents, terms and entries.

The process writes through an `OutputTree` of its own, made from the previous build's files under
`search/<lang>/`: a file whose bytes did not change is not written again. Its result (the files it
made, as `OutputTree.part()`, and how many documents it analysed) comes back as JSON for the build's
own tree. Terms come from the analysis cache (`cache.py`) when it has them. The languages are
indexed one after the other, each in a child the interpreter forks (`_apart`), which reads that
language's documents from the job file (each language's pickles follow their length, so a child
can go straight to them), writes its files and cache, and sends back what it wrote: each language
starts from the interpreter's own 40 MB rather than from what the one before left behind. Within a
language, the pages' bodies go as soon as their terms are made and the documents are kept
(`without_bodies`): nothing after reads them, and the manifest's version hashes the kept
documents' digest (`searchdoc.keep`).
"""

from __future__ import annotations

import ctypes
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from portal.engine.generations import die_with_parent
from portal.engine.output_tree import OutputTree
from portal.engine.pickling import dump_pieces, load_pieces
from portal.engine.produce import fork_is_safe

from .searchdoc import SearchDoc, keep, stamp

LENGTH = 8  # bytes that give the length of a language's documents in the job file

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
    started: float = 0.0  # when the build started the index (`time.time()`), for its log


def run(job: Job, docs_of: Callable[[str], list]) -> dict:
    """Index each language of `job`, one after the other, each in a process of its own where this
    one may fork (`_apart`): its documents (`docs_of(lang)`, which reads them from the job file),
    terms and entries go with that process. The index's own modules (and numpy) are imported
    there, in the index's process: the build process never needs them."""
    tree = OutputTree(Path(job.output), Path(job.final), job.previous)
    documents = analysed = 0
    for lang in job.docs:
        made = _apart(tree, partial(_language, lang, docs_of, job, tree))
        tree.add(made["files"], made["written"])
        documents += made["documents"]
        analysed += made["analysed"]
    return {"tree": tree.part(), "analysed": analysed, "documents": documents}


def _language(lang: str, docs_of: Callable[[str], list], job: Job, tree: OutputTree) -> dict:
    """Index one language and save its analysis cache; the files written, and the counts."""
    from .cache import TermCache, file_for

    cache = TermCache(file_for(job.cache, lang), lang)
    docs = docs_of(lang)
    terms = cache.terms(docs)
    kept_in = Path(job.reference) / lang
    documents = keep(docs, kept_in)
    count = len(docs)
    docs = without_bodies(docs)  # the rest reads no body: ~110 MB fewer at 10,000 items
    give_back()  # the encoding's large arrays are mapped afresh: they would not reuse it
    stamp(kept_in, _index(lang, docs, terms, job, tree, cache, documents))
    cache.save()
    return tree.part() | {"documents": count, "analysed": cache.analysed}


def give_back() -> None:
    """Hand the memory freed inside the C heap back to the system (glibc's `malloc_trim`; a
    no-op elsewhere). Freed text leaves holes between live objects, which glibc keeps for later
    small allocations; the encoding's large arrays are mapped afresh and would not use them."""
    with suppress(AttributeError, OSError):
        ctypes.CDLL(None).malloc_trim(0)


def without_bodies(docs: list[SearchDoc]) -> list[SearchDoc]:
    """The documents with an empty body: once their terms are made and they are kept, the index
    needs only what its records and filters show."""
    return [replace(doc, body="") for doc in docs]


def _apart(tree: OutputTree, work: Callable[[], dict]) -> dict:
    """`work()`, in a forked child when this process has one thread (a fork could deadlock
    otherwise), with the files it writes sent back (`OutputTree.part`). Why: Python keeps the
    memory it freed for its own later use, in blocks of every size, so after one language the
    next one's different objects needed more: at ten times the national fixture the process grew
    to 710 MB indexing the second language, about 550 MB for the first. In a child, each
    language starts from what the interpreter holds before any (40 MB)."""
    if not fork_is_safe():
        return work()
    read_end, write_end = os.pipe()
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover — runs in the child, whose coverage is not collected
        os.close(read_end)
        _child(tree, work, parent, write_end)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        sent = pipe.read()
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if not sent:
        raise RuntimeError(f"search index: a language's process ended (exit code {code})")
    status, value = pickle.loads(sent)
    if status == "error":
        raise value
    return value


def _child(  # pragma: no cover — runs in a forked child, whose coverage is not collected
    tree: OutputTree, work: Callable[[], dict], parent: int, write_end: int
) -> None:
    """`_apart`'s child: sends `("ok", what work returned)` or `("error", the exception)`, and
    exits without cleanup. An OSError goes back as it is (the interpreter prints one line for a
    full disk); another error is printed here, where its traceback is."""
    try:
        die_with_parent(parent)
        tree.files, tree.written = {}, set()
        answer: tuple = ("ok", work())
    except OSError as exc:
        answer = ("error", exc)
    except BaseException as exc:  # noqa: BLE001 — raised again in the parent
        traceback.print_exc()
        answer = ("error", RuntimeError(f"{type(exc).__name__}: {exc}"))
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(answer, pipe, pickle.HIGHEST_PROTOCOL)
    finally:
        sys.stderr.flush()
        os._exit(0)


def _index(
    lang: str, docs: list, terms: list, job: Job, tree: OutputTree, cache: TermCache, documents: str
) -> str:
    """Encode and export one language's index; the manifest's version."""
    from .entries import encoded
    from .export import export

    parts = encoded(terms, lang, cache.before())
    cache.keep_entries(parts)
    cuts = cache.cuts(tree.kept)
    aliases = job.aliases.get(lang)
    manifest = export(docs, terms, parts, lang, tree.write, aliases, cuts=cuts, documents=documents)
    return manifest["version"]


def start(job: Job, fork: bool = False, make_docs: Callable[[str], list] | None = None) -> tuple:
    """The indexing process, running: (process or pid, job file, result file). Its documents are
    `make_docs(lang)`, or else `job.docs`; forked, it makes them itself before it becomes the
    interpreter."""
    job = replace(job, started=time.time())
    docs_of = make_docs or job.docs.__getitem__
    # in the build cache: a killed build's job files are removed at the next start
    handle, batch = tempfile.mkstemp(prefix="search-job-", suffix=".pickle", dir=job.cache)
    os.close(handle)
    result = batch.removesuffix(".pickle") + ".json"
    if fork:
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            _in_child(job, batch, result, parent, docs_of)
        return pid, batch, result
    _write_job(batch, job, docs_of)
    return subprocess.Popen(_command(batch, result, os.getpid())), batch, result


def _command(batch: str, result: str, parent: int) -> list[str]:
    return [sys.executable, "-m", "plugins.search", batch, result, str(parent)]


def _write_job(batch: str, job: Job, docs_of: Callable[[str], list]) -> None:
    """The job file: `job` without its documents, then each language's (`docs_of(lang)`), in the
    order of `job.docs`: its length in 8 bytes, then its pickles (`pickling.dump_pieces`, written
    as they are made, and the length filled in after), so that a reader can go to any language
    (`_places`)."""
    langs = list(job.docs)
    with open(batch, "wb") as fh:
        pickle.dump(replace(job, docs={lang: [] for lang in langs}), fh, pickle.HIGHEST_PROTOCOL)
        for lang in langs:
            start = fh.tell()
            fh.write(bytes(LENGTH))
            dump_pieces(fh, docs_of(lang))
            end = fh.tell()
            fh.seek(start)
            fh.write((end - start - LENGTH).to_bytes(LENGTH, "little"))
            fh.seek(end)


def _places(fh, langs) -> dict[str, int]:
    """Where each language's pickle starts in a job file, read past the job (`_write_job`)."""
    places = {}
    for lang in langs:
        length = int.from_bytes(fh.read(LENGTH), "little")
        places[lang] = fh.tell()
        fh.seek(length, os.SEEK_CUR)
    return places


def _in_child(
    job: Job, batch: str, result: str, parent: int, docs_of: Callable[[str], list]
) -> None:
    """The forked child: writes the job file with the documents it makes, then becomes the
    indexing interpreter; returns never. Errors are printed as `main` prints them."""
    try:
        try:
            die_with_parent(parent)
            _write_job(batch, job, docs_of)
        except OSError as exc:  # a full disk: one line, not a traceback
            print(_could_not_write(exc), file=sys.stderr)
            return
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, _command(batch, result, parent))
    except BaseException:  # noqa: BLE001 — the build reports the exit code
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(1)


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
    job_file, result_file, parent = argv
    die_with_parent(int(parent))
    with open(job_file, "rb") as fh:
        job = pickle.load(fh)
        places = _places(fh, job.docs)

    def docs_of(lang: str) -> list:
        with open(job_file, "rb") as fh:
            fh.seek(places[lang])
            return load_pieces(fh)

    _run_to(job, result_file, docs_of)


def _run_to(job: Job, result_file: str, read_docs: Callable[[str], list]) -> None:
    try:
        result = run(job, read_docs)
    except OSError as exc:  # a full disk or a folder it may not write: one line, not a traceback
        sys.exit(_could_not_write(exc))
    result["seconds"] = round(time.time() - (job.started or time.time()), 2)
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")


def _could_not_write(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"search index: could not write the index: {exc.strerror or exc}{where}"
