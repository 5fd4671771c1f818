"""The files of one build, so that a rebuild renders and writes only what changed.

A build writes into a fresh staging folder (`portal.engine.build`). Its `OutputTree` knows, from the
previous build of the same output (a sealed manifest in the build cache, `portal.engine.sealed`),
each file's digest, the render key it was made from, and the file's stamp on disk (size, mtime,
ctime, inode). `load_manifest` trusts an entry only if the file in `output/` still has that
stamp or, failing that, still has those bytes: a file truncated, overwritten or deleted since is
made again, and a file nobody recorded (a stray) is simply not carried over.

- `kept(rel, key)`: the previous build made `rel` from the same key: nothing to render;
- `write(rel, data, key)`: the bytes go to staging, unless they equal the file already in the
  output (then that file is carried over as it is, mtime and all, and a deploy does not send it);
- `defer(rel, key, produce)`: the same, later: `portal.engine.produce` makes the deferred files in
  two processes once every generator has queued its own.

At the end `finish` lists every file of the new build (files written into staging by other
means, such as Pelican's theme copy, included) and assembles the whole new site in `result`, which
`portal.engine.generations` then exchanges with the output in one step. Where the previous build
left its spare generation (the site before the output, `generations.spare_for`), `result` is that
folder brought up to date by differences: a file the output carries over is kept if it is already
the output's own file (the same inode: the same bytes) and linked from the output if not, the new
files are moved in from staging, and anything else is removed. Most of a rebuild's tree is thus
neither made nor deleted. Nothing is ever written into a file of the spare: its files may be the
output's own (hard links), so a change goes through a new inode (rename, link, unlink). Without a
spare (the first build, publishing), staging itself becomes the site: the carried-over files are
hard-linked into it.

A render key must name everything the file is made from: `render_key` hashes the site fingerprint
(`portal.engine.fingerprint`) with the parts a caller names; `portal.engine.caching_writer` keys
pages.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

from portal.engine.generations import checkpoint
from portal.engine.sealed import read_sealed, write_sealed
from portal.engine.state import current

MANIFEST = "output-manifest.json"
MANIFEST_VERSION = "2"
DIGEST, KEY, STAMP = 0, 1, 2  # the fields of a manifest entry


def digest(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


class OutputTree:
    def __init__(
        self,
        staging: Path,
        final: Path,
        previous: dict[str, list] | None = None,
        spare: Path | None = None,
    ):
        self.staging, self.final = Path(staging), Path(final)
        self.spare = Path(spare) if spare is not None else None
        self._device: int | None = None  # the output's file system, once asked
        self.previous = previous or {}  # rel -> [digest, key] from the previous build
        self.files: dict[str, list] = {}
        self.written: set[str] = set()
        self._folders: set[str] = set()  # folders known to exist (staging's and the spare's)
        self.pending: list[tuple] = []  # (rel, key, produce) from `defer`
        self._firsts = 0  # how many of them, at its head, were deferred with `first`
        self.flushed = (
            False  # `portal.engine.produce` has made the queue: later files are made at once
        )
        self._left: tuple[str, ...] | None = None  # what `finish` has still to do (None: all)

    @property
    def result(self) -> Path:
        """The folder that holds the whole new site once `finish` has run."""
        return self.spare if self.spare is not None else self.staging

    def kept(self, rel: str, key: str) -> bool:
        if not self._as_before(rel, KEY, key):
            return False
        self.files[rel] = self.previous[rel]
        return True

    def _as_before(self, rel: str, field: int, value: str) -> bool:
        """The previous build's `rel` had this digest or key (its file in the output was checked
        when the manifest was loaded)."""
        old = self.previous.get(rel)
        return bool(value) and old is not None and old[field] == value

    def write(self, rel: str, data: bytes | str, key: str = "") -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        sha = digest(data)
        self.files[rel] = [sha, key, ""]
        if self._as_before(rel, DIGEST, sha):
            return
        with open(self._place(self.staging, rel), "wb") as fh:
            fh.write(data)
        self.written.add(rel)

    def defer(self, rel: str, key: str, produce, first: bool = False) -> None:
        """`produce()` returns the file's bytes or text; it must read nothing that changes later in
        the build. Once the queue has been made, the file is made at once. `first`: a file made
        from the whole site, queued ahead of the others (`portal.engine.produce` says why)."""
        if self.flushed:
            self.write(rel, produce(), key)
        elif first:
            self.pending.insert(self._firsts, (rel, key, produce))
            self._firsts += 1
        else:
            self.pending.append((rel, key, produce))

    def add(self, files: dict[str, list], written: list[str]) -> None:
        """Merge what another process wrote with its own tree (its `part()`)."""
        self.files.update(files)
        self.written.update(written)

    def part(self) -> dict:
        return {"files": self.files, "written": sorted(self.written)}

    def finish(self, but: tuple[str, ...] = ()) -> None:
        """Record the files that reached staging without `write` (written by other code), then
        assemble the whole site in `result`: the spare brought up to date, or staging with every
        file carried over from the output linked into it. A file still queued (`defer`) means
        the build would publish less than it made: an error.

        `but`: folders (`search/vi/`) that another process is still writing. The build calls
        `finish(but=…)` while that process runs, and `finish()` once it has ended, which then
        does only those folders."""
        if self.pending:
            first = ", ".join(rel for rel, _key, _produce in self.pending[:3])
            raise RuntimeError(
                f"{len(self.pending)} files were queued and never made ({first}…): "
                "the site would be incomplete"
            )
        only, self._left = self._left, but
        if only == ():
            return  # finished already
        inside = (lambda rel: rel.startswith(only)) if only is not None else (lambda rel: True)
        for rel in self._strays(only or ("",), but):
            sha = digest(Path(self.staging, rel).read_bytes())
            self.files[rel] = [sha, "", ""]
            if self._as_before(rel, DIGEST, sha):
                os.unlink(os.path.join(self.staging, rel))  # the same bytes are in the output
            else:
                self.written.add(rel)
        wanted = lambda rel: inside(rel) and not rel.startswith(but)  # noqa: E731
        if self.spare is None:
            self._link_carried_over(wanted)
        else:
            self._update_spare(only or ("",), but, wanted)

    def _strays(self, folders: tuple[str, ...], but: tuple[str, ...]):
        """The files under `folders` of staging (not under `but`) that `write` did not write."""
        for folder in folders:
            top = os.path.join(self.staging, folder)
            for root, dirs, names in os.walk(top):
                at = os.path.relpath(root, self.staging).replace(os.sep, "/")
                at = "" if at == "." else at + "/"
                dirs[:] = [d for d in dirs if f"{at}{d}/" not in but]
                yield from (at + n for n in names if at + n not in self.written)

    def _link_carried_over(self, wanted) -> None:
        carried = sorted(rel for rel in set(self.files) - self.written if wanted(rel))
        for i, rel in enumerate(carried):
            if i == len(carried) // 2:
                checkpoint("linking")
            os.link(os.path.join(self.final, rel), self._place(self.staging, rel))

    def _update_spare(self, roots: tuple[str, ...], but: tuple[str, ...], wanted) -> None:
        """Bring the spare's folders `roots` (not those under `but`) up to date with this build."""
        written = {rel for rel in self.written if wanted(rel)}
        carried = {rel for rel in self.files if rel not in self.written and wanted(rel)}
        for root in roots:
            if os.path.isdir(os.path.join(self.result, root)):
                self._sweep(root, written, carried, but)
        checkpoint("linking")
        for rel in sorted(written):
            os.rename(os.path.join(self.staging, rel), self._place(self.result, rel))
        for rel in sorted(carried):  # what the sweep found in place is no longer in `carried`
            os.link(os.path.join(self.final, rel), self._place(self.result, rel))

    def _sweep(self, at: str, written: set, carried: set, but: tuple[str, ...]) -> bool:
        """Go over the spare's folder `at` ('' or 'a/b/'): keep the carried-over files that are
        already the output's (taken out of `carried`) and the files about to be replaced by new
        ones; remove everything else, and every folder left empty. True if `at` is now empty."""
        left = 0
        with os.scandir(os.path.join(self.result, at)) as listing:
            entries = list(listing)
        for entry in entries:
            rel = at + entry.name
            if entry.is_dir(follow_symlinks=False) and rel not in written and rel not in carried:
                if rel + "/" in but or not self._sweep(rel + "/", written, carried, but):
                    left += 1
                else:
                    os.rmdir(entry.path)
            elif rel in carried and self._is_output_file(entry, rel):
                carried.discard(rel)
                left += 1
            elif rel in written and entry.is_file(follow_symlinks=False):
                left += 1  # the rename replaces it
            elif entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)  # a folder where this build has a file
            else:
                os.unlink(entry.path)
        return left == 0

    def _is_output_file(self, entry: os.DirEntry, rel: str) -> bool:
        """The spare's entry is the very file the output has at `rel` (checked when the manifest
        was loaded): a hard link of it, so the same bytes."""
        if self._device is None:
            self._device = os.stat(self.final).st_dev
        st = entry.stat(follow_symlinks=False)
        inode = self.previous[rel][STAMP].rpartition(":")[2]
        return stat.S_ISREG(st.st_mode) and (st.st_dev, str(st.st_ino)) == (self._device, inode)

    def _place(self, root: Path, rel: str) -> str:
        """The path of `rel` under `root`, its folder made if need be."""
        path = os.path.join(root, rel)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return path


