"""Fingerprints of what a build is made from, for the build caches.

- `code_fingerprint(settings)`: the project's code (`portal/`, `plugins/`, the theme, translations),
  the versions of the libraries that render, and the settings. Any change starts every cache afresh.
- `site_fingerprint(settings)`: that, plus every content and data file under `PATH` and the
  registry — except the Markdown bodies of content files, of which only the front matter counts.
  A page shows its own body and the metadata of others, never another page's body, so a body
  edit changes only the render keys of the pages given that page (`portal.engine.caching_writer`).
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from portal.engine.file_digests import FileDigests
from portal.settings import inputs

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = (
    "pelican",
    "jinja2",
    "markdown",
    "babel",
    "pydantic",
    "pyyaml",
    "segno",
    "icalendar",
    "feedgenerator",
    "whoosh",
)
VOLATILE = {"OUTPUT_PATH", "CACHE_PATH", "BUILD_PROCESSES", "LOAD_CONTENT_CACHE", "CACHE_CONTENT"}
CODE = (
    ".py",
    ".mjs",
    ".js",
    ".json",
    ".yaml",
    ".html",
    ".css",
)  # a feature folder's scripts and templates count too


def code_fingerprint(settings: dict) -> str:
    sha = hashlib.sha1(usedforsecurity=False)
    sha.update(_code_digest().encode())
    sha.update(_folder_digest(Path(settings["THEME"]).resolve()).encode())
    sha.update(repr(_plain_settings(settings)).encode())
    return sha.hexdigest()


def site_fingerprint(
    settings: dict, code: str | None = None, digests: FileDigests | None = None
) -> str:
    """`code`: the `code_fingerprint` of these settings, when the caller already has it;
    `digests`: the build's memo of file digests (`portal.engine.file_digests`), which reads only
    the files changed since it last read them (a new one reads every file)."""
    digests = digests if digests is not None else FileDigests()
    sha = hashlib.sha1((code or code_fingerprint(settings)).encode(), usedforsecurity=False)
    for path in (Path(settings["PATH"]), *inputs(settings)):  # every file a declared setting names
        if path.is_dir():
            folder = path.resolve()
            for file in _files(folder):
                part = digests.front(file) if file.suffix == ".md" else digests.whole(file)
                sha.update(f"{file.relative_to(folder).as_posix()}\0".encode() + part)
        elif path.is_file():
            sha.update(path.read_bytes())
    return sha.hexdigest()


def _code_digest() -> str:
    sha = hashlib.sha1(usedforsecurity=False)
    for name in LIBRARIES:
        sha.update(f"{name}={version(name)}\n".encode())
    for package in ("portal", "plugins"):
        _add_folder(sha, ROOT / package, suffixes=CODE)
    return sha.hexdigest()


def _folder_digest(folder: Path) -> str:
    sha = hashlib.sha1(usedforsecurity=False)
    _add_folder(sha, folder)
    return sha.hexdigest()


def _add_folder(sha, folder: Path, suffixes: tuple = ()) -> None:
    for path in _files(folder):
        if suffixes and path.suffix not in suffixes:
            continue
        data = path.read_bytes()
        sha.update(f"{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
        sha.update(data)


def _files(folder: Path) -> list[Path]:
    """The files under `folder`, sorted, without Python's caches."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _plain_settings(settings: dict) -> list:
    return sorted((k, _plain(v)) for k, v in settings.items() if k.isupper() and k not in VOLATILE)


def _plain(value):
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, dict):
        return sorted((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return type(value).__name__  # functions, classes: their code is in the code digest
