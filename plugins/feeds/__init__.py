"""Atom feeds per language and per dated type (see feeds.py)."""

from portal.content.schema import SECTIONS

from .feeds import FEED_TYPES, register

ROUTES = ("feed.atom", *(f"{SECTIONS[kind]}/feed.atom" for kind in FEED_TYPES))

__all__ = ["ROUTES", "register"]
