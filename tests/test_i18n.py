"""Theme strings: the committed catalogs cover every string the templates use."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from conftest import ROOT
from portal.site.i18n import template_folders

THEME = ROOT / "themes" / "portal"


def catalog(lang: str):
    with (THEME / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)


def test_catalog_template_is_up_to_date_with_the_templates(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-o",
            str(pot),
            "--sort-output",
            "--omit-header",
            "--no-location",
            *map(str, template_folders(ROOT)),
        ],
        check=True,
        capture_output=True,
    )
    assert pot.read_text(encoding="utf-8") == (THEME / "translations" / "messages.pot").read_text(
        encoding="utf-8"
    ), "run `invoke i18n` and translate the new strings"


def test_every_theme_string_has_a_vietnamese_translation():
    with (THEME / "translations" / "messages.pot").open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    vi = {m.id: m.string for m in catalog("vi") if m.id}
    missing = sorted(wanted - {k for k, v in vi.items() if v})
    assert missing == []
