"""The one date a content item is filed under, for ordering and feeds.

>>> from portal.content.schema import SCHEMAS
>>> plan = SCHEMAS["plan"](
...     type="plan", title="t", slug="s", lang="vi", summary="s", issued="2017-02-08",
...     sources=[{"title": "the plan", "note": "not online"}],
... )
>>> item_date(plan)
datetime.date(2017, 2, 8)

Items without a date of their own (hotlines, agencies, guidance, and plans whose source gives
no date) have none: a made-up date would be a false fact in a feed reader.
"""

from __future__ import annotations

import datetime


def item_date(data) -> datetime.date | None:
    """Issue date, else the campaign's day or start, else the main source's date."""
    for name in ("issued", "day", "starts"):
        value = getattr(data, name, None)
        if value:
            return value
    if data.type not in ("plan", "campaign"):
        return None
    if data.sources and data.sources[0].date:
        return data.sources[0].date
    return None
