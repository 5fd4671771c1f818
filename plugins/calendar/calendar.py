"""An iCalendar feed and a calendar page per language: awareness days, deadlines, campaigns.

A `Generator` returned from `get_generators`. It reads the context keys `content` (from
`content_index`: plans, campaigns and hotlines per language) and `by_slug` (agency names), the
awareness days file (setting `AWARENESS_DAYS`, default `content/data/awareness_days.yaml`) and
the setting `CALENDAR_TODAY` (a date YYYY-MM-DD; unset, the newest date in the content is used,
never the clock, so that two builds of the same content are byte-identical). It shares the
awareness days as the context key `awareness_days` (the search indexes them). It writes, under
each language prefix (`''` for vi, `en/` for en):

- `calendar.ics` — RFC 5545: every awareness day as a yearly event, every plan's and campaign's
  deadline (what is due, from whom, to whom, a link to the page) and every campaign's day and
  period; addresses are public ones (`portal.site.urls.absolute`);
- `calendar/index.html` (template `calendar`) — the awareness days, the dates of the next twelve
  months as of the reference date (`events.upcoming`), links to the year pages and the feed;
- `calendar/<year>/index.html` (template `calendar`, with `year`) — every deadline and campaign
  date starting that year, month by month. Every year with a date in any language gets its page
  in every language, so the language switch never leads nowhere. A year with more dates than
  `PAGE_SIZES["calendar"]` (100, `portal.site.render`) goes on numbered pages: `calendar/2025/`,
  `calendar/2025/page/2/`, … in date order, linking each other.

The pages stay small however long the history grows and however many plans a year has.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from portal.content.problems import ContentError
from portal.engine.output_tree import make_output
from portal.site.i18n import load_translations
from portal.site.render import page_count, page_size, write_in_language, write_pages
from portal.site.urls import absolute, printed, public_base

from .awareness import load_days
from .events import (
    Writer,
    awareness_events,
    by_year,
    dated_events,
    first_occurrence,
    next_awareness,
    reference_date,
    upcoming,
)
from .ics import calendar_bytes

PAGE_PATH = "calendar/"
FEED_NAME = "calendar.ics"
EPOCH_DAY = datetime.date(1970, 1, 1)  # DTSTAMP for a site whose content carries no date at all


class CalendarGenerator(Generator):
    def generate_context(self) -> None:
        """Shares the awareness days as `context["awareness_days"]`: the search indexes each one.
        A file with problems shares none: the content check reports them (with the file's path as
        the officer knows it) before anything is written."""
        try:
            days = load_days(Path(self.settings["AWARENESS_DAYS"]))
        except ContentError:
            days = []
        self.context["awareness_days"] = days

    def generate_output(self, writer) -> None:
        settings = self.settings
        days = load_days(Path(settings["AWARENESS_DAYS"]))
        today = reference_date(settings["CALENDAR_TODAY"], self.context["content"])
        catalogs = load_translations(
            Path(settings["THEME"]) / "translations", settings["LANGUAGES"]
        )
        writers = {lang: self._writer(lang, catalogs[lang]) for lang in settings["LANGUAGES"]}
        dated = {
            lang: dated_events(w, self.context["content"][lang]) for lang, w in writers.items()
        }
        years = sorted({e.start.year for events in dated.values() for e in events}, reverse=True)
        size = page_size(settings, "calendar")
        in_years = {lang: by_year(events) for lang, events in dated.items()}
        pages = {
            year: {lang: page_count(len(in_years[lang].get(year, [])), size) for lang in dated}
            for year in years
        }
        for lang, w in writers.items():
            prefix = settings["LANG_PREFIX"][lang]
            yearly = awareness_events(
                w, days, first_occurrence(today, [e.start for e in dated[lang]]), prefix + PAGE_PATH
            )
            self._write_feed(w, prefix, yearly + dated[lang], today)
            coming = next_awareness(w, days, today, prefix + PAGE_PATH) if today else []
            self._write_pages(writer, lang, yearly, dated[lang], years, today, coming, size, pages)

    def _write_pages(
        self,
        writer,
        lang: str,
        yearly,
        dated,
        years: list[int],
        today,
        coming,
        size: int,
        pages: dict,
    ) -> None:
        """The calendar page, then one page per year (newest first in `years`), or more when a
        year holds more than `size` dates (`pages`: year → language → number of pages)."""
        prefix = self.settings["LANG_PREFIX"][lang]
        shared = {
            "years": years,
            "feed_url": prefix + FEED_NAME,
            "feed_address": printed(self.settings, prefix + FEED_NAME),
        }
        # Events follow from the content's metadata and the awareness days: the path is the key.
        write_in_language(
            self,
            writer,
            lang,
            PAGE_PATH,
            "calendar",
            yearly=yearly,
            upcoming=sorted(upcoming([*dated, *coming], today), key=lambda e: e.sort_key),
            today=today,
            render_key=PAGE_PATH,
            **shared,
        )
        in_year = by_year(dated)
        for year in years:
            path = f"{PAGE_PATH}{year}/"
            write_pages(
                self,
                writer,
                lang,
                path,
                "calendar",
                in_year.get(year, []),
                size,
                pages[year],
                year=year,
                render_key=path,
                **shared,
            )

    def _writer(self, lang: str, catalog) -> Writer:
        names = self.context["by_slug"][lang]

        def agency_name(slug: str) -> str:
            page = names.get(slug)
            return page.data.title if page else slug

        host = urlsplit(public_base(self.settings)).netloc
        return Writer(
            lang, catalog.ugettext, agency_name, lambda path: absolute(self.settings, path), host
        )

    def _write_feed(self, w: Writer, prefix: str, events, today) -> None:
        name = f"{w._('Preventing human trafficking')} · {w._('Calendar')}"

        def produce() -> bytes:
            return calendar_bytes(
                events, name=name, lang=w.lang, host=w.host, stamp=today or EPOCH_DAY
            )

        # metadata and awareness days only; every date of the site (`portal.engine.produce`)
        make_output(self.output_path, prefix + FEED_NAME, produce, first=True)


def get_generators(pelican):
    return CalendarGenerator


def register():
    signals.get_generators.connect(get_generators)
