"""Client-side search built with whoosh; see search_index.py."""

from .search_index import register

__all__ = ["register"]
