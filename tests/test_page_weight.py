"""Small pages: each page's first load (gzipped HTML, CSS and JS) stays under a budget.

Readers may be on a cheap phone with a metered connection, or borrowing someone else's. The weight
of a page is what a first visit downloads: the page itself plus every stylesheet and script it
links, each gzipped as a web server would send it (bench/page_weight.py, shared with bench/). 14 KB
is what a server can send in its first round trip (TCP's initial window of ten segments): a page
within it shows without waiting for a second round trip, on any connection. Long lists are on
numbered pages to stay within it (portal/site/render.py, plugins/listings/tests/test_pagination.py).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bench.page_weight import GZIP_LEVEL, page_weights

PAGE_BUDGET_BYTES = 14 * 1024


@pytest.fixture(params=["fixture", "shipped"])
def built_site(request) -> Path:
    return request.getfixturevalue(f"{request.param}_site")


def test_every_page_loads_within_the_budget(built_site):
    weights, problems = page_weights(built_site)
    assert weights, f"no HTML pages in {built_site}"
    assert problems == []
    heavy = sorted(((w, p) for p, w in weights.items() if w > PAGE_BUDGET_BYTES), reverse=True)
    report = "\n".join(f"  {w / 1024:.1f} KB  {p}" for w, p in heavy[:20])
    assert not heavy, (
        f"{len(heavy)} pages weigh more than {PAGE_BUDGET_BYTES // 1024} KB gzipped (HTML "
        f"+ CSS + JS):\n{report}"
    )


def test_the_weight_counts_stylesheets_and_scripts(fixture_site):
    weights, _ = page_weights(fixture_site)
    html_only = len(
        gzip.compress((fixture_site / "index.html").read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
    )
    assert weights["index.html"] > html_only + 500, "the theme's CSS and JS were not counted"
