"""Every project setting is declared once, with a default and a check; routes are the plugins'."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from conftest import FIXTURE, ROOT
from portal.commands.check import read_tree
from portal.content.languages import LANGUAGES
from portal.content.registry_cache import registry_for
from portal.content.schema.common import Lang
from portal.settings import SETTINGS, SettingsError, apply, project_settings
from portal.site.links import check_links
from portal.site.routes import linkable

# A wrong value for each setting, and one right value that is not the default.
WRONG = {
    "LANGUAGES": ("en", "vi"),
    "LANG_PREFIX": {"vi": "", "en": "/en"},
    "PUBLIC_URL": "example.org",
    "QUICK_EXIT_URL": "javascript:alert(1)",
    "LOCALITIES_DIR": 3,
    "AWARENESS_DAYS": "",
    "SEARCH_ALIASES": None,
    "CALENDAR_TODAY": "2025-02-30",
    "LOCALITY_PROVINCES": "01",
    "BUILD_PROCESSES": 0,
    "EDITOR_PUBLISH": {"path": "admin"},
    "PAGE_SIZES": {"plan": 0},
    "BROTLI_QUALITY": 12,
}
RIGHT = {
    "LANG_PREFIX": {"vi": "vi/", "en": ""},
    "PUBLIC_URL": "https://example.org/site",
    "CALENDAR_TODAY": "2026-01-31",
    "LOCALITY_PROVINCES": ["01", "79"],
    "BUILD_PROCESSES": 2,
    "PAGE_SIZES": {"plan": 30, "a-z": 100},
    "BROTLI_QUALITY": 0,
    "EDITOR_PUBLISH": {"backend": {"name": "github"}, "path": "admin"},
}


def test_every_setting_has_a_default_that_passes_its_check_and_a_wrong_value_it_refuses():
    assert set(WRONG) == set(SETTINGS), "add a wrong value here for each new setting"
    defaults = apply({"PATH": "content"})
    for name, setting in SETTINGS.items():
        assert setting.check(defaults[name]), name
        assert setting.about and setting.expects, name
        with pytest.raises(SettingsError, match=rf"^setting {name}: expected "):
            apply({"PATH": "content", name: WRONG[name]})
    for name, value in RIGHT.items():
        assert apply({"PATH": "content", name: value})[name] == value


def test_paths_default_under_the_content_folder():
    settings = apply({"PATH": "elsewhere"})
    assert settings["AWARENESS_DAYS"] == str(Path("elsewhere", "data", "awareness_days.yaml"))
    assert settings["LOCALITIES_DIR"] == str(Path("elsewhere", "data", "localities"))


def test_the_languages_are_written_once():
    assert get_args(Lang) == LANGUAGES
    assert project_settings()["LANGUAGES"] == LANGUAGES
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    assert not re.search(r"^(LANGUAGES|LANG_PREFIX|BABEL_LOCALES|SITENAME\w*) =", text, re.M)


def test_a_wrong_setting_stops_the_build_naming_it(tmp_path):
    script = (
        "from pathlib import Path; import tasks; from portal.engine.build import build; "
        f"tasks._or_exit(lambda: build(Path({str(FIXTURE / 'settings.py')!r}), "
        f"Path({str(tmp_path / 'out')!r}), "
        "{'LOCALITY_PROVINCES': '01'}), 'Build failed')"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 1
    assert (
        "Build failed: setting LOCALITY_PROVINCES: expected a list of two-digit province codes"
        in run.stderr
    )
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_routes_come_from_the_plugins_that_are_on():
    plugins = project_settings()["PLUGINS"]
    without = [p for p in plugins if p not in ("plugins.localities", "plugins.calendar")]
    paths = linkable(without, [], None)
    assert {"calendar/", "en/calendar.ics"}.isdisjoint(paths)
    assert {
        "",
        "en/404.html",
        "search/",
        "en/open-data/",
        "plans/feed.atom",
        "content-guide/",
    } <= paths
    assert "calendar/" in linkable(["plugins.calendar"], [], None)


def test_a_link_to_a_page_of_a_plugin_that_is_off_is_broken(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "content", content)
    page = next(iter(sorted((content / "guidance").glob("*.vi.md"))))
    page.write_text(
        page.read_text(encoding="utf-8") + "\nXem [lịch](../../calendar/).\n", encoding="utf-8"
    )
    docs = read_tree(content)
    registry, _ = registry_for(
        apply({"PATH": str(content), "LOCALITIES_DIR": str(ROOT / "content/data/localities")})
    )
    plugins = project_settings()["PLUGINS"]
    assert not [p for p in check_links(docs, registry, plugins) if "calendar" in str(p)]
    off = [p for p in plugins if p != "plugins.calendar"]
    broken = check_links(docs, registry, off)
    assert [p.path for p in broken] == [f"content/guidance/{page.name}"]
