"""Client-side search; see search_index.py.

`register` imports the plugin (and Pelican) only when Pelican calls it, so that the indexing
process (`python -m plugins.search`, worker.py) starts without them.
"""

ROUTES = ("search/",)  # search_index.py writes it (`write_in_language`)


def register():
    from .search_index import register as connect

    connect()


__all__ = ["register"]
