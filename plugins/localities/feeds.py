"""An Atom feed per current unit and language: the dated content that applies there.

That content includes what names an ancestor or `VN` (see `localities.applying`).
Entries link their translations (`portal.site.atom`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from portal.engine.output_tree import make_output
from portal.site.atom import Entries, add_page, dated, feed_bytes, new_feed

if TYPE_CHECKING:
    from .localities import Applying


def feed_order(pages) -> dict[int, int]:
    """Each dated page's place in `portal.site.atom.dated` order, to sort the feeds' entries
    quickly."""
    return {id(page): place for place, page in enumerate(dated(pages))}


def feed_entries(items: Mapping, order: dict[int, int]) -> list:
    pages = {
        id(page): page for pages in items.values() for page, _level in pages if id(page) in order
    }
    return [pages[key] for key in sorted(pages, key=order.__getitem__)]


def write_unit_feed(
    generator,
    lang: str,
    unit,
    items: Applying,
    fallback,
    entries: Entries,
    order: dict[int, int],
) -> None:
    """Entries follow from the content's metadata and the registry, so the feed's key is its
    unit. Units with the same `fragment_key` list the same entries: their list is made once."""
    settings = generator.settings
    path = settings["LANG_PREFIX"][lang] + generator.paths[unit.code]

    def produce() -> bytes:
        feed = new_feed(
            settings, unit.name(lang), lang, path, path + "feed.atom", fallback, entries
        )
        listed = entries.lists.get(items.fragment_key)
        if listed is None:
            for page in feed_entries(items, order):
                add_page(feed, settings, page)
            entries.lists[items.fragment_key] = feed.items
        else:
            feed.items = listed  # read only, by `write` and `latest_post_date`
        return feed_bytes(feed)

    make_output(generator.output_path, path + "feed.atom", produce, unit.code)
