"""What standards checkers say of the built sites: every HTML page passes the Nu Html Checker
(`vnu-jar`, pinned in package.json, on Debian's Java) and the sitemap its XML Schema
(`sitemap`'s copy of the sitemaps.org schema, pinned in package.json). Feeds are checked as Atom
in test_feeds.py, the calendar with icalendar in test_calendar.py."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from .nginx import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITEMAP_XSD = ROOT / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
XHTML_LINK_XSD = Path(__file__).with_name("xhtml-link.xsd")


def html_errors(folder: Path) -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("Java or vnu.jar is missing: run `invoke browsers`")
    done = subprocess.run(
        [
            java,
            "-Xss4m",
            "-jar",
            str(VNU),
            "--errors-only",
            "--no-langdetect",  # its findings are warnings, and it took a third of the time
            "--format",
            "json",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [
        (
            f"{m.get('url', '').removeprefix('file:' + str(folder))}:"
            f"{m.get('lastLine')}: {m['message']}"
        )
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


def test_every_page_of_the_fixture_site_is_valid_html(fixture_site):
    assert html_errors(fixture_site) == []


def test_every_page_of_the_shipped_site_is_valid_html(shipped_site):
    assert html_errors(shipped_site) == []


def sitemap_schema() -> etree.XMLSchema:
    wrapper = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" \
schemaLocation="{SITEMAP_XSD.as_uri()}"/>
      <xsd:import namespace="http://www.w3.org/1999/xhtml" \
schemaLocation="{XHTML_LINK_XSD.as_uri()}"/>
    </xsd:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


@pytest.mark.parametrize("site", ["fixture_site", "shipped_site"])
def test_the_sitemap_is_valid_against_its_schema(site, request):
    schema = sitemap_schema()
    document = etree.parse(str(request.getfixturevalue(site) / "sitemap.xml"))
    assert schema.validate(document), schema.error_log
