"""Build the site with Pelican into a fresh directory and swap it into place only on success.

Usage: `build(Path("pelicanconf.py"), Path("output"))`.

A failed build (a content error, or any error Pelican logs) raises and leaves the previous
`output/` exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from .problems import ContentError


class BuildError(RuntimeError):
    pass


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def _fail_on_logged_errors():
    """Pelican logs some failures (a file it could not read) and carries on; we do not."""
    counter = _ErrorCounter()
    logger = logging.getLogger("pelican")
    logger.addHandler(counter)
    try:
        yield
    finally:
        logger.removeHandler(counter)
    if counter.messages:
        raise BuildError("the build logged errors:\n" + "\n".join(counter.messages))


def build(settings_file: Path, output: Path, overrides: dict | None = None, finish=None) -> Path:
    """`finish(staging)`, if given, runs on the built tree before the swap (a failure there also keeps the old output)."""
    output = output.resolve()
    staging = output.parent / f".{output.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    settings = read_settings(str(settings_file), override={**(overrides or {}), "OUTPUT_PATH": str(staging), "FINAL_OUTPUT_PATH": str(output)})
    try:
        with _fail_on_logged_errors():
            Pelican(settings).run()
        if finish is not None:
            finish(staging)
    except (ContentError, BuildError):
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except Exception as exc:  # a template or plugin bug: same rule, previous output stays
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    swap_into_place(staging, output)
    return output


def swap_into_place(staging: Path, output: Path) -> None:
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)
