"""Make a build's deferred files (`OutputTree.defer`) in two processes when that is safe.

Rendering is most of a build and needs one core; the search index has the other only for a
while. So the writer and `make_output` queue their files, and `produce_pending` makes them at
the end of the output phase: the files are dealt in blocks of `BLOCK` (neighbours, such as a
page's poster and flyer, share work a process caches) to the build process and a forked child,
each taking the next block when it is done with one (the block numbers wait in a pipe; a read of
two bytes from a pipe is atomic), so that neither waits for the other. The child sends its part
of the tree back through a second pipe. Both run the same code on the same data, so the bytes are
those of a serial build (tests compare both).

When the child is forked depends on the size of the build process (`EARLY_FORK_MB`). A small
build forks it at once, at a lower priority (`RENDERER_NICENESS`), and it takes the CPU the
search index's process leaves: national fixture (250 MB then, 150 MB now), cold builds alternated,
13.4-14.2 s against 14.5-20.6 s forked later. At ten times the content the build process holds
about 400 MB when it makes its files: the threshold lies between the two. A large one forks it
once the build's helpers have ended (`BuildState.helpers_busy`: the index's process): forked
beside the index, the child had little CPU but copied the pages of the build's memory it touched
(each object read has its reference count written), and at 10x the content it grew to 1.1 GB;
forked later, the same build took 105 s instead of 118 s and peaked at 2,241 MB instead of
2,775 MB (one sampled build each).

Files made from the whole site (the iCalendar feeds, the open data, the site's feeds: `first` in
`OutputTree.defer`) are queued ahead of the others. Each makes a great many objects at once, and
after the fork whatever a process allocates over the memory it shares with the other is a copy: at
10x the content, made at the end, they added about 100 MB to the two renderers' peak; made first,
they are made by the build process alone, before a large build forks its second renderer.

It forks only when the process has no other thread (forking a threaded process can deadlock:
the test suite's browser runs threads) and has more than one core; otherwise, or with
`BUILD_PROCESSES = 1`, it makes the files one by one.
"""

from __future__ import annotations

import fcntl
import logging
import os
import pickle
import resource
import threading
from collections.abc import Callable
from typing import Any

from portal.engine.generations import die_with_parent
from portal.engine.state import current

MIN_JOBS = 200  # below this a fork costs more than it saves
BLOCK = 16
# The forked renderer yields to the build process and the search index's process (`_child`)
RENDERER_NICENESS = 10
# A build process holding more than this forks its second renderer once its helpers have ended
EARLY_FORK_MB = 256
log = logging.getLogger(__name__)


def produce_pending(tree, settings: dict) -> None:
    jobs, tree.pending, tree.flushed = tree.pending, [], True  # those deferred `first` lead
    if can_fork(settings, len(jobs)):
        build = current()
        if build is not None and _resident_mb() > EARLY_FORK_MB:
            forked = _in_two(tree, jobs, build.helpers_busy)
        else:
            forked = _in_two(tree, jobs, lambda: False)
        log.info("made %d files in %s", len(jobs), "two processes" if forked else "one process")
    else:
        _make(tree, jobs)
        log.info("made %d files in one process", len(jobs))


def _resident_mb() -> float:
    """The build process's resident memory (its peak where /proc is not there)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def can_fork(settings: dict, count: int, least: int = MIN_JOBS) -> bool:
    """Whether `count` pieces of work (at least `least` pay for it) are worth a second process,
    and one may be forked here."""
    return count >= least and may_fork(settings)


def may_fork(settings: dict) -> bool:
    """Whether the build may use a second process made by forking this one: more than one
    process wanted (`BUILD_PROCESSES`, or the cores), and no other thread here."""
    wanted = settings["BUILD_PROCESSES"] or os.cpu_count() or 1
    return wanted > 1 and fork_is_safe()


def fork_is_safe() -> bool:
    """Whether this process may fork: it can, and has no other thread (a thread holding a lock
    at the fork would leave the child waiting for it for ever)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _make(tree, jobs: list, start: int = 0, end: int | None = None) -> None:
    """Make `jobs[start:end]`, each let go once made: a job holds what its page is given, such as
    a locality page's lists, which were otherwise kept until the last file was made."""
    for at in range(start, len(jobs) if end is None else min(end, len(jobs))):
        rel, key, produce = jobs[at]
        jobs[at] = None
        tree.write(rel, produce(), key)


