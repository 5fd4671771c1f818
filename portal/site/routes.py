"""Every address the site writes that a text may link to, declared by the plugin that writes it.

A feature plugin names its pages in a `ROUTES` tuple in its package (`plugins/<name>/__init__.py`):
each entry is an address under every language prefix (`"calendar/"`), or a function of the
content and the registry that returns such addresses (`plugins.localities.paths.routes`). The
link check (`portal.site.links`) asks `linkable()`, so a page a plugin stops writing is a broken
link at once, and no module outside a plugin knows that plugin's addresses. Only the plugins
the settings list (`PLUGINS`) are asked.

>>> sorted(linkable(["plugins.content_guide", "plugins.search"], [], None))
['content-guide/', 'en/content-guide/', 'en/search/', 'search/']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

LANG_PREFIX = {"vi": "", "en": "en/"}  # Vietnamese at the root, English under /en/

Route = str | Callable[[list, Any], Iterable[str]]


def declared(plugins: Iterable[str]) -> list[Route]:
    """The routes of each plugin package in `plugins`, in order."""
    routes: list[Route] = []
    for name in plugins:
        routes.extend(getattr(importlib.import_module(name), "ROUTES", ()))
    return routes


def linkable(plugins: Iterable[str], docs: list, registry) -> set[str]:
    """Every address (no leading slash, language prefix included) that the plugins write."""
    paths: set[str] = set()
    for route in declared(plugins):
        found = [route] if isinstance(route, str) else list(route(docs, registry))
        paths |= {prefix + path for prefix in LANG_PREFIX.values() for path in found}
    return paths
