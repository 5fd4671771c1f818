"""whoosh's own ranking of a query, from a whoosh index of the documents kept beside the output.

`invoke search --reference` prints it, and the tests compare it with the browser engine's.
The build keeps the documents, not an index (`searchdoc.keep`): `open_reference` indexes them
with whoosh (`indexer.build_index`) the first time it is asked, and keeps that index beside
them (`<lang>/whoosh/`) for as long as the output is the one they were kept for.

The query is the one the engine runs (`ranking.py` explains the design), in whoosh's query
language and scoring:

    AndMaybe(And(units) or, if nothing matches them all, Or(units), Or(optional units, pairs))

where a unit made of one question or function word (manifest `optional`: "gì", "what" …) or a place
name beside other words (`soft_units`) is optional, unless nothing else is left. A unit is one word,
or a run of words that is an alias (`aliases.py`): `BestOf(And(its words), And(each alternative's
words))` (whoosh's `DisjunctionMax`, its matcher fixed), an alternative's words scored as typed,
boosted by
`SYNONYM`: the best reading counts, not their sum. A word is
`Or(Term(title, key, boost 3), Term(body, key), …)` over the last word's prefix expansions too;
when typed with accents its key's terms are split as `Or(terms × ACCENT, And(terms × (1 − ACCENT),
Term(exact, form, boost 0)))` — the full score only where the page has the exact form (whoosh's
`Require` would say it better, but drops matches here) — and `Term(exact, form, boost 2)` is added.
Pairs are `Term(pair, "k1 k2", boost 2)`. Scoring is whoosh's BM25F with a B per field
(`export.BM25`), each term's score × the prior of the document's type (`PriorBM25F`); a document
whose whole title is the query (`titled`) then has its score × `WHOLE` (× `SYNONYM` when the title
is what an alias of the query means). A place filter also lets through what applies to the whole
country.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.matching import DisjunctionMaxMatcher
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.support.charset import accent_map

from plugins.search.analysis import exact_analyzer, key_analyzer

from . import analysis
from .export import ACCENT, BM25, BOOSTS, PREFIX, SYNONYM, WHOLE, record_file
from .indexer import build_index, save_copy
from .search_index import reference_dir
from .searchdoc import STAMP, kept

WORD_END = re.compile(r"\w$")  # the last word is still being typed (search.js: /[\p{L}\p{N}_]$/u)


class StaleReference(RuntimeError):
    pass


def open_reference(output: Path, lang: str):
    """The whoosh index of the site built into `output`, made from its kept documents if need be."""
    folder = reference_dir(output.resolve()) / lang
    version = json.loads((output / "search" / lang / "manifest.json").read_text(encoding="utf-8"))[
        "version"
    ]
    index_dir = folder / "whoosh"
    stamp = index_dir / STAMP
    manifest = json.loads((output / "search" / lang / "manifest.json").read_text(encoding="utf-8"))
    # whoosh pickles the analysers by module path: a move makes it stale
    made_by = f"{version} {analysis.__name__}"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == made_by:
        index = whoosh_index.open_dir(str(index_dir))
        index.manifest = manifest
        return index
    docs = kept(folder, version)
    if docs is None:
        raise StaleReference(
            f"no documents beside {output} match {output}/search/{lang}: run `invoke build` again"
        )
    shutil.rmtree(index_dir, ignore_errors=True)
    index = build_index(docs, lang)
    save_copy(index, index_dir)
    stamp.write_text(made_by, encoding="utf-8")
    index.manifest = manifest
    return index


def query_words(text: str, lang: str, prefix: bool | None = None) -> list[dict]:
    """The query's words as the engine sees them (search.js `words`)."""
    words, seen = [], set()
    exacts = [t.text for t in exact_analyzer(lang)(text)]
    for exact, key in zip(exacts, [t.text for t in key_analyzer(lang)(text)], strict=True):
        if exact not in seen:
            words.append(
                {"exact": exact, "folded": exact.translate(accent_map), "key": key, "prefix": False}
            )
        seen.add(exact)
    typing = prefix if prefix is not None else bool(WORD_END.search(text))
    if words and typing and len(words[-1]["folded"]) >= PREFIX["min"]:
        words[-1]["prefix"] = True
    return words


def expand(reader, prefix: str) -> list[str]:
    """Keys starting with `prefix`, commonest (title + body documents) first, as search.js does."""
    found: set[str] = set()
    for name in ("title", "body"):
        found.update(t.decode("utf-8") for t in reader.expand_prefix(name, prefix))
    ranked = sorted(
        found,
        key=lambda k: (-(reader.doc_frequency("title", k) + reader.doc_frequency("body", k)), k),
    )
    return ranked[: PREFIX["expand"]]


