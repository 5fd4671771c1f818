"""The build under faults: `output/` is always one complete site, the previous or the new one.

Builds are killed (SIGKILL, through the `PORTAL_BUILD_KILL_AT` hook of `portal.engine.generations`)
at chosen moments; files of the output and of the build caches are damaged between builds; edits
keep their file's modification time. After each, `output/` must be byte for byte one of the two
sites a build from nothing makes, and the next build must give exactly the right one, with
nothing left behind.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from bench.fixture import write_fixture
from portal.engine import generations
from portal.engine.build import BuildError, build, cache_dir

ROOT = Path(__file__).resolve().parents[1]
PLACES = {"LOCALITY_PROVINCES": ["12"], "BUILD_PROCESSES": 1}
NEW_TITLE = "A campaign renamed for the fault tests"
NEW_SENTENCE = "Một câu mới cho bài thử lỗi."


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


class Site:
    """A fixture site whose content can be switched between version A and version B."""

    def __init__(self, folder: Path):
        self.folder, self.content = folder, folder / "content"
        self.originals = {p: p.read_bytes() for p in self.content.rglob("*.md")}
        self.campaign = sorted((self.content / "campaigns").glob("*.en.md"))[0]
        self.plan = sorted((self.content / "plans").glob("*.vi.md"))[0]
        self.removed = sorted(
            (self.content / "guidance").glob(
                sorted((self.content / "guidance").glob("*.vi.md"))[0].name.removesuffix(".vi.md")
                + ".*.md"
            )
        )

    def version_a(self) -> None:
        for path, data in self.originals.items():
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)

    def version_b(self) -> None:
        self.version_a()
        text = self.campaign.read_text(encoding="utf-8")
        self.campaign.write_text(
            re.sub(r"(?m)^title: .*$", f"title: {NEW_TITLE}", text, count=1), encoding="utf-8"
        )
        self.plan.write_text(
            self.plan.read_text(encoding="utf-8") + f"\n{NEW_SENTENCE}\n", encoding="utf-8"
        )
        for path in self.removed:
            path.unlink()

    def build(self, output: Path | None = None, **overrides) -> Path:
        return build(self.folder / "settings.py", output or self.output, {**PLACES, **overrides})

    @property
    def output(self) -> Path:
        return self.folder / "output"

    def build_elsewhere(
        self, point: str = "", no_exchange: bool = False, processes: int = 1
    ) -> subprocess.CompletedProcess:
        """A build in a process of its own (as the next `invoke build`: no thread but its own, so
        with `processes` > 1 it forks its helpers), killed at `point` if given."""
        prelude = (
            "import portal.engine.generations as g; g._renameat2 = lambda a, b: False; "
            if no_exchange
            else ""
        )
        script = (
            f"from pathlib import Path; {prelude}from portal.engine.build import build; "
            f"build(Path({str(self.folder / 'settings.py')!r}), Path({str(self.output)!r}), "
            f"{PLACES | {'BUILD_PROCESSES': processes}!r})"
        )
        env = {**os.environ, generations.KILL_AT: point}
        return subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def leftovers(self) -> list[str]:
        found = [
            p.name
            for p in self.folder.iterdir()
            if p.name.startswith((".output.building-", ".output.old-"))
        ]
        return found + [p.name for p in cache_dir(self.output).glob("search-job-*")]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    folder = tmp_path_factory.mktemp("faults")
    write_fixture(folder, 12, seed=5)
    return Site(folder)


@pytest.fixture(scope="module")
def expected(site, tmp_path_factory) -> dict[str, dict[str, str]]:
    """The two sites, each built from nothing in a folder of its own."""
    refs = tmp_path_factory.mktemp("references")
    site.version_b()
    b = digests(site.build(refs / "b", BUILD_PROCESSES=1))
    site.version_a()
    a = digests(site.build(refs / "a", BUILD_PROCESSES=1))
    assert a != b
    return {"a": a, "b": b}


@pytest.fixture
def built_a(site, expected) -> Site:
    site.version_a()
    site.build()
    assert digests(site.output) == expected["a"]
    return site


@pytest.mark.parametrize(
    ("point", "no_exchange"),
    [("linking", False), ("staged", False), ("swapped", False), ("aside", True)],
)
def test_a_killed_build_leaves_one_whole_site_and_the_next_build_repairs_it(
    built_a, expected, point, no_exchange
):
    site = built_a
    site.version_b()
    killed = site.build_elsewhere(point, no_exchange)
    assert killed.returncode == -9, killed.stderr[-2000:]
    # the fallback swap's instant without an output: the next start puts it back
    if point == "aside":
        assert not site.output.exists()
        generations.recover(site.output)
    assert digests(site.output) in (expected["a"], expected["b"])
    if point == "swapped":
        assert digests(site.output) == expected["b"], (
            "killed after the swap: the new site is in place"
        )
    else:
        assert digests(site.output) == expected["a"], (
            "killed before the swap: the old site is in place"
        )
    assert site.leftovers(), "the kill left its folders (or the hook did not fire)"
    site.version_a()  # the officer reverts the edit and builds again
    site.build()
    assert digests(site.output) == expected["a"]
    assert site.leftovers() == []
    site.version_b()
    site.build()
    assert digests(site.output) == expected["b"]


def processes_of(folder: Path) -> list[int]:
    """The running processes whose command line names `folder` (a build of a site there, its
    forked children, and the indexing interpreter, whose job file is in the site's cache)."""
    found = []
    for proc in Path("/proc").iterdir():
        with suppress(OSError):
            if proc.name.isdigit() and os.fsencode(folder) in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
    return found


def outlived(folder: Path, seconds: float = 10.0) -> list[int]:
    """The processes of `folder` still running after `seconds` (a killed helper ends at once)."""
    deadline = time.monotonic() + seconds
    while (left := processes_of(folder)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.parametrize(
    ("processes", "job_files"), [(1, ".pickle"), (2, ".pickle")], ids=["interpreter", "forked"]
)
def test_a_build_killed_while_indexing_leaves_nothing_after_the_next(
    built_a, expected, processes, job_files
):
    """The index runs in a new interpreter, started by the build (one process wanted) or by a
    forked child of it (two); either dies with the build, and the job file is left for the next
    build to remove."""
    site = built_a
    site.version_b()
    killed = site.build_elsewhere("indexing", processes=processes)
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert outlived(site.folder) == [], "the indexing process outlived the build"
    assert digests(site.output) == expected["a"]
    jobs = sorted(cache_dir(site.output).glob("search-job-*"))
    assert {path.suffix for path in jobs} == {job_files}, "the indexing job's files were left"
    # a process that ran on (and ended within the wait) would have written its result
    assert [path.stat().st_size for path in jobs if path.suffix == ".json"] in ([], [0])
    site.build()
    assert digests(site.output) == expected["b"]
    assert site.leftovers() == []


def test_damaged_and_stray_output_files_are_repaired(built_a, expected):
    output = built_a.output
    pages = sorted(output.glob("plans/*/index.html"))
    (pages[0]).write_bytes(b"")  # truncated
    same_size = pages[1].stat()
    data = pages[1].read_bytes()
    pages[1].write_bytes(data[:100] + b"X" * 50 + data[150:])  # other bytes, same size, same mtime
    os.utime(pages[1], ns=(same_size.st_atime_ns, same_size.st_mtime_ns))
    with open(output / "search" / "vi" / "manifest.json", "ab") as fh:
        fh.write(b" ")
    (output / "stray.html").write_text("<p>not ours</p>", encoding="utf-8")
    (output / "en" / "index.html").unlink()
    built_a.build()
    assert digests(output) == expected["a"]


def test_a_damaged_spare_generation_is_repaired_and_never_served(built_a, expected):
    """The spare (the site before the output, which the next build brings up to date) edited,
    given strays, a link and a folder in place of a page: the next build still publishes exactly
    the right site, and a build's output never shares a file with the spare that is not its own."""
    site = built_a
    site.build()  # a rebuild: the tree it replaces (site A too) is kept as the spare
    spare = generations.spare_for(site.output)
    assert digests(spare) == expected["a"], "an incremental build keeps the previous tree"
    pages = sorted(spare.glob("plans/*/index.html"))
    pages[0].unlink()
    pages[0].write_bytes(b"<p>edited in the spare</p>")  # a file of its own
    shutil.rmtree(pages[1].parent)
    pages[1].parent.mkdir()
    pages[1].mkdir()  # a folder where a page belongs
    (pages[1] / "x.html").write_bytes(b"x")
    (spare / "stray.html").write_text("<p>not ours</p>", encoding="utf-8")
    (spare / "en" / "index.html").unlink()
    (spare / "en" / "index.html").symlink_to("/etc/hostname")
    site.version_b()
    site.build()
    assert digests(site.output) == expected["b"]
    assert digests(spare) == expected["a"], "the previous site is the next build's spare"
    site.version_a()
    site.build()
    assert digests(site.output) == expected["a"]


def test_an_edit_that_keeps_the_modification_time_is_built(built_a, expected):
    plan = built_a.plan
    before = plan.stat()
    plan.write_text(plan.read_text(encoding="utf-8") + f"\n{NEW_SENTENCE}\n", encoding="utf-8")
    # as cp -p, rsync -a or touch -r leave it
    os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))
    built_a.build()
    page = built_a.output / "plans" / plan.name.removesuffix(".vi.md") / "index.html"
    assert NEW_SENTENCE in page.read_text(encoding="utf-8")


