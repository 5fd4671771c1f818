"""Preview timing (issue 21, target 1): how long `invoke serve` takes to show an edit.

`measure` starts the project's preview server as an officer does (`SERVE`: `invoke serve` on a
loopback port, with the fixture's settings and its own output folder), waits for its first build
and for it to fall idle, then `runs` times: appends one sentence to a content file's body and
polls the served page over HTTP until the sentence is in it; then replaces the file's title and
polls until the new title is in it. Each figure is the time from the end of the file's write to
the end of the first response that holds the new text (polling every `POLL_S` seconds). Between
edits it waits until the server's process tree is idle (`wait_idle`: it used less than
`IDLE_CPU` seconds of CPU in `IDLE_WINDOW` seconds), so that one edit's rebuild never overlaps
the next. Only HTTP and the file are used: whatever `invoke serve` does inside is what is measured.
The file gets its original text back at the end.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from .builds import BenchError, descendants
from .corpus import split_front_matter

ROOT = Path(__file__).resolve().parents[1]
# The serve command; {port}, {settings} and {output} are filled in. Change it here if `invoke serve`
# changes its options.
SERVE = [
    sys.executable,
    "-m",
    "invoke",
    "--search-root",
    str(ROOT),
    "serve",
    "--port",
    "{port}",
    "--settings",
    "{settings}",
    "--output",
    "{output}",
]
POLL_S = 0.02
IDLE_WINDOW, IDLE_CPU = 1.0, 0.25
START_TIMEOUT_S, EDIT_TIMEOUT_S = 3600, 600
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_path(edited: Path) -> str:
    """The address the project gives a Vietnamese content file: /<section>/<slug>/ (pelicanconf.py
    PAGE_URL)."""
    meta, _ = split_front_matter(edited.read_text(encoding="utf-8"))
    return f"/{edited.parent.name}/{meta['slug']}/"


def fetch(url: str) -> str | None:
    """The page's text, or None while the server answers with an error or not at all."""
    try:
        with urllib.request.urlopen(url, timeout=EDIT_TIMEOUT_S) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def cpu_seconds(pid: int) -> float:
    """CPU time used by the process tree under `pid` (its waited-for children included)."""
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return total / TICKS


class Server:
    """`invoke serve` in a process group of its own, its output in `log`."""

    def __init__(self, settings: Path, output: Path, log: Path, port: int | None = None):
        self.port = port or free_port()
        cmd = [part.format(port=self.port, settings=settings, output=output) for part in SERVE]
        self.log = log
        with open(log, "wb") as out:  # the child keeps its own copy
            self.process = subprocess.Popen(
                cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def alive(self) -> None:
        if self.process.poll() is not None:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise BenchError(
                f"invoke serve ended (exit {self.process.returncode}); log {self.log}:\n{tail}"
            )

    def wait_for(self, path: str, text: str, limit: float) -> float:
        """Poll the page until it holds `text`; the seconds it took."""
        start, url = time.perf_counter(), self.url(path)
        while True:
            page = fetch(url)
            if page is not None and text in page:
                return time.perf_counter() - start
            self.alive()
            if time.perf_counter() - start > limit:
                raise BenchError(
                    f"{url} did not show {text!r} within {limit:.0f} s (log {self.log})"
                )
            time.sleep(POLL_S)

    def wait_idle(self, limit: float = START_TIMEOUT_S) -> None:
        """Until the server's processes used less than IDLE_CPU s of CPU in IDLE_WINDOW s."""
        start, before = time.perf_counter(), cpu_seconds(self.process.pid)
        while time.perf_counter() - start < limit:
            time.sleep(IDLE_WINDOW)
            self.alive()
            now = cpu_seconds(self.process.pid)
            if now - before < IDLE_CPU:
                return
            before = now
        raise BenchError(f"invoke serve was still busy after {limit:.0f} s (log {self.log})")

    def stop(self) -> None:
        """Interrupt the server's process group (as Ctrl-C would), then end it if it lingers."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def body_edit(path: Path, run: int, token: str) -> str:
    """One more sentence at the end of the body; the sentence."""
    sentence = unicodedata.normalize("NFC", f"Câu xem trước thử số {run} mã {token}.")
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8"
    )
    return sentence


def title_edit(path: Path, run: int, token: str) -> str:
    """A new title in the front matter; the title's words (as the page shows them)."""
    words = unicodedata.normalize("NFC", f"Tiêu đề xem trước thử số {run} mã {token}")
    text, count = re.subn(
        r"^title: .*$",
        f'title: "[Mẫu] {words}"',
        path.read_text(encoding="utf-8"),
        count=1,
        flags=re.M,
    )
    if not count:
        raise BenchError(f"{path}: no title line to edit")
    path.write_text(text, encoding="utf-8")
    return words


def measure(
    settings: Path, output: Path, edited: Path, runs: int, log: Path, port: int | None = None
) -> dict:
    """Serve, then `runs` × (body edit, title edit) of `edited`; the seconds each took, and the
    start-up."""
    original, path = edited.read_bytes(), page_path(edited)
    server = Server(settings, output, log, port)
    found = {"body_edit": [], "title_edit": [], "path": path, "port": server.port}
    try:
        found["start_s"] = server.wait_for(path, "<html", START_TIMEOUT_S)
        server.wait_idle()
        for run in range(1, runs + 1):
            for kind, edit in (("body_edit", body_edit), ("title_edit", title_edit)):
                text = edit(edited, run, uuid.uuid4().hex[:8])
                found[kind].append(server.wait_for(path, text, EDIT_TIMEOUT_S))
                server.wait_idle()
    finally:
        server.stop()
        edited.write_bytes(original)
    return found


def medians(found: dict) -> dict:
    return {kind: round(statistics.median(found[kind]), 3) for kind in ("body_edit", "title_edit")}
