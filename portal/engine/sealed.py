"""Build cache files that prove they are whole and current before anything trusts them.

A cache is only a shortcut: when it is missing, cut short, edited, or written by another format,
the build must notice and do the work again, never crash and never publish what a damaged cache
said. Each cache file therefore starts with a header line naming its kind, its format version and
the SHA-256 and length of the payload that follows:

>>> import tempfile
>>> path = Path(tempfile.mkdtemp(), "x.cache")
>>> write_sealed(path, "example", "1", b"payload")
>>> read_sealed(path, "example", "1")
b'payload'
>>> _ = path.write_bytes(path.read_bytes().replace(b"payload", b"paYload"))
>>> read_sealed(path, "example", "1", notice=lambda text: print(text))
notice: build cache x.cache failed its checksum: discarded, the build makes it again
>>> path.exists()
False

`read_sealed` returns None (after a one-line notice, unless the file simply does not exist yet)
and removes the file; the caller starts afresh. `load_pickle` adds the same rule for a payload
that unpickles to something of the wrong shape.

Pelican writes its own content cache (a pickle it reads with no check of its own), so
`seal_folder` records a digest of each file of that folder beside it after a good build, and
`check_folder` removes the folder before the next build reads it if anything differs.
Writes are atomic (a temporary file, then `os.replace`): a killed build leaves the old file or
the new one. The format is hand-written because it is twenty lines and no cache library checks
the payload before Python's unpickler or marshal reads it (a damaged compiled template can crash
the interpreter). A pickle is written as it is made (`dump_pickle`), to a file of its own, then
after its header: the search index's caches hold 180 MB at ten times the national fixture, and
`pickle.dumps` held all of it in memory at once; it is checked and unpickled the same way.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

MAGIC = b"portal-cache"
SEALS = "SEALS"  # in a sealed folder: one "name sha256" line per file


def say_notice(text: str) -> None:
    print(text, file=sys.stderr)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_sealed(path: Path, kind: str, version: str, payload: bytes) -> None:
    _write(path, _header(kind, version, _digest(payload), len(payload)), [payload])


def _header(kind: str, version: str, digest: str, size: int) -> bytes:
    return b"%s %s %s %s %d\n" % (MAGIC, kind.encode(), version.encode(), digest.encode(), size)


def _write(path: Path, header: bytes, payload) -> None:
    """The header, then each chunk of `payload`, to a temporary file that replaces `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as fh:
        fh.write(header)
        for chunk in payload:
            fh.write(chunk)
    os.replace(temporary, path)


class _Counted:
    """A file that keeps the SHA-256 and the length of what is written to it."""

    def __init__(self, file: IO[bytes]):
        self.file, self.sha, self.size = file, hashlib.sha256(), 0

    def write(self, data) -> int:
        self.sha.update(data)
        self.size += memoryview(data).nbytes
        return self.file.write(data)


def read_sealed(
    path: Path, kind: str, version: str, notice: Callable[[str], None] = say_notice
) -> bytes | None:
    return _opened(path, kind, version, notice, lambda fh: fh.read())


def _opened(path: Path, kind: str, version: str, notice: Callable[[str], None], read):
    """`read(file)` of the payload once it is proved whole, or None (the file discarded)."""
    try:
        with open(path, "rb") as fh:
            why = _unsound(fh, kind, version)
            if why is None:
                return read(fh)
    except FileNotFoundError:
        return None
    except OSError as exc:
        why = f"could not be read ({exc.strerror})"
    return _discard(path, why, notice)


def _unsound(fh: IO[bytes], kind: str, version: str) -> str | None:
    """Why the sealed file open in `fh` may not be trusted, or None: then `fh` is at the start of
    its payload, which was read a megabyte at a time to check it (never all at once)."""
    parts = fh.readline(1024).removesuffix(b"\n").split(b" ")
    if len(parts) != 5 or parts[0] != MAGIC or parts[1] != kind.encode():
        return "is not a cache file of this project"
    if parts[2] != version.encode():
        return "was written by another version"
    start, sha, size = fh.tell(), hashlib.sha256(), 0
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        sha.update(chunk)
        size += len(chunk)
    if parts[4] != str(size).encode() or parts[3] != sha.hexdigest().encode():
        return "failed its checksum"
    fh.seek(start)
    return None


def _discard(path: Path, why: str, notice: Callable[[str], None]) -> None:
    notice(f"notice: build cache {Path(path).name} {why}: discarded, the build makes it again")
    Path(path).unlink(missing_ok=True)
    return None


def _dump(file, value) -> None:
    pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)


def dump_pickle(path: Path, kind: str, version: str, value, dump=_dump) -> None:
    """`write_sealed` of `value` pickled (`dump(file, value)`: `pickling.dump_pieces` writes a
    long run of entries), never held in memory whole (see above)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=path.parent) as fh:
        counted = _Counted(fh)
        dump(counted, value)
        fh.seek(0)
        header = _header(kind, version, counted.sha.hexdigest(), counted.size)
        _write(path, header, iter(lambda: fh.read(1 << 20), b""))


def load_pickle(
    path: Path,
    kind: str,
    version: str,
    check: Callable[[object], bool],
    notice: Callable[[str], None] = say_notice,
    load: Callable[[IO[bytes]], object] = pickle.load,
):
    """The value in a sealed pickle (`load(file)`, as `dump_pickle` wrote it), or None if the file
    is missing, damaged or `check(value)` is false."""
    missing = object()

    def unpickled(fh):
        try:
            value = load(fh)  # read as it is unpickled, not first as a whole
            return value if check(value) else missing
        except Exception:  # noqa: BLE001 — any failure to read a cache means: make it again
            return missing

    value = _opened(path, kind, version, notice, unpickled)
    if value is missing:
        return _discard(path, "does not hold what it should", notice)
    return value


def seal_folder(folder: Path) -> None:
    """Record the digest of every file in `folder` (after a build that succeeded)."""
    if not folder.is_dir():
        return
    lines = [
        f"{p.name} {_digest(p.read_bytes())}"
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != SEALS
    ]
    write_sealed(folder / SEALS, "folder", "1", "\n".join(lines).encode())


def check_folder(folder: Path, notice: Callable[[str], None] = say_notice) -> None:
    """Remove `folder` if any file in it differs from what `seal_folder` recorded."""
    if not folder.is_dir():
        return
    recorded = read_sealed(folder / SEALS, "folder", "1", notice=lambda _text: None)
    present = sorted(p for p in folder.iterdir() if p.is_file() and p.name != SEALS)
    now = "\n".join(f"{p.name} {_digest(p.read_bytes())}" for p in present).encode()
    if recorded != now:
        if present:
            notice(
                f"notice: build cache {folder.name} is not the one the last good build left: "
                "discarded, the build makes it again"
            )
        shutil.rmtree(folder, ignore_errors=True)