def write_output(output_path: str, rel: str, data: bytes | str, key: str = "") -> None:
    """Write a file of the build: through the running build's tree when there is one."""
    build = current()
    if build is not None:
        build.tree.write(rel, data, key)
        return
    path = Path(output_path, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def render_key(*parts: str) -> str:
    """A key for a file made from the running build's site fingerprint and `parts`; empty, so
    never reused, outside a build."""
    build = current()
    if build is None:
        return ""
    return hashlib.sha1(
        "\0".join([build.fingerprint, *parts]).encode("utf-8"), usedforsecurity=False
    ).hexdigest()


def make_output(output_path: str, rel: str, produce, *parts: str, first: bool = False) -> None:
    """Write `produce()` as `rel`, unless the previous build made it from the same site and `parts`.

    Only for files that follow from the site fingerprint and `parts` alone
    (`portal.engine.fingerprint`). In a build the file is queued and made once Pelican has run
    (`portal.engine.produce`); `first` for a file made from the whole site (`OutputTree.defer`)."""
    key = render_key(rel, *parts)
    build = current()
    if build is None:
        write_output(output_path, rel, produce(), key)
    elif not build.tree.kept(rel, key):
        build.tree.defer(rel, key, produce, first=first)


def stamp(path: str) -> str:
    """What changes when anything touches a file: size, mtime, ctime (which no tool can set back)
    and inode; '' if it is not a regular file."""
    try:
        st = os.lstat(path)
    except OSError:
        return ""
    if not stat.S_ISREG(st.st_mode):
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def load_manifest(cache: Path, final: Path) -> dict[str, list]:
    """The previous build's files that are still, byte for byte, in `final`."""
    payload = read_sealed(cache / MANIFEST, "manifest", MANIFEST_VERSION)
    if payload is None or not final.is_dir():
        return {}
    try:
        saved = json.loads(payload)
        files = saved["files"] if saved["output"] == str(final) else {}
        return {rel: entry for rel, entry in files.items() if _still_there(final, rel, entry)}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}


def _still_there(final: Path, rel: str, entry: list) -> bool:
    path = os.path.join(final, rel)
    now = stamp(path)
    if not now:
        return False
    if now != entry[STAMP]:
        with open(path, "rb") as fh:
            if digest(fh.read()) != entry[DIGEST]:
                return False
        entry[STAMP] = now
    return True


def save_manifest(cache: Path, tree: OutputTree) -> None:
    """Record the files of the build now in `tree.final`, each with its stamp there."""
    for rel, entry in tree.files.items():
        entry[STAMP] = stamp(os.path.join(tree.final, rel))
    text = json.dumps(
        {"output": str(tree.final), "files": tree.files}, sort_keys=True, separators=(",", ":")
    )
    write_sealed(cache / MANIFEST, "manifest", MANIFEST_VERSION, text.encode("utf-8"))
