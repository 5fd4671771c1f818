"""Home, list pages and 404 for each language (see listings.py)."""

from portal.content.schema import SECTIONS

from .listings import register

ROUTES = ("", "404.html", *(f"{section}/" for section in SECTIONS.values()))

__all__ = ["ROUTES", "register"]
