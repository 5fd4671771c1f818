"""Stops the build, before anything is written, when any content file has a problem.

Runs on `all_generators_finalized`, after every file has been read and before any output is
written. Gathers the problems each file's `source_doc` metadata carries (schema, YAML,
encoding, file name), adds the checks across files (`portal.content.checks`: translation pairs,
identical facts, agency and locality references, duplicate slugs, phone numbers that are not
hotlines'), the files under `content/` that would not be published (`portal.content.layout`),
the locality registry's own checks, the awareness days' (their phone numbers too) and the search
aliases file's (`content/data/search_aliases.yaml`), logs warnings, and raises `ContentError`
listing every error at once.
"""

from __future__ import annotations

import logging
from itertools import chain
from pathlib import Path

from pelican import signals
from pelican.generators import PagesGenerator

from plugins.search.aliases import check_aliases
from portal.content.awareness import check_days
from portal.content.checks import check_documents, hotline_numbers
from portal.content.layout import misplaced_files, shown_path
from portal.content.localities import check_registry
from portal.content.problems import ContentError, errors_only
from portal.content.registry_cache import registry_for
from portal.site.links import check_links

log = logging.getLogger(__name__)


def all_pages(generator: PagesGenerator):
    return chain(
        generator.pages,
        generator.translations,
        generator.hidden_pages,
        generator.hidden_translations,
        generator.draft_pages,
        generator.draft_translations,
    )


def check_site(generators) -> None:
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    docs = [p.source_doc for p in all_pages(pages_gen) if hasattr(p, "source_doc")]
    registry, label = registry_for(pages_gen.settings)
    problems = [p for d in docs for p in d.problems]
    problems += misplaced_files(Path(pages_gen.settings["PATH"]))
    problems += check_documents(docs, registry)
    problems += check_links(docs, registry, pages_gen.settings["PLUGINS"])
    problems += check_registry(registry, label)
    days = Path(pages_gen.settings["AWARENESS_DAYS"])
    where = shown_path(days, Path(pages_gen.settings["PATH"]))
    problems += check_days(days, where, hotline_numbers(docs))
    problems += check_aliases(pages_gen.settings, registry)
    for warning in sorted(p for p in problems if p.severity == "warning"):
        log.warning("%s", warning)
    if errors_only(problems):
        raise ContentError(problems)


def register():
    signals.all_generators_finalized.connect(check_site)
