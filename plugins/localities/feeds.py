"""An Atom feed per current unit and language: the dated content that applies there."""

from __future__ import annotations

import datetime
from pathlib import Path

from feedgenerator import Atom1Feed

from plugins.core.dates import item_date
from plugins.core.urls import absolute

FEED_TYPES = ("plan", "campaign")


def feed_entries(items: dict) -> list:
    pages = [page for kind in FEED_TYPES for page, _level in items[kind] if item_date(page.data)]
    return sorted(pages, key=lambda p: (item_date(p.data), p.slug), reverse=True)


def write_feed(generator, lang: str, unit, items: dict) -> None:
    settings = generator.settings
    prefix = settings["LANG_PREFIX"][lang]
    path = prefix + generator.paths[unit.code]
    entries = feed_entries(items)
    feed = Atom1Feed(title=unit.name(lang), link=absolute(settings, path), feed_url=absolute(settings, path + "feed.atom"), description="", language=lang)
    for page in entries:
        when = datetime.datetime.combine(item_date(page.data), datetime.time(), tzinfo=datetime.UTC)
        feed.add_item(
            title=page.data.title, link=absolute(settings, page.url), description=page.data.summary, unique_id=absolute(settings, page.url), updateddate=when, pubdate=when, categories=[page.data.type]
        )
    target = Path(generator.output_path) / path / "feed.atom"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as fh:
        feed.write(fh, "utf-8")
