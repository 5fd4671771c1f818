"""whoosh's own ranking of a query, from a whoosh index of the documents kept beside the output.

`invoke search --reference` prints it, and the tests compare it with the browser engine's.
The build keeps the documents, not an index (`searchdoc.keep`): `open_reference` indexes them
with whoosh (`indexer.build_index`) the first time it is asked, and keeps that index beside
them (`<lang>/whoosh/`) for as long as the output is the one they were kept for.

The query is the one the engine runs, written in whoosh's query language:

    AndMaybe(And(word clauses) or, if nothing matches them all, Or(word clauses), Or(pairs))

where a word clause is `Or(Term(title, key, boost 3), Term(body, key), …, Term(exact, form,
boost 2))` — over the last word's prefix expansions too — and pairs are `Term(pair, "k1 k2",
boost 2)`. Scoring is whoosh's BM25F with its defaults.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.scoring import BM25F
from whoosh.support.charset import accent_map

from plugins.core.analysis import exact_analyzer, key_analyzer

from .export import BOOSTS, PREFIX, record_file
from .indexer import build_index, save_copy
from .search_index import reference_dir
from .searchdoc import STAMP, kept

WORD_END = re.compile(r"\w$")  # the last word is still being typed (search.js: /[\p{L}\p{N}_]$/u)


class StaleReference(RuntimeError):
    pass


def open_reference(output: Path, lang: str):
    """The whoosh index of the site built into `output`, made from its kept documents if need be."""
    folder = reference_dir(output.resolve()) / lang
    version = json.loads((output / "search" / lang / "manifest.json").read_text(encoding="utf-8"))["version"]
    index_dir = folder / "whoosh"
    stamp = index_dir / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == version:
        return whoosh_index.open_dir(str(index_dir))
    docs = kept(folder, version)
    if docs is None:
        raise StaleReference(f"no documents beside {output} match {output}/search/{lang}: run `invoke build` again")
    shutil.rmtree(index_dir, ignore_errors=True)
    index = build_index(docs, lang)
    save_copy(index, index_dir)
    stamp.write_text(version, encoding="utf-8")
    return index


def query_words(text: str, lang: str, prefix: bool | None = None) -> list[dict]:
    """The query's words as the engine sees them (search.js `words`)."""
    words, seen = [], set()
    exacts = [t.text for t in exact_analyzer(lang)(text)]
    for exact, key in zip(exacts, [t.text for t in key_analyzer(lang)(text)], strict=True):
        if exact not in seen:
            words.append({"exact": exact, "folded": exact.translate(accent_map), "key": key, "prefix": False})
        seen.add(exact)
    typing = prefix if prefix is not None else bool(WORD_END.search(text))
    if words and typing and len(words[-1]["folded"]) >= PREFIX["min"]:
        words[-1]["prefix"] = True
    return words


def expand(reader, prefix: str) -> list[str]:
    """Keys starting with `prefix`, commonest (title + body documents) first, as search.js does."""
    found = set()
    for name in ("title", "body"):
        found.update(t.decode("utf-8") for t in reader.expand_prefix(name, prefix))
    ranked = sorted(found, key=lambda k: (-(reader.doc_frequency("title", k) + reader.doc_frequency("body", k)), k))
    return ranked[: PREFIX["expand"]]


def word_clause(reader, word: dict) -> q.Query:
    keys = [(word["key"], 1.0)]
    if word["prefix"]:
        keys += [(k, PREFIX["weight"]) for k in expand(reader, word["folded"]) if k != word["key"]]
    terms = []
    for key, weight in keys:
        terms += [q.Term("title", key, boost=BOOSTS["title"] * weight), q.Term("body", key, boost=BOOSTS["body"] * weight)]
    if word["exact"] != word["key"]:
        terms.append(q.Term("exact", word["exact"], boost=BOOSTS["exact"]))
    return q.Or(terms)


def reference_search(ix, text: str, lang: str, *, type: str = "", locality: str = "", limit: int = 10, prefix: bool | None = None) -> list[tuple[int, float]]:
    """[(document number, score)] best first, as whoosh ranks them."""
    words = query_words(text, lang, prefix)
    if not words:
        return []
    with ix.searcher(weighting=BM25F()) as searcher:
        reader = searcher.reader()
        clauses = [word_clause(reader, w) for w in words]
        pairs = q.Or([q.Term("pair", f"{a['key']} {b['key']}", boost=BOOSTS["pair"]) for a, b in zip(words, words[1:], strict=False)])
        filters = [q.Term(name, value) for name, value in (("type", type), ("places", locality)) if value]
        allowed = q.And(filters) if filters else None
        required = q.And(clauses)
        if searcher.search(required, limit=1).is_empty():
            required = q.Or(clauses)
        query = q.AndMaybe(required, pairs) if pairs.subqueries else required
        # limit=None scores every match: with a limit, whoosh's shortcuts (block quality,
        # replacing matchers below the N-th score) drop hits that belong in the top N here.
        hits = searcher.search(query, limit=None, filter=allowed)
        return [(hit.docnum, hit.score) for hit in hits[:limit]]


def records(output: Path, lang: str, hits: list[tuple[int, float]]) -> list[dict]:
    """The display records of ranked hits, as the command line prints them."""
    folder = output / "search" / lang
    runs = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["records"]
    rows = []
    for rank, (doc, score) in enumerate(hits, 1):
        first = record_file(runs, doc)
        record = json.loads((folder / "r" / f"{first}.json").read_text(encoding="utf-8"))[doc - first]
        rows.append({"rank": rank, "doc": doc, "score": score, "type": record["type"], "title": record["title"], "url": record["url"]})
    return rows
