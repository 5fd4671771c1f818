"""Client-side search: an index per language, exported as static files, and a search page.

A `Generator` returned from `get_generators`; it starts the index as soon as every generator has
made its context (`all_generators_finalized`, after `content_checks`), and writes its pages in turn.
It reads the context keys `content` (from `content_index`), `locality_urls` (from
`localities`) and `awareness_days` (from `calendar`): all are set while contexts are generated,
before any generator writes, so the order in `PLUGINS` does not matter, and a build without
`localities` fails rather than index no place. It also reads the locality registry, the aliases
and synonyms (`aliases.py`, the setting `SEARCH_ALIASES`), and, in a build of the engine, the
running build (`portal.engine.state.current()`: its cache folder and output tree). Its browser
scripts, templates and the search-box component live in this folder too (`static/`,
`templates/`, `components/`, added to the theme's paths by `add_feature_files`). For each language:

- gathers every content page, the hotline list, the calendar page and each awareness day on it,
  and every locality page (`documents.py`) in a second process that runs while the pages are
  rendered (`worker.py`: forked, it makes them; else the build makes them and hands them over),
  joined once they are made (a helper of the running build, `BuildState.helpers`; outside the
  engine, on `finalized`). It splits them into terms as
  whoosh's analysers do (`terms.py`; the analysers are in `plugins/search/analysis.py`), reusing the
  terms of unchanged documents from the build cache (`cache.py`), and writes the index as static
  files under `search/<lang>/` (`export.py`): a manifest, term shards, the pages' display records
  and the filter lists, a few to a file — through the build's output tree, so that a rebuild leaves
  unchanged files alone;
- writes the search page (template `search`) at `search/` under the language prefix, and every
  content page from A to Z (`a_to_z`) for readers without JavaScript at `search/a-z/` (template
  `a_to_z`, on numbered pages of `PAGE_SIZES["a-z"]` titles, `portal.site.render`), whose letters
  the search page links;
- keeps the documents beside the output (`.<output>.search-reference/<lang>/`, not published),
  from which `reference.py` makes a whoosh index on demand, for `invoke search --reference`
  and the tests that compare the browser engine's ranking with whoosh's.

The browser engine is `plugins/search/static/js/search/search.js`, its UI `search-ui.js`, and
`cli.mjs` runs it under Node.

Ranking (issue 17). The constants are in `export.py` and shipped in the manifest; `reference.py`
ranks the same way with whoosh, score for score. Measured on the 93 graded queries of
`bench/relevance.yaml` (`invoke relevance`), over the shipped site: before, nDCG@5 0.698, MRR@10
0.823, the first result the answer for 72 % of queries, 13 queries without a relevant page in
their first ten (Pagefind, indexing only the main content: 0.602, 0.684, 57 %, 20); after, 0.880,
0.973, 90 %, none. The same set chose the constants below, so these are in-sample figures.

- **The corpus.** 4,080 of 4,142 documents are places: a title of two or three words, a body of
  about nine (its parents and former names). Content pages have 300–1,350 words. With whoosh's
  B = 0.75 a body match in such a page is divided by the length ratio (about 50) and a place name
  in a three-word title wins everything. So B is per field: 0.4 for titles, 0.3 for bodies,
  exact forms and pairs (`BM25["field_B"]`; 0.2–0.5 all gave nDCG@5 within 0.005).
- **Type priors** (`PRIORS`): each score × 0.35 for a place page, 0.5 for the calendar and its
  awareness days, 0.7 for an agency page (it repeats its plans' words in a short body, so it
  outranked the plan itself: "kế hoạch 77" found Hải Phòng agencies first), 0.8 for a
  page that lists others (the hotline list). Places at 0.25 or 0.35 measured the same.
- **The page the query names** (`WHOLE`): a page whose whole title is the query (any order) has
  its score × 4 (× 4 × `SYNONYM` when the title is what an alias of the query means). So a place
  name alone finds the place first ("Hải Phòng", "HCM"), then content about it; inside a longer
  query a place name is optional (scored, not required): "đường dây nóng Hà Nội" finds 111,
  which applies in Hà Nội, where requiring "Hà Nội" found three plans.
- **Accents** (`ACCENT`): a word typed with accents scores its folded key in full only in pages
  that have the exact form; elsewhere (the folded twin: "chống" for "chồng") at 0.1, plus the
  exact form's own score (boost 2). Before, a twin in a title (boost 3) beat the exact form in
  a body; now the three pages with "chồng" come before the dozens with "chống" in the title.
  0.05–0.3 measured the same on the set; 0.1 keeps the rule for pages with many twins.
- **Adjacency**: consecutive words also score as pairs (boost 2, as before); 4 measured lower.
- **Question and function words** (`OPTIONAL`: "gì", "ở đâu", "what", "do" …) are scored but
  not required: "what help do victims get" needs only "help" and "victims".
- **Aliases and synonyms** (`aliases.py`, reviewed content in `content/data/search_aliases.yaml`):
  a run of words that is an alias also matches what it means ("HCM" → Hồ Chí Minh, "kết hôn" →
  "lấy chồng", "Hà Giang" → Tuyên Quang); each alternative is scored like typed words × 0.7
  (`SYNONYM`), and a unit counts its best reading, not their sum (0.5 and 0.7 measured alike).
"""

