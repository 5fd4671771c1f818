"""Absolute addresses for things that leave the site: feeds, the sitemap, the calendar, QR codes.

Pages link each other relatively in development builds (`RELATIVE_URLS`), but a feed entry, a
sitemap row or a QR code must carry the public address. It is `SITEURL` when that is absolute
(a published build), otherwise the `PUBLIC_URL` setting (empty in pelicanconf.py: a development
build does not know where the site will live).

Machine-readable files (feeds, sitemap, calendar.ics) need some absolute address in a development
build and fall back to `PLACEHOLDER`. What is printed or shown to people (a poster's QR code and
address, the calendar's subscription address) uses `printed_base`, which is None unless the
address is real, so that a development build says "preview — address not set" instead.

>>> printed_base({"SITEURL": "", "PUBLIC_URL": ""}) is None
True
>>> printed_base({"SITEURL": "https://example.org/x"}) is None
True
>>> printed_base({"SITEURL": "", "PUBLIC_URL": "https://phongchong.vn/"})
'https://phongchong.vn'
>>> is_placeholder("https://www.example.com"), is_placeholder("http://127.0.0.1:8000/sub")
(True, False)
"""

from __future__ import annotations

from urllib.parse import urlsplit

PLACEHOLDER = "https://example.org"
# Domains reserved for examples (RFC 2606, RFC 6761): an address there never reaches the site.
_PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")
_PLACEHOLDER_TLDS = ("example", "invalid")


def is_placeholder(url: str) -> bool:
    """True when `url` is empty or on a domain reserved for examples."""
    host = (urlsplit(url or "").hostname or "").lower().rstrip(".")
    if not host:
        return True
    return (
        any(host == d or host.endswith("." + d) for d in _PLACEHOLDER_DOMAINS)
        or host.rsplit(".", 1)[-1] in _PLACEHOLDER_TLDS
    )


def _absolute_setting(settings: dict) -> str:
    site = settings.get("SITEURL") or ""
    if site.startswith(("http://", "https://")):
        return site.rstrip("/")
    return settings["PUBLIC_URL"].rstrip("/")


def public_base(settings: dict) -> str:
    """The site's public address, ending without a slash (`PLACEHOLDER` when none is set)."""
    return _absolute_setting(settings) or PLACEHOLDER


def printed_base(settings: dict) -> str | None:
    """The site's real public address for people to read or scan, or None when it is not set."""
    base = _absolute_setting(settings)
    return None if is_placeholder(base) else base


def absolute(settings: dict, path: str) -> str:
    """`path` (relative to the output root, e.g. `en/plans/x/`) as a public address."""
    return f"{public_base(settings)}/{path.lstrip('/')}"


def printed(settings: dict, path: str) -> str | None:
    """`path` as a real public address to print, or None in a build that does not know it."""
    base = printed_base(settings)
    return None if base is None else f"{base}/{path.lstrip('/')}"
