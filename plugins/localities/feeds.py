"""An Atom feed per current unit and language: the dated content that applies there.

That content includes what names an ancestor or `VN` (see `LocalitiesGenerator._applying`).
Entries link their translations (`core.atom`).
"""

from __future__ import annotations

from pathlib import Path

from plugins.core.atom import add_page, dated, new_feed, write_feed


def feed_entries(items: dict) -> list:
    return dated(page for pages in items.values() for page, _level in pages)


def write_unit_feed(generator, lang: str, unit, items: dict, fallback) -> None:
    settings = generator.settings
    path = settings["LANG_PREFIX"][lang] + generator.paths[unit.code]
    feed = new_feed(settings, unit.name(lang), lang, path, path + "feed.atom", fallback)
    for page in feed_entries(items):
        add_page(feed, settings, page)
    write_feed(feed, Path(generator.output_path) / path / "feed.atom")