from __future__ import annotations

import logging
import unicodedata
from functools import partial
from itertools import chain
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from portal.content.registry_cache import registry_for
from portal.content.schema import SCHEMAS
from portal.engine.generations import checkpoint
from portal.engine.pickling import dump_pieces, load_pieces
from portal.engine.produce import may_fork
from portal.engine.sealed import dump_pickle, load_pickle
from portal.engine.state import current
from portal.site.components import add_theme_folders
from portal.site.i18n import load_translations
from portal.site.render import page_count, page_path, page_size, write_in_language, write_pages

from .aliases import load_aliases
from .documents import (
    DocMemo,
    content_docs,
    doc_types,
    list_docs,
    locality_docs,
    locality_urls,
)
from .worker import Job, finish, start, still_running

FEATURE = Path(__file__).resolve().parent
# in the build cache: the last build's documents of one language
DOCS_FILE = "search-docs-{lang}.pickle"
# outside the engine: output path → indexing process, joined on `finalized`
RUNNING: dict[str, tuple] = {}
log = logging.getLogger(__name__)


def index_folders(langs) -> tuple[str, ...]:
    """The folders of the output that the indexing process writes, one per language."""
    return tuple(f"search/{lang}/" for lang in langs)


def reference_dir(output: Path) -> Path:
    """Where the documents of the site in `output`, and whoosh's index of them, are kept."""
    return output.parent / f".{output.name}.search-reference"


class SearchIndexGenerator(Generator):
    types: dict[str, list[str]] | None = None  # language → content types indexed, once started

    def start_index(self) -> None:
        """Start the indexing process, once: when every generator has made its context (`index`),
        or else when this one writes."""
        if self.types is not None:
            return
        registry, _ = registry_for(self.settings)
        langs = self.settings["LANGUAGES"]
        # the problems stop the build earlier (content_checks)
        aliases, _problems = load_aliases(self.settings, registry)
        job = self._job({lang: [] for lang in langs}, aliases)
        if may_fork(self.settings):  # the forked process makes the documents itself
            running = start(job, fork=True, make_docs=partial(self._docs, registry))
        else:
            job.docs = {lang: self._docs(registry, lang) for lang in langs}
            running = start(job)
        build = current()
        if build is None:
            RUNNING[self.output_path] = running
        else:
            build.helpers.append(partial(_join, running))
            build.busy.append(partial(still_running, running))
            build.helper_folders.extend(index_folders(langs))
        self.types = {lang: doc_types(self.context, lang, registry) for lang in langs}
        checkpoint(
            "indexing"
        )  # a test hook (portal.engine.generations): a kill here must not leave the indexer running

    def generate_output(self, writer) -> None:
        self.start_index()
        assert self.types is not None
        registry, _ = registry_for(self.settings)
        langs = self.settings["LANGUAGES"]
        size = page_size(self.settings, "a-z")
        titles = {lang: a_to_z(self.context, lang) for lang in langs}
        pages_in = {lang: page_count(len(titles[lang]), size) for lang in langs}
        for lang in langs:
            letters = letter_links(titles[lang], size, self.settings["LANG_PREFIX"][lang] + A_TO_Z)
            write_in_language(
                self,
                writer,
                lang,
                "search/",
                "search",
                types=self.types[lang],
                provinces=self._provinces(registry),
                letters=letters,
                a_to_z_url=self.settings["LANG_PREFIX"][lang] + A_TO_Z,
            )
            write_pages(
                self, writer, lang, A_TO_Z, "a_to_z", titles[lang], size, pages_in, letters=letters
            )

    def _docs(self, registry, lang: str) -> list:
        """The documents of `lang` (`documents.py`), the unchanged ones from the last build's memo
        of that language, which is saved again."""
        made = self._memo(lang)
        gettext = load_translations(Path(self.settings["THEME"]) / "translations", [lang])[lang]
        docs = (
            content_docs(self.context, lang, registry, made)
            + list_docs(self.context, lang, gettext.ugettext)
            + made.places(lang, partial(locality_docs, self.context, lang, registry))
        )
        self._save_memo(made, lang)
        return docs

    def _job(self, docs: dict[str, list], aliases: dict) -> Job:
        build = current()
        final = str(build.final if build else self.output_path)
        folders = index_folders(docs)
        previous = (
            {rel: entry for rel, entry in build.tree.previous.items() if rel.startswith(folders)}
            if build
            else {}
        )
        cache = build.cache if build else self.settings.get("CACHE_PATH")
        return Job(
            docs,
            str(self.output_path),
            final,
            previous,
            str(cache) if cache else None,
            str(reference_dir(Path(final))),
            aliases,
        )

    def _memo_file(self, lang: str) -> Path | None:
        build = current()
        return Path(build.cache, DOCS_FILE.format(lang=lang)) if build else None

    def _memo(self, lang: str) -> DocMemo:
        """Last build's content documents in `lang`, if it was built from the same site
        fingerprint."""
        build = current()
        site, path = (build.fingerprint if build else ""), self._memo_file(lang)
        saved = path and load_pickle(path, "search-docs", "3", _well_formed, load=load_pieces)
        saved_site, *last = saved or [""]
        return DocMemo(site, dict(last) if saved_site == site else {})

    def _save_memo(self, made: DocMemo, lang: str) -> None:
        path = self._memo_file(lang)
        if path is not None and made.now != made.last:
            entries = chain([made.site], made.now.items())
            dump_pickle(path, "search-docs", "3", entries, dump=dump_pieces)

    def _provinces(self, registry) -> list:
        urls = locality_urls(self.context)
        return [u for u in registry.children("VN") if u.current and u.code in urls]


