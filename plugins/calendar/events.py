"""The calendar's events in one language: awareness days, deadlines and campaign dates.

Every event is all-day: `start` to `end`, both included. Its text is written in the page's
language with the theme's catalogs (`Writer`, see `MESSAGES`), so the feed and the page say
the same thing. UIDs come from the content (kind, slug, date, position, language), never from
the clock, so a rebuild gives the same feed. `upcoming` picks the dates of the calendar page,
`by_year` those of each year's page.

>>> import datetime
>>> first_occurrence(datetime.date(2026, 11, 23), [datetime.date(2024, 7, 30)])
2024
>>> day = datetime.date(2026, 2, 1)
>>> e = CalendarEvent("d@x", "deadline", day, day, "s", "d", "u")
>>> [len(upcoming([e], datetime.date(y, 3, 1))) for y in (2025, 2026)], list(by_year([e]))
([1, 0], [2026])
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portal.content.item_checks import past_dates
from portal.site.i18n import format_date

if TYPE_CHECKING:
    from portal.content.awareness import AwarenessDay

# Theme strings the feed uses; calendar.html uses each of them too, so `invoke i18n` extracts them.
MONTH_NOTE = "Held every year during %(month)s; the source names the month, not the days."
MESSAGES = (
    MONTH_NOTE,
    "Deadline",
    "before",
    "Due from",
    "Due to",
    "Plan",
    "Campaign",
    "Theme",
    "From",
    "Until",
    "Sources",
    "Calendar",
    "Preventing human trafficking",
)
UPCOMING_WINDOW = datetime.timedelta(days=365)  # "the next twelve months" on the calendar page


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    kind: str  # "awareness", "deadline", "campaign"
    start: datetime.date
    end: datetime.date
    summary: str
    description: str
    url: str
    yearly: bool = False
    page: object = None  # the plan or campaign page it comes from
    deadline: object = None  # the plan's or campaign's Deadline
    day: AwarenessDay | None = None
    part: str = ""  # for campaigns: "day", "period", "starts" or "ends"

    @property
    def sort_key(self):
        return (self.start, self.end, self.uid)


@dataclass(frozen=True)
class Writer:
    """What every event of one language needs: translations, names, addresses."""

    lang: str
    gettext: Callable[[str], str]
    agency_name: Callable[[str], str]  # slug -> name in this language
    absolute: Callable[[str], str]  # site path -> public address
    host: str

    def _(self, message: str, **variables) -> str:
        text = self.gettext(message)
        return text % variables if variables else text

    def date(self, value: datetime.date) -> str:
        return format_date(value, self.lang)


def first_occurrence(today: datetime.date | None, dates: list[datetime.date]) -> int:
    """The year yearly days start from: the calendar's first year (never later than `today`)."""
    years = [d.year for d in dates] + ([today.year] if today else [])
    return min(years, default=1970)


def awareness_events(w: Writer, days, year: int, page_path: str) -> list[CalendarEvent]:
    events = []
    for day in days:
        if day.month_only:
            start = datetime.date(year, day.month_number, 1)
            end = _last_day_of_month(start)
            month = format_date(start, w.lang, "MMMM")
            lines = [w._(MONTH_NOTE, month=month)]
        else:
            start = end = datetime.date(year, day.month_number, day.day)
            lines = []
        lines += [f"{w._('Sources')}: {day.source_title}", day.source_url]
        url = w.absolute(f"{page_path}#{day.id}")
        events.append(
            CalendarEvent(
                f"awareness-{day.id}-{w.lang}@{w.host}",
                "awareness",
                start,
                end,
                day.name(w.lang),
                "\n".join(lines),
                url,
                yearly=True,
                day=day,
            )
        )
    return events


def deadline_events(w: Writer, page) -> list[CalendarEvent]:
    events = []
    kind_label = w._("Plan") if page.data.type == "plan" else w._("Campaign")
    url = w.absolute(page.url)
    for index, d in enumerate(page.data.deadlines, 1):
        when = f"{w._('before')} {w.date(d.date)}" if d.before else w.date(d.date)
        lines = [f"{w._('Deadline')}: {when}"]
        if d.by:
            lines.append(f"{w._('Due from')}: {'; '.join(w.agency_name(s) for s in d.by)}")
        if d.to:
            lines.append(f"{w._('Due to')}: {w.agency_name(d.to)}")
        lines += [f"{kind_label}: {page.data.title}", url]
        uid = f"deadline-{page.slug}-{d.date:%Y%m%d}-{index}-{w.lang}@{w.host}"
        # plans copy their deadlines from one another: one string for each wording
        summary = sys.intern(f"{w._('Deadline')}: {d.what}")
        events.append(
            CalendarEvent(
                uid,
                "deadline",
                d.date,
                d.date,
                summary,
                "\n".join(lines),
                url,
                page=page,
                deadline=d,
            )
        )
    return events


