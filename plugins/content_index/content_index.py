"""Publishes the site's content, grouped per language, for templates and later plugins.

On `page_generator_finalized` it writes these shared context keys:

- `content[lang][type]`: published pages of that type in that language, in display order
  (plans and campaigns newest first, hotlines by priority, the rest by title);
- `by_slug[lang][slug]`: every published page, e.g. to link a duty to its agency page;
- `national_hotlines[lang]`: hotlines with `scope: national`, for every page's header.

It also fixes each page's `url` and `save_as` (Pelican's `override_url`, `override_save_as`):
Pelican would format them from the settings again on every use, hundreds of thousands of
times in a national build.
"""

from __future__ import annotations

import datetime
from itertools import chain

from pelican import signals

from portal.content.schema import SCHEMAS
from portal.content.text_fold import fold

EPOCH = datetime.date(1900, 1, 1)


def sort_key(page):
    data = page.data
    if data.type == "plan":
        return (
            -(data.issued or EPOCH).toordinal(),
            -(data.period.end if data.period else 0),
            fold(data.title),
        )
    if data.type == "campaign":
        return (-data.year, fold(data.title))
    if data.type in ("hotline", "page"):
        return (getattr(data, "priority", None) or getattr(data, "order", 0), fold(data.title))
    return (fold(data.title),)


def index_content(generator) -> None:
    langs = generator.settings["LANGUAGES"]
    published = [
        p for p in chain(generator.pages, generator.translations) if getattr(p, "data", None)
    ]
    for page in published:
        page.override_url, page.override_save_as = page.url, page.save_as
    content: dict[str, dict[str, list]] = {lang: {kind: [] for kind in SCHEMAS} for lang in langs}
    by_slug: dict[str, dict] = {lang: {} for lang in langs}
    for page in published:
        content[page.lang][page.data.type].append(page)
        by_slug[page.lang][page.slug] = page
    for lang in langs:
        for kind in SCHEMAS:
            content[lang][kind].sort(key=sort_key)
    context = generator.context
    context["content"] = content
    context["by_slug"] = by_slug
    context["national_hotlines"] = {
        lang: [p for p in content[lang]["hotline"] if p.data.scope == "national"] for lang in langs
    }


def register():
    signals.page_generator_finalized.connect(index_content)
