"""Atom feeds of the site's dated content, per language and per content type.

A `Generator` returned from `get_generators`. It reads the context key `content` (from
`content_index`) and the theme's catalogs (for feed titles), and writes, under each language
prefix (`''` for vi, `en/` for en):

- `feed.atom` — every dated item, newest first;
- `<section>/feed.atom` for the types that carry a date (`plans/`, `campaigns/`).

Entries and their translation links come from `portal.site.atom`; undated items are left out. It
sets the context key `atom_feeds[lang][key]` (`key` is `"all"` or a type) → `{"url", "title"}`, URL
without a leading slash, which the theme's `components/feeds.html` turns into autodiscovery links.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from portal.content.schema import SECTIONS
from portal.engine.output_tree import make_output
from portal.site import i18n
from portal.site.atom import add_page, dated, feed_bytes, new_feed, newest_date

# The types `portal.content.dates.item_date` can date; the others (hotlines, agencies, guidance)
# would always give an empty feed. Values are the theme's msgids for their list titles.
FEED_TYPES = {"plan": "Plans", "campaign": "Campaigns"}


class FeedsGenerator(Generator):
    def generate_context(self) -> None:
        folder = Path(self.settings["THEME"]) / "translations"
        catalogs = i18n.load_translations(folder, self.settings["LANGUAGES"])
        self.context["atom_feeds"] = {
            lang: feed_addresses(self.settings["LANG_PREFIX"][lang], catalogs[lang].ugettext)
            for lang in self.settings["LANGUAGES"]
        }

    def generate_output(self, writer) -> None:
        for lang in self.settings["LANGUAGES"]:
            content = self.context["content"][lang]
            fallback = newest_date(p for pages in content.values() for p in pages)
            for key, feed in self.context["atom_feeds"][lang].items():
                pages = (
                    [p for pages in content.values() for p in pages]
                    if key == "all"
                    else content[key]
                )
                self._write(lang, feed, dated(pages), fallback)

    def _write(self, lang: str, feed: dict, pages: list, fallback) -> None:
        def produce() -> bytes:
            atom = new_feed(
                self.settings,
                feed["title"],
                lang,
                feed["url"].removesuffix("feed.atom"),
                feed["url"],
                fallback,
            )
            for page in pages:
                add_page(atom, self.settings, page)
            return feed_bytes(atom)

        # entries are metadata only; a feed of the whole site goes first (`portal.engine.produce`)
        make_output(self.output_path, feed["url"], produce, first=True)


def feed_addresses(prefix: str, gettext) -> dict[str, dict[str, str]]:
    """`"all"` and each dated type → its feed's URL and title in one language.

    >>> feed_addresses("en/", lambda s: s)["plan"]
    {'url': 'en/plans/feed.atom', 'title': 'Plans · Preventing human trafficking'}
    """
    site = gettext(i18n.SITE_TITLE)
    feeds = {"all": {"url": prefix + "feed.atom", "title": site}}
    for kind, title in FEED_TYPES.items():
        feeds[kind] = {
            "url": f"{prefix}{SECTIONS[kind]}/feed.atom",
            "title": f"{gettext(title)} · {site}",
        }
    return feeds


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.get_generators.connect(get_generators)
