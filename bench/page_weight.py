"""The first-load weight of built pages: the HTML plus every stylesheet and script it links,
gzipped.

Used by tests/test_page_weight.py (the budget) and bench/ (the benchmark's median and maximum).
The weight of a page is what a first visit downloads: the page itself plus every stylesheet and
script it links, each gzipped as a web server would send it. Images and later requests (search
shards, modules a script imports) are not counted.

>>> assets(
...     '<link rel="stylesheet" href="a.css"><link rel=alternate href="x">'
...     "<script defer src='b.js'></script>"
... )
['a.css', 'b.js']
"""

from __future__ import annotations

import functools
import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6  # what web servers commonly use; 9 would flatter the numbers a little

# Built pages are generated, so a tag scan is safe and fast enough for thousands of locality pages.
_TAG = re.compile(r"<(link|script)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
_ATTR = re.compile(r"([^\s=/>]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): (value or "").strip("\"'") for name, value in _ATTR.findall(text)}


def assets(html: str) -> list[str]:
    """The stylesheets (`<link rel=stylesheet href>`) and scripts (`<script src>`) a page loads."""
    found = []
    for tag, text in _TAG.findall(html):
        attrs = _attributes(text)
        if (
            tag.lower() == "link"
            and "stylesheet" in attrs.get("rel", "").lower().split()
            and attrs.get("href")
        ):
            found.append(attrs["href"])
        elif tag.lower() == "script" and attrs.get("src"):
            found.append(attrs["src"])
    return found


@functools.cache
def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))


def resolve(site: Path, page: Path, ref: str) -> Path | None:
    """The built file a reference points to, or None if it points to another website."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    return (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path).resolve()


def page_weights(site: Path) -> tuple[dict[str, int], list[str]]:
    """({page: bytes}, problems) for every HTML page of a built site."""
    weights, problems = {}, []
    for page in sorted(site.rglob("*.html")):
        rel = str(page.relative_to(site))
        data = page.read_bytes()
        total = len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
        for ref in dict.fromkeys(assets(data.decode("utf-8"))):
            target = resolve(site, page, ref)
            if target is None:
                problems.append(f"{rel}: {ref} is on another website (and cannot be weighed)")
            elif not target.is_file():
                problems.append(f"{rel}: {ref} does not exist")
            else:
                total += gzip_size(target)
        weights[rel] = total
    return weights, problems
