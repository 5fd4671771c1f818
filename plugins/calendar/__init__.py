"""The calendar page, its year pages and calendar.ics (see calendar.py)."""

from .calendar import FEED_NAME, PAGE_PATH, register

ROUTES = (PAGE_PATH, FEED_NAME)

__all__ = ["ROUTES", "register"]
