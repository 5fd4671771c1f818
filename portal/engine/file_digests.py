"""Digests of the content files, remembered by each file's stamp so that an unchanged file is not
read again.

Pelican's content cache compares each file's SHA-256 with the one it stored (the build sets
`CHECK_MODIFIED_METHOD = "sha256"`: an edit that keeps the modification time is still an edit),
and the site fingerprint hashes every file's front matter (`portal.engine.fingerprint`): a warm
build read every content file twice, 20,000 of them at ten times the national fixture (2.5 s, and
far more when the disk cache had been emptied). `FileDigests` keeps, for each file, its stamp
(device, inode, size, modification and change times in nanoseconds) from the moment it was read,
and the digests of what was read. A later build uses them only while the stamp is the same *and*
the file's change time was over a second older than that reading. The change time is set by the
kernel alone, to its clock, whenever a file is written, replaced or linked; the second's margin
is Git's answer to "racy" edits (its index works the same way): an edit within the same clock
tick as the reading could leave the stamp as it was, so an entry made that close is read again.

The memo is a sealed cache (`portal.engine.sealed`) in the build's cache folder; a damaged one is
discarded, and then every file is read, as before. This is by hand because Pelican's cache knows
only a digest or a modification time per file, and no library keeps a stamp-checked digest memo
that both Pelican and the fingerprint can ask.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from portal.engine.sealed import dump_pickle, load_pickle

KIND, VERSION = "file-digests", "1"
MARGIN_NS = 1_000_000_000  # the change time must be older than the reading by this much
_now = time.time_ns  # the clock of the readings
FRONT_MATTER_END = b"\n---"


def front_matter(data: bytes) -> bytes:
    """The YAML block of a content file (up to its closing `---`), or everything if it has none."""
    end = data.find(FRONT_MATTER_END, 3) if data.startswith(b"---") else -1
    return data if end < 0 else data[: end + len(FRONT_MATTER_END)]


def _stamp(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class FileDigests:
    """`whole(path)`: the SHA-256 digest (bytes) of a file, as Pelican makes it; `front(path)`:
    that of its front matter. Both from the memo while the file's stamp says it is unchanged."""

    def __init__(self, entries: dict | None = None):
        # path → (stamp, when read in ns, digest of the whole file, digest of its front matter)
        self.entries: dict[str, tuple] = entries or {}
        self.used: set[str] = set()  # what `save` keeps: the files asked about this build
        self.read = 0  # files read this build

    @classmethod
    def load(cls, path: Path) -> FileDigests:
        entries = load_pickle(path, KIND, VERSION, lambda value: isinstance(value, dict))
        return cls(entries)

    def save(self, path: Path) -> None:
        kept = {name: entry for name, entry in self.entries.items() if name in self.used}
        dump_pickle(path, KIND, VERSION, kept)

    def whole(self, path: str | Path) -> bytes:
        return self._entry(os.fspath(path))[2]

    def front(self, path: str | Path) -> bytes:
        return self._entry(os.fspath(path))[3]

    def _entry(self, path: str) -> tuple:
        self.used.add(path)
        st = os.stat(path)
        entry = self.entries.get(path)
        if entry and entry[0] == _stamp(st) and st.st_ctime_ns + MARGIN_NS < entry[1]:
            return entry
        when = _now()
        with open(path, "rb") as file:
            data = file.read()
        self.read += 1
        entry = (
            _stamp(st),
            when,
            hashlib.sha256(data).digest(),
            hashlib.sha256(front_matter(data)).digest(),
        )
        self.entries[path] = entry
        return entry
