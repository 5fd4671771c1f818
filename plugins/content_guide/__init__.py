"""The content guide page, generated from the schemas (see content_guide.py)."""

from .content_guide import PATH, register

ROUTES = (PATH,)

__all__ = ["ROUTES", "register"]
