"""Read the content files in two processes.

Pelican reads a site's files one after the other, and the first seconds of a cold build go to our
reader (YAML, the schema, Markdown, the sanitiser, the body checks) while the second core idles.
So, in a build of the engine with many files to read (not in Pelican's content cache) and a core
to spare (the rule of `portal.engine.produce.can_fork`), a `ReadAhead` forks a child when the page
generator starts. Pelican's loop reads the files from the first; the child reads the same list
from the last backwards, appends each result (the reader's HTML and metadata, pickled, as the
content cache keeps them) to a file, and counts them in a word of shared memory. When the loop
reaches a file the child has read, the child has read every later one too: the build process
stops the child, loads what it read and reads nothing more itself. Both run the same reader on the
same bytes, so the pages are those of a serial read (tests compare the two). The child logs
nothing: a file whose reading logged a warning or an error is left for the build process to read
again, so that the message is shown, and counted, where Pelican runs.

Written here, not with a library: multiprocessing's pools would need a main module safe to import
again ("spawn") or a fork all the same, and would hand the work out in fixed shares; this needs one
fork, one file and one counter. The child is a helper of the running build
(`BuildState.helpers`), so a build that fails before it was needed still stops it.
"""

from __future__ import annotations

import gc
import logging
import mmap
import os
import pickle
import signal
import tempfile
from collections.abc import Callable
from contextlib import suppress
from typing import IO

from portal.engine.generations import die_with_parent

Read = Callable[[str], tuple]
MIN_FILES = 50  # a file takes a few milliseconds to read, a fork some tens
log = logging.getLogger(__name__)


class ReadAhead:
    """Reads `paths` (absolute, in the order Pelican will ask for them) backwards in a child."""

    def __init__(self, read: Read, paths: list[str], folder: str | None = None):
        """`folder`: where the child's file goes (the build's cache: /tmp may be a small
        memory-backed file system)."""
        self.paths = paths
        self.position = {path: i for i, path in enumerate(paths)}
        self.results: dict[str, tuple | None] | None = None  # once collected
        self._count = mmap.mmap(-1, 4)  # anonymous and shared: the child's writes show here
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 — closed by join/collect
        parent = os.getpid()
        self._child = os.fork()
        if self._child == 0:
            die_with_parent(parent)
            self._read_backwards(read)

    def _read_backwards(self, read: Read) -> None:
        """In the child; never returns."""
        try:
            noticed = _silence_logging()
            for count, path in enumerate(reversed(self.paths), 1):
                before = noticed.count
                try:
                    result: tuple | None = read(path)
                except Exception:  # noqa: BLE001 — the build process reads it again and reports
                    result = None
                if noticed.count != before:
                    result = None
                pickle.dump((path, result), self._file, protocol=pickle.HIGHEST_PROTOCOL)
                self._file.flush()
                self._count[:4] = count.to_bytes(4, "little")
        finally:
            os._exit(0)

    def get(self, path: str) -> tuple | None:
        """What the child read of `path`, or None: not read there, so the caller reads it."""
        if self.results is None:
            at = self.position.get(path)
            if at is None or len(self.paths) - at > self.done():
                return None
            self.collect()
        assert self.results is not None
        return self.results.pop(path, None)

    def done(self) -> int:
        """How many files the child has read so far."""
        return int.from_bytes(self._count[:4], "little")

    def collect(self) -> None:
        """Stop the child and load every file it finished (a file being written is left out)."""
        if self.results is not None:
            return
        self._stop()
        count, self.results = self.done(), {}
        self._file.seek(0)
        frozen = gc.isenabled()
        gc.disable()  # thousands of objects in a row: no collection in the middle
        try:
            for _ in range(count):
                path, result = pickle.load(self._file)
                self.results[path] = result
        finally:
            if frozen:
                gc.enable()
            self._file.close()
        log.info("read %d of %d files in a second process", count, len(self.paths))

    def join(self) -> None:
        """A helper of the build: the child stopped and its file gone, whatever happened."""
        self._stop()
        self._file.close()

    def _stop(self) -> None:
        """SIGTERM, not SIGKILL: a process that saves something on exit (coverage in the tests)
        may; the project installs no handler the child could inherit."""
        if self._child:
            with suppress(ProcessLookupError):
                os.kill(self._child, signal.SIGTERM)
            os.waitpid(self._child, 0)
            self._child = 0


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _silence_logging() -> _Counter:
    """In the child: every logger's handlers removed, and one that counts warnings put at the
    root."""
    loggers = [logging.getLogger(), *logging.root.manager.loggerDict.values()]
    for logger in loggers:
        if isinstance(logger, logging.Logger):
            logger.handlers = []
    counter = _Counter()
    logging.getLogger().addHandler(counter)
    return counter
