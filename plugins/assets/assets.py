"""Content-hashed names for the theme's static files, so hosts can cache them for a year.

Templates call the Jinja global `asset("css/site.css")` (any path under the theme's
`THEME_STATIC_PATHS`, e.g. `js/search/porter.js`); it returns the file's address with its hash,
`{SITEURL}/theme/css/site.<hash>.css`. The hash is the first 10 hex digits of the SHA-256 of the
file's bytes as shipped: the name changes when, and only when, the content does. Stylesheets
are shipped without their comments and indentation (`shipped`), which every page's first load
would otherwise carry.

On `finalized` every file Pelican copied to `<output>/<THEME_STATIC_DIR>/` is renamed to its hashed
name (a name `asset()` gave out is written with the bytes it was made from, so pages and files agree
even if the theme was edited during the build); no unhashed copy is kept, so everything under
`theme/` may be cached as immutable and a template that names a static file without `asset()` fails
the link checks. Scripts must not import each other by relative path: a page passes a second
script's `asset()` URL in a `data-` attribute. Reads the settings `THEME`, `THEME_STATIC_PATHS`,
`THEME_STATIC_DIR` and `SITEURL`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from jinja2 import pass_context
from pelican import signals

from portal.engine.output_tree import make_output
from portal.site.components import add_theme_folders, component_folders, expand

HASH_DIGITS = 10


def hashed_name(path: PurePosixPath, data: bytes) -> PurePosixPath:
    """`css/site.css` → `css/site.<hash>.css` (a name without a suffix gets `.<hash>` at its end).

    >>> str(hashed_name(PurePosixPath("js/search/porter.js"), b"x"))
    'js/search/porter.2d711642b7.js'
    """
    digest = hashlib.sha256(data).hexdigest()[:HASH_DIGITS]
    return path.with_name(
        f"{path.stem}.{digest}{path.suffix}" if path.suffix else f"{path.name}.{digest}"
    )


# A CSS string (kept whole, whatever it holds) or a comment (dropped)
_CSS_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?\*/', re.S)


def shipped(path: PurePosixPath, data: bytes) -> bytes:
    """The bytes written for a theme file: a stylesheet loses its comments, indentation and blank
    lines (strings are left alone); anything else is written as it is.

    >>> css = b'/* note */\\na::before {\\n  content: "/* x */";\\n}\\n\\n'
    >>> shipped(PurePosixPath("css/a.css"), css).decode()
    'a::before {\\ncontent: "/* x */";\\n}\\n'
    """
    if path.suffix != ".css":
        return data
    text = _CSS_TOKEN.sub(
        lambda m: "" if m.group().startswith("/*") else m.group(), data.decode("utf-8")
    )
    return "".join(line.strip() + "\n" for line in text.splitlines() if line.strip()).encode(
        "utf-8"
    )


def source_of(settings: dict, path: str) -> Path:
    """The theme file that Pelican copies to `theme/<path>` (a later static path wins, as in
    Pelican)."""
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts:
        raise ValueError(
            f"asset(): {path!r} must be a path inside the theme's static folder, e.g. "
            "'css/site.css'"
        )
    for folder in reversed(settings["THEME_STATIC_PATHS"]):
        candidate = Path(settings["THEME"]) / folder / rel
        if candidate.is_file():
            return candidate
    raise ValueError(
        f"asset(): no file {path!r} in {settings['THEME']}/{settings['THEME_STATIC_PATHS']}"
    )


# Per build (keyed by output path): the bytes each `asset()` name was made from. Every page of the
# build uses the same name, and that name is written with exactly those bytes, even when the theme
# file is edited during the build (`invoke serve`).
_ISSUED: dict[str, dict[PurePosixPath, bytes]] = {}


def start_build(pelican) -> None:
    _ISSUED[str(pelican.output_path)] = {}  # nothing left over from a build that failed
    add_components(pelican.settings)


def add_components(settings: dict) -> None:
    """Each component folder (`portal.site.components`) is a template folder, and its `static/`
    a static folder of the theme: a component is used by being there."""
    folders = list(component_folders(settings).values())
    statics = [f / "static" for f in folders if (f / "static").is_dir()]
    add_theme_folders(settings, folders, statics)


def built(settings: dict, rel: PurePosixPath, data: bytes) -> bytes:
    """What is written for a theme file: components placed at their markers, then `shipped`."""
    if rel.suffix in (".css", ".js"):
        data = expand(data, rel.suffix, component_folders(settings))
    return shipped(rel, data)


def install(generator) -> None:
    settings = generator.settings
    issued = _ISSUED.setdefault(str(generator.output_path), {})

    @pass_context
    def asset(context, path: str) -> str:
        rel = PurePosixPath(path)
        if rel not in issued:
            issued[rel] = built(settings, rel, source_of(settings, path).read_bytes())
        return (
            f"{context['SITEURL']}/{settings['THEME_STATIC_DIR']}/{hashed_name(rel, issued[rel])}"
        )

    generator.env.globals["asset"] = asset


def rename_static_files(pelican) -> None:
    issued = _ISSUED.pop(str(pelican.output_path), {})
    folder = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    for file in files:
        rel = PurePosixPath(file.relative_to(folder).as_posix())
        data = issued.pop(rel, None) or built(pelican.settings, rel, file.read_bytes())
        # Pelican's copy; the hashed file goes through the engine like every other file
        file.unlink()
        name = f"{pelican.settings['THEME_STATIC_DIR']}/{hashed_name(rel, data)}"
        make_output(
            str(pelican.output_path), name, lambda data=data: data, hashlib.sha256(data).hexdigest()
        )
    if issued:  # a file asset() found that Pelican did not copy: the pages would link to nothing
        raise ValueError(f"asset(): not copied to {folder}: {', '.join(map(str, sorted(issued)))}")


def register():
    signals.initialized.connect(start_build)
    signals.generator_init.connect(install)
    signals.finalized.connect(rename_static_files)
