"""How a finished build replaces `output/` in one step, and what a killed build leaves behind.

`output/` is always one complete site, the previous or the new one, whatever moment a build is
killed. A build writes its new files into a staging folder beside the output
(`.output.building-<pid>`) and assembles the whole new site beside the output (new files moved in,
unchanged ones hard links of the output's, see `portal.engine.output_tree`): in the spare
generation the previous build left (`.output.spare`), or in staging itself when there is none.
Then `exchange` swaps that folder and the output with Linux's `renameat2(RENAME_EXCHANGE)`, a
single atomic step: a reader, a web server or a kill sees the old tree or the new one, never a
mix. The old tree becomes the spare for the next build, which brings it up to date by differences
instead of making and deleting a whole tree of links each time; the spare is only ever a build's
scratch space, never served. Publishing (`incremental=False`) keeps no spare.

Where the kernel or file system cannot exchange (another OS, some network file systems), the
output is renamed aside (`.output.old-<pid>`) and the staging folder renamed into its place:
for an instant there is no `output/`, never a mixed one, and `recover` puts the old one back if
a kill fell in that instant.

`clean_leftovers` runs at the start of every build, under `lock` (one build of an output at a
time): it restores a missing output and removes the staging and old folders of killed builds.
`checkpoint(name)` is a test hook: when the environment variable `PORTAL_BUILD_KILL_AT` names
that point, the build kills itself there with SIGKILL, as a power
cut or an impatient Ctrl-C on the wrong process would (tests/test_faults.py).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100
LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:building|old)-(?P<pid>\d+)$")
KILL_AT = "PORTAL_BUILD_KILL_AT"
PR_SET_PDEATHSIG = 1


def staging_for(output: Path) -> Path:
    return output.parent / f".{output.name}.building-{os.getpid()}"


def spare_for(output: Path) -> Path:
    return output.parent / f".{output.name}.spare"


def spare_of(output: Path) -> Path | None:
    """The spare generation beside `output`, if there is one (anything else under its name, a
    file or a link, is removed)."""
    spare = spare_for(output)
    if spare.is_dir() and not spare.is_symlink():
        return spare
    if spare.is_symlink() or spare.exists():
        spare.unlink()
    return None


def checkpoint(name: str) -> None:
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def die_with_parent(parent: int) -> None:
    """In a helper process started by `parent`: be killed when that build is (Linux; elsewhere a
    no-op). A build killed before the helper could ask has left it to another parent already:
    then the helper ends at once instead of running on unwatched."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


@contextmanager
def lock(cache: Path):
    """One build of an output at a time: a second one waits for the first."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "build.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def exchange(staging: Path, output: Path) -> None:
    """Put `staging` in the place of `output` in one step; the old output ends up at `staging`."""
    if not output.exists():
        staging.rename(output)
        return
    if _renameat2(staging, output):
        return
    aside = output.parent / f".{output.name}.old-{os.getpid()}"
    output.rename(aside)
    checkpoint("aside")
    staging.rename(output)
    aside.rename(staging)


def _renameat2(source: Path, target: Path) -> bool:
    """True if the kernel exchanged the two paths; False if it cannot here (then nothing moved)."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    done = function(AT_FDCWD, os.fsencode(source), AT_FDCWD, os.fsencode(target), RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(target))


def clean_leftovers(output: Path) -> list[Path]:
    """Restore a missing output from a killed build's `old` folder, then remove the folders killed
    builds left (the caller holds the lock, so no other build of this output is running)."""
    recover(output)
    removed = []
    for path in sorted(output.parent.glob(f".{output.name}.*-*")):
        match = LEFTOVER.match(path.name)
        if match and match["name"] == output.name:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def recover(output: Path) -> None:
    if output.exists():
        return
    for old in sorted(output.parent.glob(f".{output.name}.old-*")):
        old.rename(output)
        return
