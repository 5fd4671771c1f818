"""Absolute addresses for things that leave the site: feeds, the sitemap, the calendar, QR codes.

Pages link each other relatively in development builds (`RELATIVE_URLS`), but a feed entry, a
sitemap row or a QR code must carry the public address. It is `SITEURL` when that is absolute
(publishconf.py), otherwise the `PUBLIC_URL` setting (pelicanconf.py), so that a development
build writes the same addresses a published one would.
"""

from __future__ import annotations


def public_base(settings: dict) -> str:
    """The site's public address, ending without a slash."""
    site = settings.get("SITEURL") or ""
    if site.startswith(("http://", "https://")):
        return site.rstrip("/")
    return (settings.get("PUBLIC_URL") or "https://example.org").rstrip("/")


def absolute(settings: dict, path: str) -> str:
    """`path` (relative to the output root, e.g. `en/plans/x/`) as a public address."""
    return f"{public_base(settings)}/{path.lstrip('/')}"
