"""Addresses of locality pages: the shared code lives in `core.locality_paths` (the link check uses it too)."""

from portal.site.locality_paths import locality_paths, selected_units, shares_page

__all__ = ["locality_paths", "selected_units", "shares_page"]
