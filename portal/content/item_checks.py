"""Checks on one validated item that its schema cannot make alone: the clock, the order of two
dates, and a hotline's number (`portal.content.phones`).

Validation may read the clock, the output never does: a date that records something already done
(`past_dates`: a hotline's `verified`, a plan's `issued`, a law's `adopted`, a source's `date`), or
an item's `reviewed` date, after the day of the build is an error. The calendar takes its "today"
from these dates only, so a date in the future can neither be published nor move it.

>>> from portal.content.schema import SCHEMAS
>>> campaign = SCHEMAS["campaign"](
...     type="campaign", title="t", slug="s", lang="vi", summary="s", theme="t", year=2024,
...     starts="2024-07-31", ends="2024-07-01", sources=[{"title": "the campaign's plan"}],
... )
>>> [(loc, message.en) for loc, message, fix in item_problems(campaign, datetime.date(2026, 1, 1))]
[(('ends',), 'the campaign ends (2024-07-01) before it starts (2024-07-31)')]
"""

from __future__ import annotations

import datetime

from portal.content.phones import hotline_problems
from portal.content.problems import Said, say


def past_dates(model) -> list[tuple[tuple, datetime.date]]:
    """(field, date) of every date that records something already done."""
    found: list[tuple[tuple, datetime.date]] = [
        ((name,), getattr(model, name))
        for name in ("verified", "issued", "adopted", "last_confirmed")
        if getattr(model, name, None)
    ]
    found += [
        (("sources", i, "date"), source.date)
        for i, source in enumerate(model.sources)
        if source.date
    ]
    return found


def item_problems(model, today: datetime.date) -> list[tuple[tuple, Said, Said]]:
    """(field, message, fix) for each problem of the validated item `model`."""
    done = past_dates(model) + (
        [(("reviewed",), model.reviewed)] if getattr(model, "reviewed", None) else []
    )
    out = [
        (
            loc,
            say("date_in_future", date=day.isoformat(), today=today.isoformat()),
            say("date_past_only"),
        )
        for loc, day in done
        if day > today
    ]
    starts, ends = getattr(model, "starts", None), getattr(model, "ends", None)
    if starts and ends and ends < starts:
        out.append(
            (
                ("ends",),
                say("ends_before_start", starts=starts.isoformat(), ends=ends.isoformat()),
                say("swap_dates"),
            )
        )
    if model.type == "hotline":
        out += hotline_problems(model.number, model.display, model.tel)
    return out
