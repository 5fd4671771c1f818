"""Hotline facts in content/ still match the checked facts sheet they were carried from."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SHARED_FACTS
from portal.commands.check import read_tree

pytestmark = pytest.mark.skipif(
    not (SHARED_FACTS / "hotlines.yaml").exists(),
    reason="../shared/facts is not next to this checkout",
)


def sheet() -> list[dict]:
    return yaml.safe_load((SHARED_FACTS / "hotlines.yaml").read_text(encoding="utf-8"))


def all_source_urls() -> set[str]:
    return {e["source_url"] for e in sheet()} | {
        m["url"] for e in sheet() for m in e.get("more_sources", [])
    }


def shipped_hotlines():
    return [d.model for d in read_tree(ROOT / "content") if d.model and d.model.type == "hotline"]


def test_every_shipped_hotline_number_is_in_the_facts_sheet():
    known = {(h["number"], h["display"], h["tel"]) for h in sheet()}
    hotlines = shipped_hotlines()
    assert hotlines, "no hotline content"
    for h in hotlines:
        assert (h.number, h.display, h.tel) in known, h.slug


def test_hotline_hours_cost_and_sources_match_the_sheet():
    by_number = {}
    for entry in sheet():
        by_number.setdefault(entry["number"], []).append(entry)
    for h in shipped_hotlines():
        entries = by_number[h.number]
        assert h.free == all(e["cost"] == "free" for e in entries), h.slug
        assert any(e["hours"] == "24/7" for e in entries) == h.hours.startswith("24/7"), h.slug
        assert h.sources and h.sources[0].url in {e["source_url"] for e in entries}, h.slug
        assert all(s.url in all_source_urls() for s in h.sources), h.slug
        assert h.verified <= max(e["verified"] for e in entries)


def test_all_national_hotlines_of_the_sheet_are_published():
    numbers = {h.number for h in shipped_hotlines() if h.scope == "national"}
    assert numbers == {h["number"] for h in sheet()}


def test_no_number_the_sheet_rules_out_appears_in_content():
    ruled_out = [
        "1800 1567",
        "18001567",
        "069.2348560",
        "1900 54 55 59",
        "1800 90 69",
        "62 844 844",
        "0981 84 84 84",
    ]
    for path in Path(ROOT / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for number in ruled_out:
            assert number not in text, (path, number)


def test_verified_dates_are_not_in_the_future_of_the_sheet():
    checked = datetime.date(2026, 11, 23)
    assert all(h.verified <= checked for h in shipped_hotlines())
