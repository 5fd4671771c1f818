"""Gathers, for every agency, the duties that plans and campaigns give it.

On `page_generator_finalized` (after `content_index`) it reads each published plan's and
campaign's `page.data.duties` and writes the context key
`duties_by_agency[lang][agency_slug]`: a list of `(page, [duty, …])`, one entry per plan or
campaign, newest first (by `portal.content.dates.item_date`, undated last). The agency template
renders it.
"""

from __future__ import annotations

import datetime
from itertools import chain

from pelican import signals

from portal.content.dates import item_date

UNDATED = datetime.date.min


def newest_first(entry):
    page, _duties = entry
    return (-(item_date(page.data) or UNDATED).toordinal(), page.slug)


def gather_duties(generator) -> None:
    by_agency: dict[str, dict[str, list]] = {lang: {} for lang in generator.settings["LANGUAGES"]}
    for page in chain(generator.pages, generator.translations):
        data = getattr(page, "data", None)
        for duty in getattr(data, "duties", []):
            for slug in duty.agencies:
                entries = by_agency[page.lang].setdefault(slug, [])
                if entries and entries[-1][0] is page:
                    entries[-1][1].append(duty)
                else:
                    entries.append((page, [duty]))
    for agencies in by_agency.values():
        for entries in agencies.values():
            entries.sort(key=newest_first)
    generator.context["duties_by_agency"] = by_agency


def register():
    signals.page_generator_finalized.connect(gather_duties)
