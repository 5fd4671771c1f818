"""Components: one folder per piece of interface, holding everything it is made of.

In the spirit of GOV.UK Frontend's components, a component is a folder `components/<name>/`
in the theme (`themes/portal/components/`) or in a feature plugin (`plugins/<feature>/components/`):

- `<name>.html`: its Jinja macros (imported as `{% from "<name>.html" import … with context %}`);
- `<name>.yaml`: each macro's parameters (name, required, what it is) and examples, which
  `tests/test_components.py` renders and checks against the macro's own signature;
- `<name>.css`: its styles, placed into the site's stylesheet where `/* @component <name> */`
  stands;
- `<name>.js`: its script when it is part of the site's script (`// @component <name>` in site.js),
  or `static/` for scripts a page loads on its own (copied to `theme/` like the theme's static
  files);
- its tests, beside it.

Why by hand: the stylesheet and script are one file each (one request, one cache entry, within
the 14 KB first-load budget), so a component's CSS and JS are inlined where the marker stands, in
the order the stylesheet gives — three lines of Python, where a bundler would add a toolchain.
"""

from __future__ import annotations

import re
from pathlib import Path

MARKER = re.compile(rb"^(?:/\* @component ([a-z0-9-]+) \*/|// @component ([a-z0-9-]+))\n", re.M)


def component_folders(settings: dict) -> dict[str, Path]:
    """Every component folder by name: the theme's, then each enabled plugin's."""
    roots = [Path(settings["THEME"]) / "components"]
    roots += [_package_dir(name) / "components" for name in settings.get("PLUGINS", [])]
    found: dict[str, Path] = {}
    for root in roots:
        for folder in sorted(p for p in root.glob("*") if p.is_dir()) if root.is_dir() else []:
            if folder.name in found:
                raise ValueError(
                    f"two components named {folder.name!r}: {found[folder.name]} and {folder}"
                )
            found[folder.name] = folder
    return found


def add_theme_folders(settings: dict, templates: list[Path], statics: list[Path]) -> None:
    """Look up templates and static files in these folders too (after the theme's), once each:
    how a component or a feature plugin brings its own files."""
    for name, folders in (
        ("THEME_TEMPLATES_OVERRIDES", templates),
        ("THEME_STATIC_PATHS", statics),
    ):
        new = [str(f) for f in folders if str(f) not in settings[name]]
        settings[name] = [*settings[name], *new]


def expand(data: bytes, suffix: str, folders: dict[str, Path]) -> bytes:
    """`data` with every `@component <name>` line replaced by that component's `<name><suffix>`."""

    def inline(match: re.Match) -> bytes:
        name = (match.group(1) or match.group(2)).decode()
        if name not in folders:
            raise ValueError(f"@component {name}: no such component (components/{name}/)")
        return (folders[name] / f"{name}{suffix}").read_bytes()

    return MARKER.sub(inline, data)


def _package_dir(module: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return Path("/nonexistent")
    return Path(next(iter(spec.submodule_search_locations)))
