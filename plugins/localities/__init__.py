"""A page and an Atom feed per administrative unit (see localities.py)."""

from .localities import register
from .paths import routes

ROUTES = (routes,)

__all__ = ["ROUTES", "register"]
