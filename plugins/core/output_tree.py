"""The files of one build, so that a rebuild renders and writes only what changed.

A build writes into a fresh staging folder (`core.build`). Its `OutputTree` knows, from the
previous build of the same output (a manifest in the build cache), each file's digest and the
render key it was made from:

- `kept(rel, key)`: the previous build made `rel` from the same key and it is still in the
  output: nothing to render, nothing to write;
- `write(rel, data, key)`: the bytes go to staging, unless they equal the file already in the
  output (then it is left alone, mtime and all, and a deploy does not send it again);
- `defer(rel, key, produce)`: the same, later: `core.produce` makes the deferred files in two
  processes once every generator has queued its own.

At the end `finish` lists every file of the new build (files written into staging by other
means, such as Pelican's theme copy, included) and `apply` moves the written ones into the
output and deletes what the new build no longer makes. Without a previous build the staging
folder simply becomes the output.

A render key must name everything the file is made from: `render_key` hashes the site fingerprint
(`core.fingerprint`) with the parts a caller names; the `render_cache` plugin keys pages.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

MANIFEST = "output-manifest.json"
DIGEST, KEY = 0, 1  # the fields of a manifest entry


def digest(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


class OutputTree:
    def __init__(self, staging: Path, final: Path, previous: dict[str, list] | None = None):
        self.staging, self.final = Path(staging), Path(final)
        self.previous = previous or {}  # rel -> [digest, key] from the previous build
        self.files: dict[str, list] = {}
        self.written: set[str] = set()
        self._folders: set[str] = set()  # staging folders known to exist
        self.pending: list[tuple] = []  # (rel, key, produce) from `defer`
        self.flushed = False  # `core.produce` has made the queue: later files are made at once

    @property
    def incremental(self) -> bool:
        return bool(self.previous)

    def kept(self, rel: str, key: str) -> bool:
        if not self._as_before(rel, KEY, key):
            return False
        self.files[rel] = self.previous[rel]
        return True

    def _as_before(self, rel: str, field: int, value: str) -> bool:
        """The previous build's `rel` had this digest or key, and the file is still in the output."""
        old = self.previous.get(rel)
        return bool(value) and old is not None and old[field] == value and os.path.isfile(os.path.join(self.final, rel))

    def write(self, rel: str, data: bytes | str, key: str = "") -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        sha = digest(data)
        self.files[rel] = [sha, key]
        if self._as_before(rel, DIGEST, sha):
            return
        path = os.path.join(self.staging, rel)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(path, "wb") as fh:
            fh.write(data)
        self.written.add(rel)

    def defer(self, rel: str, key: str, produce) -> None:
        """`produce()` returns the file's bytes or text; it must read nothing that changes later in
        the build. Once the queue has been made, the file is made at once."""
        if self.flushed:
            self.write(rel, produce(), key)
        else:
            self.pending.append((rel, key, produce))

    def add(self, files: dict[str, list], written: list[str]) -> None:
        """Merge what another process wrote with its own tree (its `part()`)."""
        self.files.update(files)
        self.written.update(written)

    def part(self) -> dict:
        return {"files": self.files, "written": sorted(self.written)}

    def finish(self) -> None:
        """Record the files that reached staging without `write` (written by other code)."""
        for root, _dirs, names in os.walk(self.staging):
            for name in names:
                path = Path(root, name)
                rel = path.relative_to(self.staging).as_posix()
                if rel in self.written:
                    continue
                sha = digest(path.read_bytes())
                self.files[rel] = [sha, ""]
                if self._as_before(rel, DIGEST, sha):
                    path.unlink()  # the same bytes are already in the output
                else:
                    self.written.add(rel)


def write_output(settings: dict, output_path: str, rel: str, data: bytes | str, key: str = "") -> None:
    """Write a file of the build: through the build's tree (`OUTPUT_TREE`) when there is one."""
    tree = settings.get("OUTPUT_TREE")
    if tree is not None:
        tree.write(rel, data, key)
        return
    path = Path(output_path, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def render_key(settings: dict, *parts: str) -> str:
    """A key for a file made from the site (`SITE_FINGERPRINT`, set by `core.build`) and `parts`;
    empty, so never reused, when the build has no fingerprint."""
    site = settings.get("SITE_FINGERPRINT")
    if not site:
        return ""
    return hashlib.sha1("\0".join([site, *parts]).encode("utf-8"), usedforsecurity=False).hexdigest()


def make_output(settings: dict, output_path: str, rel: str, produce, *parts: str) -> None:
    """Write `produce()` as `rel`, unless the previous build made it from the same site and `parts`.

    Only for files that follow from the site fingerprint and `parts` alone (`core.fingerprint`)."""
    key = render_key(settings, rel, *parts)
    tree = settings.get("OUTPUT_TREE")
    if tree is None:
        write_output(settings, output_path, rel, produce(), key)
    elif not tree.kept(rel, key):
        tree.defer(rel, key, produce)


def apply(tree: OutputTree) -> None:
    """Bring the output up to date with the finished tree (incremental builds only)."""
    for rel in sorted(tree.written):
        target = tree.final / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tree.staging / rel, target)
    for rel in sorted(set(tree.previous) - set(tree.files)):
        (tree.final / rel).unlink(missing_ok=True)
        _prune(tree.final, (tree.final / rel).parent)


def _prune(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def load_manifest(cache: Path, final: Path) -> dict[str, list]:
    """The previous build's files, if it built this output and the output is still there."""
    try:
        saved = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if saved.get("output") != str(final) or not final.is_dir():
        return {}
    return saved.get("files", {})


def save_manifest(cache: Path, tree: OutputTree) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"output": str(tree.final), "files": tree.files}, sort_keys=True, separators=(",", ":"))
    temporary = cache / (MANIFEST + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, cache / MANIFEST)
