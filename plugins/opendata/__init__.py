"""Open data files and their page (see opendata.py)."""

from .opendata import PAGE, register

ROUTES = (PAGE,)

__all__ = ["ROUTES", "register"]
