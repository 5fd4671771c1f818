"""Client-side search: a whoosh index per language, exported as static files, and a search page.

A `Generator` returned from `get_generators`; it runs after the content is read and checked.
It reads the context keys `content` (from `content_index`) and `locality_urls` (from
`localities`, so it must come after that plugin), and the locality registry. For each language:

- indexes every content page and every locality page with whoosh (`indexer.py`; the analysers
  are in `core/analysis.py`);
- writes the index as static files under `search/<lang>/` (`export.py`): a manifest, term
  shards, one display record per page and filter lists — in a second process while Pelican
  renders the pages (`worker.py`), joined on `finalized`;
- writes the search page (template `search`) at `search/` under the language prefix;
- keeps a copy of the whoosh index beside the output (`.<output>.search-reference/<lang>/`,
  not published) for `invoke search --reference`.

The browser engine is `themes/portal/static/js/search/search.js`, its UI `search-ui.js`, and
`cli.mjs` runs it under Node.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins.core.registry_cache import registry_for
from plugins.core.render import write_in_language

from .documents import content_docs, locality_docs
from .worker import finish, start

RUNNING: dict[str, object] = {}  # output path → indexing process, joined on `finalized`


def reference_dir(output: Path) -> Path:
    """Where the whoosh copy of the index of the site in `output` lives."""
    return output.parent / f".{output.name}.search-reference"


class SearchIndexGenerator(Generator):
    def generate_output(self, writer) -> None:
        registry, _ = registry_for(self.settings)
        langs = self.settings["LANGUAGES"]
        docs = {lang: content_docs(self.context, lang, registry) + locality_docs(self.context, lang, registry) for lang in langs}
        reference = reference_dir(Path(self.settings.get("FINAL_OUTPUT_PATH") or self.output_path))
        RUNNING[self.output_path] = start(docs, Path(self.output_path), reference)
        for lang in langs:
            types = sorted({doc.type for doc in docs[lang]})
            write_in_language(self, writer, lang, "search/", "search", types=types, provinces=self._provinces(registry))

    def _provinces(self, registry) -> list:
        urls = self.context.get("locality_urls", {})
        return [u for u in registry.children("VN") if u.current and u.code in urls]


def wait_for_index(pelican) -> None:
    running = RUNNING.pop(pelican.output_path, None)
    if running is not None:
        finish(running)


def get_generators(pelican):
    return SearchIndexGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(wait_for_index)