A_TO_Z = "search/a-z/"


def a_to_z(context: dict, lang: str) -> list[tuple[str, str, str]]:
    """Every content page of the language as (letter, title, URL), by title (Đ after D, as
    Vietnamese sorts it), the letter being the title's first: the A–Z pages list them, for
    readers without JavaScript."""

    def order(title: str) -> str:
        return "".join(
            "dz" if ch == "đ" else ch
            for ch in unicodedata.normalize("NFD", title.lower())
            if not unicodedata.combining(ch)
        )

    pages = sorted(
        ((p.data.title, p.url) for kind in SCHEMAS for p in context["content"][lang].get(kind, [])),
        key=lambda item: (order(item[0]), item),
    )
    letters: dict[str, list] = {}
    for title, url in pages:
        first = (
            unicodedata.normalize("NFD", title[:1].upper())[:1] if title[:1].upper() != "Đ" else "Đ"
        )
        letters.setdefault(first if first.isalpha() else "#", []).append((title, url))
    return [(letter, title, url) for letter, titles in letters.items() for title, url in titles]


def letter_links(
    entries: list[tuple[str, str, str]], size: int, path: str
) -> list[tuple[str, str]]:
    """(letter, URL of the A–Z page and anchor where its titles start), in order.

    >>> titles = [("#", "[x]", "a/"), ("A", "Ab", "b/"), ("A", "Ac", "c/"), ("B", "Bd", "d/")]
    >>> letter_links(titles, 2, "search/a-z/")  # doctest: +NORMALIZE_WHITESPACE
    [('#', 'search/a-z/#a-z-1'), ('A', 'search/a-z/#a-z-2'),
     ('B', 'search/a-z/page/2/#a-z-3')]
    """
    links: list[tuple[str, str]] = []
    for position, (letter, _title, _url) in enumerate(entries):
        if not links or links[-1][0] != letter:
            links.append((letter, f"{page_path(path, position // size + 1)}#a-z-{len(links) + 1}"))
    return links


def _well_formed(saved) -> bool:
    """The site's fingerprint, then (key, documents) pairs (`DocMemo`)."""
    site, *last = saved
    return isinstance(site, str) and all(isinstance(key, tuple) for key, _made in last)


def wait_for_index(pelican) -> None:
    """Outside the engine (a plain `pelican` run), the index is joined when Pelican ends."""
    running = RUNNING.pop(pelican.output_path, None)
    if running is not None:
        _join(running)


def _join(running: tuple) -> None:
    result = finish(running)
    build = current()
    if build is not None:
        build.tree.add(result["tree"]["files"], result["tree"]["written"])
    log.info(
        "search index: %d documents, %d analysed (the others' terms were cached), in %.1f s in %s",
        result["documents"],
        result["analysed"],
        result["seconds"],
        "a forked process" if result["forked"] else "a new interpreter",
    )


def index(generators) -> None:
    """Every context is made: the index needs no page written, so it starts now rather than when
    its generator's turn to write comes. `content_checks`, earlier in `PLUGINS`, has checked the
    content by then, so a site with errors starts no index (later, it would start one and wait
    for it before failing: slower, no different)."""
    for generator in generators:
        if isinstance(generator, SearchIndexGenerator):
            generator.start_index()


def get_generators(pelican):
    return SearchIndexGenerator


def add_feature_files(pelican) -> None:
    """The feature's browser scripts and templates live in this folder (`static/`, `templates/`):
    the theme's static files and templates are looked up here too, and `asset()` finds them."""
    add_theme_folders(pelican.settings, [FEATURE / "templates"], [FEATURE / "static"])


def register():
    signals.initialized.connect(add_feature_files)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(index)
    signals.finalized.connect(wait_for_index)
