"""Settings files that build on another one, without editing `sys.path`.

`inherit(path)` returns the upper-case names of a settings file (Pelican's own reader), so a
settings file for another content tree or for publishing starts from the project's:

    from portal.settings import inherit
    globals().update(inherit(Path(__file__).with_name("pelicanconf.py")))
"""

from __future__ import annotations

from pathlib import Path

from pelican.settings import get_settings_from_file


def inherit(path: str | Path) -> dict:
    """The settings a file defines (its upper-case names), read as Pelican reads it."""
    return get_settings_from_file(str(path))