def key_terms(key: str, weight: float) -> list[q.Query]:
    return [
        q.Term("title", key, boost=BOOSTS["title"] * weight),
        q.Term("body", key, boost=BOOSTS["body"] * weight),
    ]


def word_clause(reader, word: dict) -> q.Query:
    scale = word.get("weight", 1.0)  # an alias's words count less than the words typed
    keys = [(word["key"], scale)]
    if word["prefix"]:
        keys += [
            (k, PREFIX["weight"] * scale)
            for k in expand(reader, word["folded"])
            if k != word["key"]
        ]
    accented = word["exact"] != word["folded"]
    terms = []
    for key, weight in keys:
        if key == word["key"] and accented:
            exact = q.Term("exact", word["exact"], boost=0.0)  # matches, adds nothing
            terms += [
                q.Or(key_terms(key, weight * ACCENT)),
                q.And([q.Or(key_terms(key, weight * (1 - ACCENT))), exact]),
            ]
        else:
            terms += key_terms(key, weight)
    if word["exact"] != word["key"]:
        terms.append(q.Term("exact", word["exact"], boost=BOOSTS["exact"] * scale))
    return q.Or(terms)


def alias_words(member: str, lang: str) -> list[dict]:
    """An alias member's words, scored as typed with their accents, weighted by `SYNONYM`."""
    return [
        {**word, "prefix": False, "weight": SYNONYM}
        for word in query_words(member, lang, prefix=False)
    ]


def units(words: list[dict], aliases: dict, lang: str) -> list[dict]:
    """The query's units, as search.js `units` makes them: {words, alternatives (word lists)}."""
    starts: dict[str, list] = {}

    def add(member: str, alternatives: list[str]) -> None:
        keys = [w["key"] for w in alias_words(member, lang)]
        starts.setdefault(keys[0], []).append((keys, [alias_words(m, lang) for m in alternatives]))

    for group in aliases.get("groups", []):
        for member in group:
            add(member, [m for m in group if m != member])
    for old, now in aliases.get("renamed", []):
        add(old, [now])
    out, i = [], 0
    while i < len(words):
        best = None
        for member, alternatives in starts.get(words[i]["key"], []):
            n = len(member)
            if (
                i + n <= len(words)
                and all(words[i + j]["key"] == k for j, k in enumerate(member))
                and (best is None or n > len(best[0]))
            ):
                best = (member, alternatives)
        span = len(best[0]) if best else 1
        alternatives = (
            [alt for alt in best[1] if not all(any(w["key"] == k for w in alt) for k in best[0])]
            if best
            else []
        )
        out.append({"words": words[i : i + span], "alternatives": alternatives})
        i += span
    return out


def unit_query(reader, unit: dict) -> q.Query:
    typed = q.And([word_clause(reader, w) for w in unit["words"]])
    if not unit["alternatives"]:
        return typed
    return BestOf(
        [typed, *(q.And([word_clause(reader, w) for w in alt]) for alt in unit["alternatives"])]
    )


class _BestMatcher(DisjunctionMaxMatcher):
    """whoosh's DisjunctionMaxMatcher takes the larger score of its two sub-matchers even when
    only one of them is on the current document; this one compares only those that are."""

    def score(self):
        here = self.id()
        return max(m.score() for m in (self.a, self.b) if m.is_active() and m.id() == here)

    def replace(self, minquality=0):
        return self  # every match is scored (`limit=None`): no shortcuts to take


class BestOf(q.DisjunctionMax):
    """`DisjunctionMax` with `_BestMatcher`: a document's score is its best sub-query's."""

    def _matcher(self, subs, searcher, context):
        return self._tree_matcher(
            subs,
            _BestMatcher,
            searcher,
            context,
            lambda sub: sub.estimate_size(searcher.reader()),
            tiebreak=0.0,
        )


class PriorBM25F(BM25F):
    """whoosh's BM25F with each score × the prior of the document's type (manifest `priors`),
    and the average field lengths the engine is given (the manifest's, rounded: `export.rounded`)
    in place of whoosh's own."""

    def __init__(self, priors: list[float], average: dict[str, float], **kwargs):
        super().__init__(**kwargs)
        self.priors = priors
        self.average = average

    def supports_block_quality(self):
        return False

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf)
        if not isinstance(scorer, BM25FScorer):
            return scorer
        scorer.avgfl = self.average[fieldname] or 1
        priors, plain = self.priors, scorer.score
        scorer.score = lambda matcher: plain(matcher) * priors[matcher.id()]
        scorer.supports_block_quality = lambda: False
        return scorer


