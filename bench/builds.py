"""Timed builds, each in a child process (`bench/child.py`).

The wall time is measured in this process around the child (Python's start and imports included,
the same for both kinds of build); the peak resident memory is the child's own `ru_maxrss`, read
with `os.wait4` when it ends (Linux: kilobytes; it also covers any process the child waited for).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]


class BenchError(RuntimeError):
    pass


class Timing(NamedTuple):
    label: str
    seconds: float
    peak_rss_mb: float


def timed_build(label: str, kind: str, settings: Path, output: Path, overrides: dict, log: Path) -> Timing:
    """Build in a child process; its log goes to `log`. Raises BenchError if it failed."""
    cmd = [sys.executable, "-m", "bench.child", kind, str(settings), str(output), json.dumps(overrides)]
    with open(log, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise BenchError(f"{label}: the {kind} build failed (exit {child.returncode}); log {log}:\n{tail}")
    return Timing(label, seconds, usage.ru_maxrss / 1024)


def clear(*paths: Path) -> None:
    """Remove outputs and caches before a cold build."""
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))
