"""What a rebuild of the search index can take from the last build, so that it analyses and
encodes again only the documents that changed.

The file (`search-terms.pickle` in the running build's cache folder, `portal.engine.state`, else
`CACHE_PATH`) holds:

- `terms`: each document's `DocTerms`, by a hash of its language, title and body;
- `langs`: for each language, the last build's documents (those hashes, in order), its
  encoded entries (`entries.Before`) and its cut entries (`export.Cuts`).

It starts afresh when the code that makes them may have changed (`VERSION`:
`plugins/search/analysis.py`,
`terms.py`, `entries.py`, whoosh and Python, whose Unicode tables decide NFC and lower case), and
when the file fails its checksum or does not hold what it should (`portal.engine.sealed`).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import whoosh

from plugins.search import analysis
from portal.engine.sealed import dump_pickle, load_pickle

from . import entries, terms
from .entries import Before
from .export import Cuts
from .terms import DocTerms, Words

FILE = "search-terms.pickle"


def _version() -> str:
    sha = hashlib.sha1(usedforsecurity=False)
    for module in (analysis, terms, entries):
        source = module.__file__
        assert source is not None  # imported from files
        sha.update(Path(source).read_bytes())
    sha.update(f"{whoosh.versionstring()} {sys.version}".encode())
    return sha.hexdigest()


VERSION = _version()


def doc_key(lang: str, doc) -> str:
    # with the length, title and body cannot be confused
    text = f"{lang}\0{len(doc.title)}\0{doc.title}{doc.body}"
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


class TermCache:
    """`terms(docs, lang)`, `before(lang)` and `keep_entries(lang, parts)` for each language, then
    `save()`."""

    def __init__(self, path: Path | None):
        self.path = path
        saved = self._load()
        self.old_terms: dict[str, DocTerms] = saved.get("terms", {})
        self.old_langs: dict[str, dict] = saved.get("langs", {})
        self.new_terms: dict[str, DocTerms] = {}
        self.new_langs: dict[str, dict] = {}
        self.analysed = 0  # documents whose terms were not in the file

    def _load(self) -> dict:
        if self.path is None:
            return {}
        return load_pickle(self.path, "search-terms", VERSION, _well_formed) or {}

    def terms(self, docs: list, lang: str) -> list[DocTerms]:
        words = Words(lang)
        found, order = [], []
        for doc in docs:
            key = doc_key(lang, doc)
            doc_terms = self.new_terms.get(key) or self.old_terms.get(key)
            if doc_terms is None:
                doc_terms = words.terms(doc.title, doc.body)
                self.analysed += 1
            self.new_terms[key] = doc_terms
            found.append(doc_terms)
            order.append(key)
        self.new_langs[lang] = {"docs": order}
        return found

    def before(self, lang: str) -> Before | None:
        """The last build's documents and entries in `lang`, if the file has them."""
        last = self.old_langs.get(lang)
        return (
            None
            if last is None
            else Before([self.old_terms[key] for key in last["docs"]], last["parts"])
        )

    def keep_entries(self, lang: str, parts: dict[str, str]) -> None:
        self.new_langs[lang]["parts"] = parts

    def cuts(self, lang: str, carried: Callable[[str, str], bool]) -> Cuts:
        """The last build's cut entries in `lang`; what the export adds to it is kept."""
        cuts = Cuts(self.old_langs.get(lang, {}).get("cuts", {}), carried)
        self.new_langs[lang]["cuts"] = cuts
        return cuts

    def save(self) -> None:
        """Keep this build's documents (only), if they are not those of the last build."""
        same = self.new_langs.keys() == self.old_langs.keys() and all(
            self.new_langs[lang]["docs"] == self.old_langs[lang]["docs"] for lang in self.new_langs
        )
        if self.path is None or same:
            return
        langs = {
            lang: {**kept, "cuts": kept["cuts"].made} if "cuts" in kept else kept
            for lang, kept in self.new_langs.items()
        }
        dump_pickle(self.path, "search-terms", VERSION, {"terms": self.new_terms, "langs": langs})


def _well_formed(saved) -> bool:
    terms, langs = saved["terms"], saved["langs"]
    return (
        isinstance(terms, dict)
        and all(isinstance(t, DocTerms) for t in terms.values())
        and isinstance(langs, dict)
        and all(
            isinstance(v["parts"], dict)
            and isinstance(v.get("cuts", {}), dict)
            and all(k in terms for k in v["docs"])
            for v in langs.values()
        )
    )