def _edit_inside(path: Path) -> None:
    """A plausible change of a text inside the file, keeping its length and format."""
    data = bytearray(path.read_bytes())
    at = data.find(b"a", len(data) // 2)
    data[at : at + 1] = b"e"
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _wrong_shape(path: Path) -> None:
    path.write_bytes(pickle.dumps(["not", "a", "cache"]))


CACHES = {
    "search terms": "search-terms-*.pickle",
    "search documents": "search-docs-*.pickle",
    "content": "content-*/PagesGenerator-Readers",
    "compiled template": "jinja-*/*",
    "manifest": "output-manifest.json",
}


@pytest.mark.parametrize(
    "damage", [_edit_inside, _truncate, _wrong_shape], ids=["edited", "truncated", "wrong-shape"]
)
@pytest.mark.parametrize("cache", sorted(CACHES))
def test_a_damaged_cache_is_discarded_with_a_notice(built_a, expected, cache, damage):
    site = built_a
    site.version_b()
    site.build()  # the caches now describe version B
    site.version_a()
    damaged = sorted(cache_dir(site.output).glob(CACHES[cache]))[:3]
    assert damaged
    for path in damaged:
        damage(path)
    done = site.build_elsewhere()
    assert done.returncode == 0, done.stderr[-2000:]
    assert digests(site.output) == expected["a"]
    assert "notice: build cache" in done.stderr


def test_an_output_that_cannot_be_written_fails_cleanly_and_keeps_the_site(
    built_a, expected, monkeypatch
):
    def refused(staging, output):
        raise PermissionError(13, "Permission denied", str(output))

    built_a.version_b()
    monkeypatch.setattr(generations, "exchange", refused)
    with pytest.raises(
        BuildError, match=r"could not write the site: Permission denied \(.*output\)"
    ):
        built_a.build()
    assert digests(built_a.output) == expected["a"]
    assert built_a.leftovers() == []


@contextmanager
def read_only(folder: Path):
    """`folder` made unwritable: immutable for root (who ignores permissions), else mode 555."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("chattr cannot make the folder immutable on this file system")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        folder.parent.chmod(0o555)
        undo = ["chmod", "755", str(folder), str(folder.parent)]
    try:
        yield
    finally:
        subprocess.run(undo, check=True)


def test_a_read_only_output_fails_cleanly_and_keeps_the_site(built_a, expected):
    built_a.version_b()
    with (
        read_only(built_a.output),
        pytest.raises(BuildError, match=r"could not write the site: .*(not permitted|denied)"),
    ):
        built_a.build()
    assert digests(built_a.output) == expected["a"]
    assert built_a.leftovers() == []


@contextmanager
def small_disk(folder: Path, size: str = "128m"):
    """A file system of its own (tmpfs) that a test can fill."""
    folder.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
        ).returncode
        != 0
    ):
        pytest.skip("mounting a small file system needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_fails_cleanly_and_keeps_the_site(site, expected, tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        output = disk / "output"
        site.version_a()
        site.build(output)
        assert digests(output) == expected["a"]
        filler = disk / "filler"
        with open(filler, "wb") as fh:
            os.posix_fallocate(fh.fileno(), 0, shutil.disk_usage(disk).free - 4096)
        site.version_b()
        with pytest.raises(BuildError, match="No space left on device") as failed:
            site.build(output)
        print(failed.value)
        assert "Traceback" not in str(failed.value)
        assert digests(output) == expected["a"]
        assert [p.name for p in disk.iterdir() if p.name.startswith(".output.building-")] == []
        filler.unlink()
        site.build(output)
        assert digests(output) == expected["b"]


def test_a_missing_output_is_restored_from_a_killed_swap(built_a, expected):
    """The fallback swap renames the output aside for an instant; a kill then must not lose it."""
    aside = built_a.folder / ".output.old-1"
    built_a.output.rename(aside)
    generations.clean_leftovers(built_a.output)
    assert digests(built_a.output) == expected["a"]
    shutil.rmtree(aside, ignore_errors=True)