def doc_priors(manifest: dict) -> list[float]:
    runs = manifest["priors"] + [[manifest["docs"], 1.0, ""]]
    return [
        factor
        for (first, factor, _), (end, _, _) in zip(runs, runs[1:], strict=False)
        for _ in range(first, end)
    ]


def titled(searcher, keys: list[str]) -> set[int]:
    """Documents whose title is exactly these keys (search.js `titled`)."""
    found = searcher.docs_for_query(q.And([q.Term("title", k) for k in dict.fromkeys(keys)]))
    reader = searcher.reader()
    return {doc for doc in found if reader.doc_field_length(doc, "title") == len(keys)}


def soft_units(searcher, parts: list[dict], optional: set[str]) -> list[bool]:
    """Which units are scored but not required (search.js `required`)."""
    word = [
        not u["alternatives"] and len(u["words"]) == 1 and u["words"][0]["key"] in optional
        for u in parts
    ]
    places = set(searcher.docs_for_query(q.Term("type", "locality")))
    place = [
        any(
            titled(searcher, [w["key"] for w in words]) & places
            for words in [u["words"], *u["alternatives"]]
        )
        for u in parts
    ]
    soft = [a or b for a, b in zip(word, place, strict=True)]
    if not all(soft):
        return soft
    return [False] * len(parts) if all(word) else word


def reference_search(
    ix,
    text: str,
    lang: str,
    *,
    type: str = "",
    locality: str = "",
    limit: int = 10,
    prefix: bool | None = None,
) -> list[tuple[int, float]]:
    """[(document number, score)] best first, as whoosh ranks them."""
    words = query_words(text, lang, prefix)
    if not words:
        return []
    manifest = ix.manifest
    weighting = PriorBM25F(
        doc_priors(manifest),
        manifest["average_length"],
        B=BM25["B"],
        K1=BM25["K1"],
        **{f"{f}_B": b for f, b in BM25["field_B"].items()},
    )
    with ix.searcher(weighting=weighting) as searcher:
        reader = searcher.reader()
        parts = units(words, manifest.get("aliases", {}), lang)
        is_optional = soft_units(searcher, parts, set(manifest.get("optional", [])))
        clauses = [
            unit_query(reader, u) for u, skip in zip(parts, is_optional, strict=True) if not skip
        ]
        maybe = [unit_query(reader, u) for u, skip in zip(parts, is_optional, strict=True) if skip]
        pairs = q.Or(
            maybe
            + [
                q.Term("pair", f"{a['key']} {b['key']}", boost=BOOSTS["pair"])
                for a, b in zip(words, words[1:], strict=False)
            ]
        )
        place = q.Or([q.Term("places", locality), q.Term("national", "yes")]) if locality else None
        filters = [f for f in (type and q.Term("type", type), place) if f]
        allowed = q.And(filters) if filters else None
        required = q.And(clauses)
        if searcher.search(required, limit=1).is_empty():
            required = q.Or(clauses)
        query = q.AndMaybe(required, pairs) if pairs.subqueries else required
        named: dict[int, float] = {}
        for alternative in parts[0]["alternatives"] if len(parts) == 1 else []:
            named.update(
                dict.fromkeys(titled(searcher, [w["key"] for w in alternative]), WHOLE * SYNONYM)
            )
        named.update(dict.fromkeys(titled(searcher, [w["key"] for w in words]), WHOLE))
        # limit=None scores every match: with a limit, whoosh's shortcuts (block quality,
        # replacing matchers below the N-th score) drop hits that belong in the top N here.
        hits = [
            (hit.docnum, hit.score * named.get(hit.docnum, 1.0))
            for hit in searcher.search(query, limit=None, filter=allowed)
        ]
        hits.sort(key=lambda hit: (-hit[1], hit[0]))
        return hits[:limit]


def records(output: Path, lang: str, hits: list[tuple[int, float]]) -> list[dict]:
    """The display records of ranked hits, as the command line prints them."""
    folder = output / "search" / lang
    runs = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["records"]
    rows = []
    for rank, (doc, score) in enumerate(hits, 1):
        first = record_file(runs, doc)
        record = json.loads((folder / "r" / f"{first}.json").read_text(encoding="utf-8"))[
            doc - first
        ]
        rows.append(
            {
                "rank": rank,
                "doc": doc,
                "score": score,
                "type": record["type"],
                "title": record["title"],
                "url": record["url"],
            }
        )
    return rows
