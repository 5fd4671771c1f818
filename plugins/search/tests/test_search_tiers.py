"""Lists cut in head and tail (`export.tiered`) give the same answers as whole lists.

The fixture site's index is exported again with a head of 8 documents a key, so that most keys
are cut; then many queries (the graded set, the benchmark's, and random words, pairs and triples of
the corpus, typed with and without accents, with filters, as you type, 5, 10 or 50 results) run
through the browser engine twice: as it runs in a browser, loading a key's tail only when the heads
cannot prove the hits, and with every tail loaded. Both must give the same total and the same hits,
scores included; and the first must have done without tails, or with some only, for part of the
queries.
"""

from __future__ import annotations

import json
import random
import subprocess
import unicodedata
from pathlib import Path

import pytest

from bench.relevance import load_set
from bench.search import QUERIES
from plugins.search.entries import encoded
from plugins.search.export import BOOSTS, TITLED, export, value
from plugins.search.reference import open_reference
from plugins.search.search_index import reference_dir
from plugins.search.searchdoc import kept
from plugins.search.terms import FIELDS, WORD, Words
from plugins.search.tests.test_search_export import (
    exported_entries,
    numbers,
    shard_names,
    whole_entry,
    whoosh_entries,
)

COMPARE = Path(__file__).parent / "compare-tiers.mjs"
HEAD = 8


@pytest.fixture(scope="module")
def tiny_heads(search_site, tmp_path_factory) -> Path:
    """The fixture site's index exported again with heads of `HEAD` documents."""
    root = tmp_path_factory.mktemp("tiers")
    for lang in ("vi", "en"):
        folder = search_site / "search" / lang
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        docs = kept(reference_dir(search_site) / lang, manifest["version"])
        assert docs is not None
        words = Words(lang)
        terms = [words.terms(d.title, d.body) for d in docs]

        def write(rel: str, data: str | bytes, key: str = "") -> None:
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode() if isinstance(data, str) else data)

        export(docs, terms, encoded(terms, lang), lang, write, manifest["aliases"], head=HEAD)
    return root


def unaccented(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def queries(site: Path, lang: str, count: int, seed: int) -> list[dict]:
    manifest = json.loads((site / "search" / lang / "manifest.json").read_text(encoding="utf-8"))
    docs = kept(reference_dir(site) / lang, manifest["version"])
    assert docs is not None
    rng = random.Random(seed)
    vocabulary = sorted({w for d in docs for w in WORD.findall(f"{d.title} {d.body}")})
    places = sorted({code for d in docs for code in d.places})
    types = manifest["types"]
    fixed = [e["q"] for e in load_set() if e["lang"] == lang]
    fixed += [query for language, query in QUERIES if language == lang]
    out = []
    for number in range(count):
        if number < len(fixed):
            text = fixed[number]
        else:
            doc = rng.choice(docs)
            words = WORD.findall(f"{doc.title} {doc.body}") or [rng.choice(vocabulary)]
            size = rng.choice([1, 1, 2, 2, 3])
            start = rng.randrange(len(words))
            near = rng.random() < 0.7  # words side by side in a document, or anywhere
            picked = words[start : start + size] if near else rng.sample(vocabulary, size)
            text = " ".join(picked)
        if rng.random() < 0.3:
            text = unaccented(text)
        out.append(
            {
                "query": text,
                "lang": lang,
                "limit": rng.choice([5, 10, 50]),
                "prefix": rng.random() < 0.4,
                "type": rng.choice(types) if rng.random() < 0.15 else "",
                "place": rng.choice(places) if places and rng.random() < 0.15 else "",
            }
        )
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tiered_answers_are_the_whole_lists_answers(search_site, tiny_heads, lang):
    manifest = json.loads(
        (tiny_heads / "search" / lang / "manifest.json").read_text(encoding="utf-8")
    )
    assert manifest["head"]["postings"] == HEAD
    asked = queries(search_site, lang, 300, seed=21)
    done = subprocess.run(
        ["node", str(COMPARE)],
        input=json.dumps({"root": str(tiny_heads), "queries": asked}),
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(done.stdout)
    for query, row in zip(asked, rows, strict=True):
        tiered, whole = row["tiered"], row["whole"]
        assert tiered["total"] == whole["total"], query
        assert [h["doc"] for h in tiered["hits"]] == [h["doc"] for h in whole["hits"]], query
        for mine, theirs in zip(tiered["hits"], whole["hits"], strict=True):
            assert mine["score"] == pytest.approx(theirs["score"], rel=1e-9, abs=1e-12), query
    found = [row for row in rows if row["whole"]["total"]]
    assert len(found) > 150
    # the heads proved the hits of queries whose keys have tails...
    skipped = [row for row in found if row["whole"]["tails"] and not row["tiered"]["tails"]]
    assert len(skipped) >= 10, len(skipped)
    # ...could with some tails only for others...
    partial = [row for row in found if 0 < row["tiered"]["tails"] < row["whole"]["tails"]]
    assert len(partial) >= 5, len(partial)
    # ...and loaded tails for others
    assert any(row["tiered"]["tails"] for row in found)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_heads_and_tails_hold_whoosh_postings_and_bound_the_tails(search_site, tiny_heads, lang):
    """Merged, a cut entry's heads and tails are whoosh's postings; what a tail document can get
    from the key is at most the entry's bound, which a tail document reaches; heads hold the best
    documents and every title of up to `TITLED` terms."""
    with open_reference(search_site, lang).reader() as reader:
        assert exported_entries(tiny_heads, lang) == whoosh_entries(reader, lang)
    folder = tiny_heads / "search" / lang
    stats = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    shards = [
        json.loads((folder / "t" / f"{name}.json").read_text(encoding="utf-8"))
        for name in shard_names(tiny_heads, lang)
    ]
    cut = 0
    for shard in shards:
        for entry in shard.values():
            if len(entry) < 5:
                continue
            cut += 1
            whole = whole_entry(folder, entry)
            best: dict[int, float] = {}
            exact: dict[int, float] = {}
            short = set()
            for slot, field in enumerate(FIELDS):
                lists = list((whole[2] or {}).values()) if slot == 2 else [whole[slot] or []]
                for postings in lists:
                    flat = numbers(postings)
                    df = len(flat) // 3
                    for i in range(0, len(flat), 3):
                        doc, tf, length = flat[i : i + 3]
                        score = BOOSTS[field] * value(
                            tf, length, field, df, stats["docs"], stats["average_length"]
                        )
                        if slot == 2:
                            exact[doc] = max(exact.get(doc, 0.0), score)
                        else:
                            best[doc] = best.get(doc, 0.0) + score
                        if slot == 0 and length <= TITLED:
                            short.add(doc)
            for doc, score in exact.items():
                best[doc] += score
            head = {doc for slot in (0, 1, 3) for doc in numbers(entry[slot] or [])[::3]}
            tail = set(best) - head
            assert tail and short <= head
            assert max(best[doc] for doc in tail) == entry[4]["x"]
            assert all(best[doc] >= entry[4]["x"] for doc in head - short)
            assert len(head) >= HEAD
    assert cut > 100