def _in_two(tree, jobs, busy: Callable[[], bool]) -> bool:
    """Make `jobs`, with a forked child taking blocks too once `busy()` is false while at least
    `MIN_JOBS` are left; whether it did."""
    pipe, size = blocks = _deal(len(jobs))
    left = -(-len(jobs) // size)  # blocks not taken yet, while this process is alone
    child: tuple[int, int] | None = None  # its pid, and the pipe of its answer
    try:
        while number := os.read(pipe, 2):
            left -= 1
            if child is None and left * size >= MIN_JOBS and not busy():
                child = _fork(tree, jobs, blocks)
            start = int.from_bytes(number, "little") * size
            _make(tree, jobs, start, start + size)
    finally:
        os.close(pipe)
        answer = _answer(*child) if child else b""
    if child:
        _take(tree, answer)
    return child is not None


def _fork(tree, jobs: list, blocks: tuple[int, int]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        die_with_parent(parent)
        os.close(read_end)
        _child(tree, jobs, blocks, write_end)
    os.close(write_end)
    return pid, read_end


def _answer(pid: int, read_end: int) -> bytes:
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    return answer


def _take(tree, answer: bytes) -> None:
    """Add the child's part of the tree, or raise its error."""
    reply: tuple[str, Any] = (
        pickle.loads(answer)
        if answer
        else ("error", "the rendering process ended without an answer")
    )
    status, value = reply
    if status == "error":
        raise RuntimeError(f"rendering in the second process failed: {value}")
    tree.add(value["files"], value["written"])


def _deal(count: int) -> tuple[int, int]:
    """A pipe holding the number of every block of `count` jobs, two bytes each (its read end),
    and the block size: `BLOCK`, or more if the numbers would not fit in the pipe's buffer (they
    are written before anyone reads)."""
    read_end, write_end = os.pipe()
    fits = min(_capacity(write_end) // 2 - 1, 65535)
    size = max(BLOCK, -(-count // fits))
    with os.fdopen(write_end, "wb") as pipe:
        pipe.write(b"".join(n.to_bytes(2, "little") for n in range(-(-count // size))))
    return read_end, size


def _capacity(pipe: int) -> int:
    """The pipe's buffer in bytes (Linux may give a pipe one page when a user has many); 4096 where
    it cannot be asked."""
    ask = getattr(fcntl, "F_GETPIPE_SZ", None)
    return fcntl.fcntl(pipe, ask) if ask is not None else 4096


def _make_blocks(tree, jobs: list, blocks: tuple[int, int]) -> None:
    """Make the blocks of `jobs` whose numbers this process reads from the pipe, until none is
    left."""
    pipe, size = blocks
    while number := os.read(pipe, 2):
        start = int.from_bytes(number, "little") * size
        _make(tree, jobs, start, start + size)


def _child(tree, jobs: list, blocks: tuple[int, int], write_end: int) -> None:
    """Never returns: makes the blocks it takes, sends its part of the tree, and exits without
    cleanup. It runs at a lower priority (`RENDERER_NICENESS`): while the search index's process
    runs, three processes share two cores, and the index is one long chain of work while
    rendering is blocks that either renderer can take. Yielding to it, the index ends sooner and
    the renderer takes up the core it leaves; with the cores to itself it runs as fast as before."""
    os.nice(RENDERER_NICENESS)
    try:
        tree.files, tree.written = {}, set()
        _make_blocks(tree, jobs, blocks)
        answer = ("ok", tree.part())
    except BaseException as exc:  # noqa: BLE001 — everything goes back to the parent
        answer = ("error", f"{type(exc).__name__}: {exc}")
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)
