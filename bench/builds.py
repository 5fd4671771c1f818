"""Timed builds, each in a child process (`bench/child.py`, or Hugo's own binary).

The wall time is measured in this process around the child (Python's start and imports included,
the same for both Pelican builds; Hugo's binary starts without Python); the peak resident memory
is the child's own `ru_maxrss`, read with `os.wait4` when it ends (Linux: kilobytes; it also
covers any process the child waited for, as the larger of the peaks, not their sum). With
`tree_memory` (the 10× run) a thread also samples the proportional set size (PSS, shared pages
divided among the processes sharing them) of the child and all its descendants every
`SAMPLE_S` seconds and sums it, so that a forked renderer or a search worker running beside the
build is counted; the figure is then the larger of that peak sum and `ru_maxrss`. Sampling is not
free: the kernel walks a process's page tables to give its PSS (about 31 ms for a 1 GB process
on this machine), so a sampled build is slower, the more so the more memory it holds; the 10×
run times builds without it and samples builds of its own (`bench/scale.py`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_S = 0.25


class BenchError(RuntimeError):
    pass


class Timing(NamedTuple):
    label: str
    seconds: float
    peak_rss_mb: float


def timed_build(
    label: str,
    kind: str,
    settings: Path,
    output: Path,
    overrides: dict,
    log: Path,
    tree_memory: bool = False,
) -> Timing:
    """Build in a child process (`bench.child`: kind project or plain); its log goes to `log`.
    Raises BenchError if it failed."""
    cmd = [
        sys.executable,
        "-m",
        "bench.child",
        kind,
        str(settings),
        str(output),
        json.dumps(overrides),
    ]
    return timed_command(label, kind, cmd, log, tree_memory)


def timed_command(
    label: str, kind: str, cmd: list[str], log: Path, tree_memory: bool = False
) -> Timing:
    """Run `cmd` in the repository, timed; its output goes to `log`. Raises BenchError if it
    failed."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemory(child.pid) if tree_memory else None
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        peak_tree = sampler.stop() if sampler else 0.0
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise BenchError(
            f"{label}: the {kind} build failed (exit {child.returncode}); log {log}:\n{tail}"
        )
    return Timing(label, seconds, max(usage.ru_maxrss / 1024, peak_tree))


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc/<pid>/task/<tid>/children (processes that ended
    meanwhile are skipped)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    queue += [int(p) for p in f.read().split()]
        except OSError:
            continue
    return found


def pss_mb(pid: int) -> float:
    """The process's proportional set size in MB (0 when it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            line = next(line for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0.0
    return int(line.split()[1]) / 1024


class TreeMemory:
    """Samples the summed PSS of a process and its descendants in a thread until `stop()`; the peak
    in MB."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._done = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(pss_mb(p) for p in descendants(self.pid)))
            self._done.wait(SAMPLE_S)

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak


TRASH = ".bench-trash"
_trash: list[Path] = []  # the trash folders `clear` made, for `empty_trash`


def clear(*paths: Path) -> None:
    """Move outputs and caches out of the way before a cold build, into a trash folder beside
    each; `empty_trash` deletes them once the timed builds are done. Deleting them here would
    slow the next build by what was deleted: ext4 without a journal (this machine's) skips the
    inodes freed in the last minute when it makes files, at a cost that grows with their number
    (seen: 3–25 s more of system time for a build after deleting one)."""
    for path in paths:
        if path.exists():
            trash = path.parent / TRASH
            trash.mkdir(exist_ok=True)
            path.rename(trash / f"{path.name}-{time.monotonic_ns()}")
            if trash not in _trash:
                _trash.append(trash)


def empty_trash() -> None:
    """Delete what `clear` moved away."""
    while _trash:
        shutil.rmtree(_trash.pop(), ignore_errors=True)


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))
