"""Publishing: an absolute-address build, swapped into place only on success, precompressed.

`publish(Path("publishconf.py"), Path("public"), siteurl="https://<domain>/sub")` builds with
`RELATIVE_URLS = False` and `SITEURL` (given, or the settings file's) into a fresh directory
(`portal/engine/build.py`). Without an address, or with a placeholder one (example.org), it refuses
to build: a printed QR code would lead nowhere. Before the swap, every text file of at least
`MIN_BYTES` gets two copies beside it: `<name>.gz` (gzip level 9, mtime 0, no file name) and
`<name>.br` (Brotli at the setting `BROTLI_QUALITY`, 11 unless set), so a host can send them as
they are. Smaller files gain nothing from compression and are left alone. Both encoders are
deterministic: the same site gives the same bytes.
"""

from __future__ import annotations

import gzip
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
from pelican.settings import read_settings

from portal.engine.build import BuildError, build
from portal.settings import SETTINGS, SettingsError, value_of
from portal.site.urls import is_placeholder

TEXT_SUFFIXES = frozenset(
    {
        ".html",
        ".htm",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".xml",
        ".atom",
        ".rss",
        ".ics",
        ".svg",
        ".txt",
        ".csv",
        ".webmanifest",
        ".map",
    }
)
MIN_BYTES = 256
ABSOLUTE = re.compile(r"^https?://[^/\s]+(/\S*)?$")
NO_ADDRESS = (
    "Publishing needs the site's public address: the posters' and flyers' QR codes, the "
    "calendar subscription, "
    "the feeds and the sitemap all carry it. Give it with --siteurl "
    "https://<domain>/<path> (or the SITEURL "
    "environment variable, or SITEURL in publishconf.py)."
)


def publish(
    settings_file: Path, output: Path, siteurl: str | None = None, overrides: dict | None = None
) -> Path:
    """Build for publishing at `siteurl` into `output`; the previous `output` stays if anything
    fails."""
    overrides = {**(overrides or {}), "RELATIVE_URLS": False}
    if siteurl:
        overrides["SITEURL"] = siteurl
    settings = read_settings(str(settings_file), override=overrides)
    site = settings["SITEURL"]
    if not site:
        raise BuildError(NO_ADDRESS + " No address was given.")
    if not ABSOLUTE.match(site):
        raise BuildError(
            "SITEURL must be the site's full address, e.g. "
            f"https://<domain>/phong-chong-mua-ban-nguoi, got {site!r}"
        )
    if is_placeholder(site):
        raise BuildError(f"{NO_ADDRESS} {site!r} is a placeholder, not the site's address.")
    overrides["SITEURL"] = site.rstrip("/")
    try:
        quality = value_of(settings, "BROTLI_QUALITY")
    except SettingsError as exc:
        raise BuildError(str(exc)) from None
    # the officers' editor, only when asked for (plugins/editor/export.py)
    editor = settings.get("EDITOR_PUBLISH")
    finish = _finisher(quality, editor and (editor, Path(settings["LOCALITIES_DIR"])))
    # published from nothing
    return build(settings_file, output, overrides, finish=finish, incremental=False)


def _finisher(quality: int, editor: tuple[dict, Path] | None):
    """What runs on the finished tree before the swap: the editor, if wanted, then compression."""

    def finish(root: Path) -> None:
        if editor:
            from plugins.editor.export import export_editor

            try:
                export_editor(root, *editor)
            except ValueError as exc:
                raise BuildError(str(exc)) from None
        precompress(root, quality)

    return finish


def compressible(root: Path) -> list[Path]:
    """The text files that get `.gz` and `.br` copies, sorted."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix.lower() in TEXT_SUFFIXES and p.is_file() and p.stat().st_size >= MIN_BYTES
    )


def gzip_bytes(data: bytes) -> bytes:
    """gzip level 9 with mtime 0 and no file name in the header, so the bytes depend only on
    `data`."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes, quality: int) -> bytes:
    return brotli.compress(data, quality=quality)


def compress_file(path: Path, quality: int) -> None:
    data = path.read_bytes()
    path.with_name(path.name + ".gz").write_bytes(gzip_bytes(data))
    path.with_name(path.name + ".br").write_bytes(brotli_bytes(data, quality))


def precompress(root: Path, quality: int = SETTINGS["BROTLI_QUALITY"].default) -> int:
    """Write `.gz` and `.br` beside every compressible file under `root`; returns how many files."""
    files = compressible(root)
    with ThreadPoolExecutor(min(os.cpu_count() or 1, 8)) as pool:  # zlib and Brotli release the GIL
        list(pool.map(lambda path: compress_file(path, quality), files))
    return len(files)
