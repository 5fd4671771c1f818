"""What one running build knows about itself, for the plugins that take part in it.

The engine (`portal.engine.build`) makes a `BuildState` for each build and makes it current
while Pelican runs; plugins ask `current()` instead of finding runtime objects in the settings.
Outside a build (a plain `pelican` run, a unit test) `current()` is None and a plugin writes
its files directly, as Pelican would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
