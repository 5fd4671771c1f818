"""What a rebuild of the search index can take from the last build, so that it analyses and
encodes again only the documents that changed.

One file a language (`search-terms-<lang>.pickle` in the running build's cache folder,
`portal.engine.state`, else `CACHE_PATH`), so that the indexing process holds one language's at a
time and writes it once that language is exported. It holds:

- `terms`: each document's `DocTerms`, by a hash of its language, title and body;
- `docs`: the last build's documents (those hashes, in order);
- `parts` and `cuts`: its encoded entries (`entries.Before`) and its cut entries (`export.Cuts`).

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


def file_for(folder: str | None, lang: str) -> Path | None:
    """The cache file of `lang` in the cache `folder` (none without a folder)."""
    return Path(folder, f"search-terms-{lang}.pickle") if folder else None


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
    """One language's: `terms(docs)`, `before()`, `keep_entries(parts)` and `cuts(carried)`,
    then `save()`."""

    def __init__(self, path: Path | None, lang: str):
        self.path, self.lang = path, lang
        saved = self._load()
        self.old_terms: dict[str, DocTerms] = saved.get("terms", {})
        self.old: dict = saved  # the last build's docs, parts and cuts
        self.new_terms: dict[str, DocTerms] = {}
        self.new: dict = {}
        self.analysed = 0  # documents whose terms were not in the file

    def _load(self) -> dict:
        if self.path is None:
            return {}
        return load_pickle(self.path, "search-terms", VERSION, _well_formed) or {}

    def terms(self, docs: list) -> list[DocTerms]:
        words = Words(self.lang)
        found, order = [], []
        for doc in docs:
            key = doc_key(self.lang, doc)
            doc_terms = self.new_terms.get(key) or self.old_terms.get(key)
            if doc_terms is None:
                doc_terms = words.terms(doc.title, doc.body)
                self.analysed += 1
            self.new_terms[key] = doc_terms
            found.append(doc_terms)
            order.append(key)
        self.new["docs"] = order
        return found

    def before(self) -> Before | None:
        """The last build's documents and entries, if the file has them."""
        if "docs" not in self.old:
            return None
        return Before([self.old_terms[key] for key in self.old["docs"]], self.old["parts"])

    def keep_entries(self, parts: dict[str, bytes]) -> None:
        self.new["parts"] = parts

    def cuts(self, carried: Callable[[str, str], bool]) -> Cuts:
        """The last build's cut entries; what the export adds to it is kept."""
        cuts = Cuts(self.old.get("cuts", {}), carried)
        self.new["cuts"] = cuts
        return cuts

    def save(self) -> None:
        """Keep this build's documents (only), if they are not those of the last build."""
        if self.path is None or self.new.get("docs") == self.old.get("docs"):
            return
        kept = {**self.new, "cuts": self.new["cuts"].made} if "cuts" in self.new else self.new
        dump_pickle(self.path, "search-terms", VERSION, {**kept, "terms": self.new_terms})


def _well_formed(saved) -> bool:
    terms = saved["terms"]
    return (
        isinstance(terms, dict)
        and all(isinstance(t, DocTerms) for t in terms.values())
        and isinstance(saved["parts"], dict)
        and isinstance(saved.get("cuts", {}), dict)
        and all(k in terms for k in saved["docs"])
    )
