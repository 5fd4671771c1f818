"""An iCalendar feed and a calendar page per language: awareness days, deadlines, campaigns.

A `Generator` returned from `get_generators`. It reads the context keys `content` (from
`content_index`: plans, campaigns and hotlines per language) and `by_slug` (agency names), the
awareness days file (setting `AWARENESS_DAYS`, default `content/data/awareness_days.yaml`) and
the setting `CALENDAR_TODAY` (a date YYYY-MM-DD; unset, the newest date in the content is used,
never the clock, so that two builds of the same content are byte-identical). It writes, under
each language prefix (`''` for vi, `en/` for en):

- `calendar.ics` — RFC 5545: every awareness day as a yearly event, every plan's and campaign's
  deadline (what is due, from whom, to whom, a link to the page) and every campaign's day and
  period; addresses are public ones (`core.urls.absolute`);
- `calendar/index.html` (template `calendar`) — the same dates: every year, upcoming and past
  as of the reference date, with a link to the feed.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from plugins.core.i18n import load_translations
from plugins.core.render import write_in_language
from plugins.core.urls import absolute, public_base

from .awareness import load_days
from .events import Writer, awareness_events, dated_events, first_occurrence, reference_date, split_by_today
from .ics import calendar_bytes

PAGE_PATH = "calendar/"
FEED_NAME = "calendar.ics"
EPOCH_DAY = datetime.date(1970, 1, 1)  # DTSTAMP for a site whose content carries no date at all


class CalendarGenerator(Generator):
    def generate_output(self, writer) -> None:
        settings = self.settings
        days = load_days(Path(settings.get("AWARENESS_DAYS", "content/data/awareness_days.yaml")))
        today = reference_date(settings.get("CALENDAR_TODAY"), self.context["content"])
        catalogs = load_translations(Path(settings["THEME"]) / "translations", settings["LANGUAGES"])
        for lang in settings["LANGUAGES"]:
            w = self._writer(lang, catalogs[lang])
            dated = dated_events(w, self.context["content"][lang])
            prefix = settings["LANG_PREFIX"][lang]
            yearly = awareness_events(w, days, first_occurrence(today, [e.start for e in dated]), prefix + PAGE_PATH)
            self._write_feed(w, prefix, yearly + dated, today)
            upcoming, past = split_by_today(dated, today)
            write_in_language(
                self, writer, lang, PAGE_PATH, "calendar",
                yearly=yearly, upcoming=upcoming, past=past, today=today,
                feed_url=prefix + FEED_NAME, feed_address=absolute(settings, prefix + FEED_NAME),
            )  # fmt: skip

    def _writer(self, lang: str, catalog) -> Writer:
        names = self.context["by_slug"][lang]

        def agency_name(slug: str) -> str:
            page = names.get(slug)
            return page.data.title if page else slug

        host = urlsplit(public_base(self.settings)).netloc
        return Writer(lang, catalog.ugettext, agency_name, lambda path: absolute(self.settings, path), host)

    def _write_feed(self, w: Writer, prefix: str, events, today) -> None:
        name = f"{w._('Preventing human trafficking')} · {w._('Calendar')}"
        data = calendar_bytes(events, name=name, lang=w.lang, host=w.host, stamp=today or EPOCH_DAY)
        target = Path(self.output_path) / prefix / FEED_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def get_generators(pelican):
    return CalendarGenerator


def register():
    signals.get_generators.connect(get_generators)
