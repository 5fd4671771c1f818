"""Every project setting, declared once: its default, its check and what it is for.

Pelican's own settings (`PATH`, `THEME`, `PAGE_URL`…) are Pelican's to check. The settings this
project adds are declared in `SETTINGS` below and nowhere else: `apply(settings)` fills in the
defaults and checks every value before a build or a command uses them, so a plugin reads
`settings["CALENDAR_TODAY"]` and never repeats a default. A wrong value stops with an error
naming the setting and what it expects:

    setting LOCALITY_PROVINCES: expected a list of two-digit province codes, e.g. ["01", "79"], got
    '01'

A setting marked `input` names a file or folder the build reads: the engine's site fingerprint
hashes every one of them (`portal.engine.fingerprint`), so no plugin's input is forgotten.

Languages are the content model's (`portal.content.languages`); where each one's pages live is
`portal.site.routes.LANG_PREFIX`. The site's title is a theme string, translated by the catalogs
(`portal.site.i18n.SITE_TITLE`), not a setting.

`inherit(path)` lets a settings file start from another without editing `sys.path`:

    from portal.settings import inherit
    globals().update(inherit(Path(__file__).with_name("pelicanconf.py")))
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.settings import get_settings_from_file

from portal.content.languages import LANGUAGES
from portal.site.routes import LANG_PREFIX

PROJECT = Path(__file__).resolve().parents[1]


class SettingsError(ValueError):
    """A project setting with a value it cannot have."""


@dataclass(frozen=True)
class Setting:
    default: Any  # the value, or a function of the other settings (for paths under PATH)
    check: Callable[[Any], bool]
    expects: str  # what a good value looks like, for the error
    about: str
    input: bool = False  # a file or folder the build reads: part of the site fingerprint


def _under_path(*parts: str) -> Callable[[dict], str]:
    return lambda settings: str(Path(settings["PATH"], *parts))


def _is_path(value) -> bool:
    return isinstance(value, str | Path) and str(value) != ""


def _is_url(value, allow_empty: bool = False) -> bool:
    if value == "" and allow_empty:
        return True
    return isinstance(value, str) and re.fullmatch(r"https?://[^\s\"'<>]+", value) is not None


def _is_date_text(value) -> bool:
    if value is None:
        return True
    try:
        datetime.date.fromisoformat(value if isinstance(value, str) and len(value) == 10 else "")
    except ValueError:
        return False
    return True


def _is_provinces(value) -> bool:
    if value is None:
        return True
    codes = isinstance(value, list | tuple) and all(
        isinstance(c, str) and re.fullmatch(r"\d\d", c) for c in value
    )
    return bool(codes and value)


def _is_processes(value) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1)


def _is_prefixes(value) -> bool:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        return False
    return all(
        isinstance(p, str) and (p == "" or re.fullmatch(r"[a-z-]+/", p)) for p in value.values()
    )


def _is_page_sizes(value) -> bool:
    if not isinstance(value, dict):
        return False
    return all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 1
        for k, v in value.items()
    )


def _is_brotli_quality(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 11


def _is_editor(value) -> bool:
    if value in (None, False):
        return True
    return (
        isinstance(value, dict)
        and isinstance(value.get("backend"), dict)
        and set(value) <= {"backend", "path", "lang"}
    )


SETTINGS: dict[str, Setting] = {
    "LANGUAGES": Setting(
        LANGUAGES,
        lambda v: tuple(v) == LANGUAGES,
        f"the content model's languages, {LANGUAGES!r}",
        "The languages of every page, the source language first (portal.content.languages).",
    ),
    "LANG_PREFIX": Setting(
        LANG_PREFIX,
        _is_prefixes,
        'a folder per language, "" for the root, e.g. {"vi": "", "en": "en/"}',
        "Where each language's pages live.",
    ),
    "PUBLIC_URL": Setting(
        "",
        lambda v: _is_url(v, allow_empty=True),
        'the site\'s full public address (https://…), or "" in development',
        "The public address for QR codes, feeds, the calendar subscription and the sitemap "
        "(portal.site.urls).",
    ),
    "QUICK_EXIT_URL": Setting(
        "https://www.google.com/search?q=th%E1%BB%9Di+ti%E1%BA%BFt",
        _is_url,
        "an https:// address of a neutral site",
        "Where the quick exit goes, replacing the page in the history.",
    ),
    "LOCALITIES_DIR": Setting(
        _under_path("data", "localities"),
        _is_path,
        "a folder of the registry's CSV files",
        "The locality registry (plugins/localities, portal.content.localities).",
        input=True,
    ),
    "AWARENESS_DAYS": Setting(
        _under_path("data", "awareness_days.yaml"),
        _is_path,
        "the path of the awareness days file",
        "Awareness days for the calendar (plugins/calendar).",
        input=True,
    ),
    "SEARCH_ALIASES": Setting(
        _under_path("data", "search_aliases.yaml"),
        _is_path,
        "the path of the search aliases file",
        "Reviewed aliases and synonyms the search expands (plugins/search).",
        input=True,
    ),
    "CALENDAR_TODAY": Setting(
        None,
        _is_date_text,
        "a date written YYYY-MM-DD, or None for the newest date in the content",
        "The calendar's today, splitting upcoming from past dates (plugins/calendar).",
    ),
    "LOCALITY_PROVINCES": Setting(
        None,
        _is_provinces,
        'a list of two-digit province codes, e.g. ["01", "79"], or None for every province',
        "Restricts the locality pages, for quick test builds (plugins/localities).",
    ),
    "BUILD_PROCESSES": Setting(
        None,
        _is_processes,
        "a whole number of processes, 1 or more, or None for one per core (at most two)",
        "Processes that make the queued files (portal.engine.produce).",
    ),
    "PAGE_SIZES": Setting(
        {},
        _is_page_sizes,
        'a dict of list names to items per page (whole numbers, 1 or more), e.g. {"plan": 30}',
        "Items per numbered page of the long lists, over portal.site.render.DEFAULT_PAGE_SIZES.",
    ),
    "BROTLI_QUALITY": Setting(
        11,
        _is_brotli_quality,
        "a whole number from 0 to 11",
        "Brotli quality of the published `.br` copies (portal/commands/publish.py): 11, the "
        "default, gives the smallest files (about 2.5 % under 10) at about a third of the speed; "
        "a lower one makes trial publishes quicker.",
    ),
    "EDITOR_PUBLISH": Setting(
        None,
        _is_editor,
        "None, or {'backend': {...}, 'path': 'admin', 'lang': 'vi'}",
        "Publish the officers' editor with a hosted Git backend (plugins/editor/export.py).",
    ),
}


def apply(settings: dict) -> dict:
    """Fill in the declared defaults and check every declared setting, in place; `settings` back."""
    for name in SETTINGS:
        settings[name] = value_of(settings, name)
    return settings


def value_of(settings: dict, name: str) -> Any:
    """One declared setting's value in `settings` (or its default), checked."""
    setting = SETTINGS[name]
    if name in settings:
        value = settings[name]
    else:
        value = setting.default(settings) if callable(setting.default) else setting.default
    if not setting.check(value):
        raise SettingsError(f"setting {name}: expected {setting.expects}, got {value!r}")
    return value


def inputs(settings: dict) -> list[Path]:
    """The files and folders the build reads besides `PATH`, from the declared settings."""
    return [
        Path(settings[name])
        for name, setting in SETTINGS.items()
        if setting.input and settings.get(name)
    ]


def project_settings() -> dict:
    """The project's own settings (`pelicanconf.py` beside this package), applied: for commands
    that run without a build (`invoke check`, the editor's checks)."""
    return apply(inherit(PROJECT / "pelicanconf.py"))


def inherit(path: str | Path) -> dict:
    """The settings a file defines (its upper-case names), read as Pelican reads it."""
    return get_settings_from_file(str(path))