def campaign_events(w: Writer, page) -> list[CalendarEvent]:
    """The day it responds to, and its period when the source gives one (or either end)."""
    data = page.data
    base = [f"{w._('Campaign')} {data.year}", f"{w._('Theme')}: {data.theme}"]
    spans: list[tuple[str, datetime.date, datetime.date, list[str]]] = []
    if data.day:
        spans.append(("day", data.day, data.day, []))
    if data.starts and data.ends:
        spans.append(
            (
                "period",
                data.starts,
                data.ends,
                [f"{w._('From')}: {w.date(data.starts)}", f"{w._('Until')}: {w.date(data.ends)}"],
            )
        )
    elif data.starts:
        spans.append(
            ("starts", data.starts, data.starts, [f"{w._('From')}: {w.date(data.starts)}"])
        )
    elif data.ends:
        spans.append(("ends", data.ends, data.ends, [f"{w._('Until')}: {w.date(data.ends)}"]))
    url = w.absolute(page.url)
    return [
        CalendarEvent(
            f"campaign-{page.slug}-{part}-{start:%Y%m%d}-{w.lang}@{w.host}",
            "campaign",
            start,
            end,
            data.title,
            "\n".join([*base, *lines, url]),
            url,
            page=page,
            part=part,
        )
        for part, start, end, lines in spans
    ]


def dated_events(w: Writer, content: dict) -> list[CalendarEvent]:
    events = []
    for page in content["plan"] + content["campaign"]:
        events += deadline_events(w, page)
        if page.data.type == "campaign":
            events += campaign_events(w, page)
    return sorted(events, key=lambda e: e.sort_key)


def reference_date(setting, content: dict) -> datetime.date | None:
    """`CALENDAR_TODAY` if set, else the newest date the content carries (not the clock).

    That is the newest date that records something already done
    (`portal.content.item_checks.past_dates`: a plan's issue, a hotline's last check, a source's
    date), in any language, which validation keeps at or before the day of the build; deadlines and
    campaign days do not count, as they may look ahead.
    """
    if isinstance(setting, datetime.date):
        return setting
    if setting:
        try:
            return datetime.date.fromisoformat(str(setting))
        except ValueError:
            raise ValueError(
                f"setting CALENDAR_TODAY: expected a date written YYYY-MM-DD, got {setting!r}"
            ) from None
    dates = []
    for by_kind in content.values():
        dates += [
            day
            for p in by_kind["plan"] + by_kind["campaign"] + by_kind["hotline"]
            for _, day in past_dates(p.data)
        ]
    return max((d for d in dates if d), default=None)


def upcoming(events: list[CalendarEvent], today: datetime.date | None) -> list[CalendarEvent]:
    """The events not over on `today` that start within `UPCOMING_WINDOW` of it, soonest first.

    Without a `today` every event counts as upcoming. Later events are only on their year's page,
    so the calendar page grows with a year of dates at most, never with the whole history.
    """
    if today is None:
        return list(events)
    horizon = today + UPCOMING_WINDOW
    return [e for e in events if e.end >= today and e.start <= horizon]


def next_awareness(w: Writer, days, today: datetime.date, page_path: str) -> list[CalendarEvent]:
    """Each awareness day's next occurrence not over on `today` (this year's, or next year's).

    The calendar page lists awareness days once under "every year" with the first year of the
    calendar; "upcoming" needs the coming one, so 30 July shows there all year round."""
    coming: dict[str, CalendarEvent] = {}
    for event in awareness_events(w, days, today.year, page_path) + awareness_events(
        w, days, today.year + 1, page_path
    ):
        assert event.day is not None  # every awareness event has its day
        if event.end >= today and event.day.id not in coming:
            coming[event.day.id] = event
    return list(coming.values())


def by_year(events: list[CalendarEvent]) -> dict[int, list[CalendarEvent]]:
    """Every event under the year it starts in (so on exactly one year page), in date order."""
    years: dict[int, list[CalendarEvent]] = {}
    for event in sorted(events, key=lambda e: e.sort_key):
        years.setdefault(event.start.year, []).append(event)
    return years


def _last_day_of_month(first: datetime.date) -> datetime.date:
    following = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return following - datetime.timedelta(days=1)
