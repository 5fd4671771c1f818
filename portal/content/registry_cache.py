"""One registry per build: every plugin that needs it asks here instead of re-reading CSVs."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from portal.content.localities import Registry, load_registry


def registry_for(settings: dict) -> tuple[Registry, str]:
    folder = Path(settings["LOCALITIES_DIR"])
    return _load(str(folder.resolve())), str(folder)


@lru_cache(maxsize=4)
def _load(folder: str) -> Registry:
    return load_registry(Path(folder))
