"""Export the index as static files the browser engine loads piece by piece.

The files hold what a whoosh index of the documents (`indexer.py`) would hold, computed straight
from each document's terms (`terms.py`, `entries.py`): the same postings and field lengths, and
as average field lengths the exact totals whoosh keeps. `tests/test_search_export.py` compares
them with a whoosh index.

Under `search/<lang>/`:

- `manifest.json` — document count, average field lengths, scoring constants, and the shard
  table: the first key of each shard and its file name. The only file every query loads.
- `t/<hash>.json` — shards of the term dictionary, cut in key order at about `SHARD_BYTES`.
  Each maps a key to `[title, body, exact, pair]` postings; `exact` maps each accented form
  folding to that key to its postings. Postings are flat number lists
  `[doc gap, term frequency, field length, …]`. Names are content hashes: cache them forever.
- `r/<doc>.json` — the display record of one document (URL, title, type, date, place,
  snippet sentences), fetched only for results shown.
- `f/type-<type>.json`, `f/place-<code>.json` — sorted document numbers (gaps) for filters.

Records and filters are fetched with `?v=<manifest version>`, so a new build is never mixed
with an old one in a browser cache. Everything is written with sorted keys: deterministic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from plugins.core.analysis import fold_table

from .entries import dumps
from .terms import FIELDS, DocTerms

SHARD_BYTES = 12_000
BOOSTS = {"title": 3.0, "body": 1.0, "exact": 2.0, "pair": 2.0}
BM25 = {"B": 0.75, "K1": 1.2}  # whoosh's BM25F defaults
# As you type, the last word (from 2 letters on) also matches its 20 commonest longer keys,
# weighted down so that the word as typed ("bán") outranks what it may become ("bàng").
PREFIX = {"min": 2, "expand": 20, "weight": 0.3}

Write = Callable[[str, str], None]  # (path relative to the output root, text)


def export(docs: list, terms: list[DocTerms], parts: dict[str, str], lang: str, write: Write) -> dict:
    """Write the files of `docs` (their terms, their encoded entries) with `write`; return the manifest."""
    folder = f"search/{lang}"
    count = len(docs)
    shards = _write_shards(parts, folder + "/t", write)
    version = hashlib.sha256("".join(name for _key, name in shards).encode() + dumps([d.__dict__ for d in docs]).encode()).hexdigest()[:12]
    manifest = {
        "lang": lang,
        "version": version,
        "docs": count,
        "average_length": {name: sum(t.lengths[slot] for t in terms) / count if count else 0.0 for slot, name in enumerate(FIELDS)},
        "boost": BOOSTS,
        "bm25": BM25,
        "prefix": PREFIX,
        "stem": lang == "en",
        "fold": fold_table(),
        "shards": shards,
        "types": sorted({d.type for d in docs}),
    }
    _write_records(docs, folder + "/r", write)
    _write_filters(docs, folder + "/f", write)
    write(folder + "/manifest.json", dumps(manifest))
    return manifest


def _write_shards(parts: dict[str, str], folder: str, write: Write) -> list[list[str]]:
    shards, batch, size, first = [], [], 0, None
    for key in sorted(parts):
        part = parts[key]
        if batch and size + len(part) > SHARD_BYTES:
            shards.append([first, _write_shard(batch, folder, write)])
            batch, size = [], 0
        if not batch:
            first = key
        batch.append(part)
        size += len(part)
    if batch:
        shards.append([first, _write_shard(batch, folder, write)])
    return shards


def _write_shard(parts: list[str], folder: str, write: Write) -> str:
    text = "{" + ",".join(parts) + "}"
    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    write(f"{folder}/{name}.json", text)
    return name


def _write_records(docs: list, folder: str, write: Write) -> None:
    for number, doc in enumerate(docs):
        record = {"url": doc.url, "title": doc.title, "type": doc.type, "date": doc.date, "place": doc.place_label, "snippet": doc.snippet}
        write(f"{folder}/{number}.json", dumps(record))


def _write_filters(docs: list, folder: str, write: Write) -> None:
    groups: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        groups.setdefault(f"type-{doc.type}", []).append(number)
        for code in doc.places:
            groups.setdefault(f"place-{code}", []).append(number)
    for name, numbers in groups.items():
        gaps = [b - a for a, b in zip([0, *numbers], numbers, strict=False)]
        write(f"{folder}/{name}.json", dumps(gaps))
