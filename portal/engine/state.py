"""What one running build knows about itself, for the plugins that take part in it.

The engine (`portal.engine.build`) makes a `BuildState` for each build and makes it current
while Pelican runs; plugins ask `current()` instead of finding runtime objects in the settings.
Outside a build (a plain `pelican` run, a unit test) `current()` is None and a plugin writes
its files directly, as Pelican would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from portal.engine.file_digests import FileDigests

if TYPE_CHECKING:
    from portal.engine.output_tree import OutputTree


@dataclass(frozen=True)
class BuildState:
    tree: OutputTree  # the files of this build: written, queued or carried over
    final: Path  # the output folder the build replaces (Pelican writes into `tree.staging`)
    cache: Path  # the build's cache folder: caches that check their own inputs live here
    fingerprint: (
        str  # the site fingerprint (`portal.engine.fingerprint`): code, settings, front matter
    )
    # work running beside the build (the search index's process), each a callable that waits for
    # it; the engine calls them once the queued files are made, so both use the cores meanwhile
    helpers: list[Callable[[], None]] = field(default_factory=list)
    # the folders of the output the helpers write (`search/vi/`): the engine leaves them alone
    # until the helpers have ended, and completes the rest of the tree meanwhile
    helper_folders: list[str] = field(default_factory=list)
    # the content files' digests, remembered by their stamps (`portal.engine.file_digests`)
    digests: FileDigests = field(default_factory=FileDigests)
    # whether a helper's process still runs (on a core of its own), each without waiting for it
    busy: list[Callable[[], bool]] = field(default_factory=list)

    def helpers_busy(self) -> bool:
        return any(still() for still in self.busy)

    def join_helpers(self) -> None:
        """Wait for every helper, in order; the first failure is raised once all have ended."""
        joins, self.helpers[:] = list(self.helpers), []
        failures = []
        for join in joins:
            try:
                join()
            except Exception as exc:  # noqa: BLE001 — raised below, after the others have ended
                failures.append(exc)
        if failures:
            raise failures[0]


_current: BuildState | None = None


def current() -> BuildState | None:
    """The running build, or None outside one."""
    return _current


@contextmanager
def running(state: BuildState) -> Iterator[BuildState]:
    global _current
    _current = state
    try:
        yield state
    finally:
        _current = None
